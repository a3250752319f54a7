using System.Globalization;

namespace Backprop;

/// <summary>How much each class counts in a classifier's loss (Keras' <c>class_weight</c>, scikit-learn's <c>class_weight</c>).</summary>
/// <typeparam name="TLabel">The label type.</typeparam>
public sealed class ClassWeights<TLabel>
    where TLabel : notnull
{
    private readonly IReadOnlyDictionary<TLabel, double>? _weights;

    private ClassWeights(IReadOnlyDictionary<TLabel, double>? weights) => _weights = weights;

    /// <summary>
    /// Weights inversely proportional to the class frequencies, as scikit-learn's <c>"balanced"</c>:
    /// <c>w_k = samples / (classes · count_k)</c>, so every class weighs the same in total.
    /// </summary>
    public static ClassWeights<TLabel> Balanced { get; } = new(null);

    /// <summary>True for <see cref="Balanced"/>.</summary>
    public bool IsBalanced => _weights is null;

    /// <summary>Given weights per class; a class not listed weighs 1.</summary>
    /// <param name="weights">Finite, non-negative weights by label.</param>
    /// <returns>The class weights.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">A weight is negative or not finite (the message names its class).</exception>
    public static ClassWeights<TLabel> Of(IReadOnlyDictionary<TLabel, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var copy = new Dictionary<TLabel, double>();
        foreach (var (label, weight) in weights)
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The weight of class '{label}' is {weight}; class weights must be finite and not negative."), nameof(weights));
            }

            copy.Add(label, weight);
        }

        return new ClassWeights<TLabel>(copy);
    }

    /// <summary>The weight of each class, in the order of <paramref name="classes"/>, given each class's training count.</summary>
    /// <exception cref="ArgumentException">A weighted label is not one of the classes.</exception>
    internal double[] Resolve(IReadOnlyList<TLabel> classes, IReadOnlyList<int> counts, IEqualityComparer<TLabel> comparer)
    {
        var result = new double[classes.Count];
        var total = counts.Sum();
        for (var k = 0; k < classes.Count; k++)
        {
            result[k] = _weights is null ? (double)total / (classes.Count * counts[k]) : 1.0;
        }

        if (_weights is not null)
        {
            foreach (var (label, weight) in _weights)
            {
                var k = Enumerable.Range(0, classes.Count).FirstOrDefault(i => comparer.Equals(classes[i], label), -1);
                if (k < 0)
                {
                    throw new ArgumentException(
                        $"ClassWeights names the class '{label}', which is not among the training labels ({string.Join(", ", classes.Select(c => $"'{c}'"))}).", nameof(classes));
                }

                result[k] = weight;
            }
        }

        return result;
    }
}
