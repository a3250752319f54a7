using System.Globalization;

namespace Backprop;

/// <content>Metrics of predicted labels against actual labels, of any label type (scikit-learn's argument order: actual first).</content>
public static partial class Metrics
{
    /// <summary>The (weighted) fraction of samples whose predicted label equals the actual label.</summary>
    /// <typeparam name="TLabel">The label type, compared by <see cref="EqualityComparer{T}.Default"/>.</typeparam>
    /// <param name="actual">The true labels.</param>
    /// <param name="predicted">The predicted labels, one per actual label.</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns><c>Σ wᵢ [predictedᵢ = actualᵢ] / Σ wᵢ</c>, in [0, 1].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0, a label is null or NaN (a NaN prediction is never counted correct: it is refused,
    /// naming its index), or a weight is bad (naming its index and value).
    /// </exception>
    public static double Accuracy<TLabel>(IReadOnlyList<TLabel> actual, IReadOnlyList<TLabel> predicted, IReadOnlyList<double>? sampleWeights = null)
        where TLabel : notnull
    {
        var (_, actualClasses, predictedClasses, weights) = RequireLabels(actual, predicted, null, sampleWeights);
        double correct = 0, total = 0;
        for (var i = 0; i < actualClasses.Length; i++)
        {
            var weight = SampleWeights.Of(weights, i);
            total += weight;
            if (actualClasses[i] == predictedClasses[i])
            {
                correct += weight;
            }
        }

        return correct / total;
    }

    /// <summary>
    /// Precision, recall, F1 score and support per class, their macro and weighted averages and the accuracy
    /// (scikit-learn's <c>classification_report</c>; see <see cref="ClassificationReport{TLabel}"/> for the
    /// zero-division rule).
    /// </summary>
    /// <typeparam name="TLabel">The label type, compared by <see cref="EqualityComparer{T}.Default"/>.</typeparam>
    /// <param name="actual">The true labels.</param>
    /// <param name="predicted">The predicted labels, one per actual label.</param>
    /// <param name="classes">
    /// The classes in the report's order; every label must be one of them. By default the distinct labels of both
    /// lists, sorted (ordinally for strings, by <see cref="Comparer{T}.Default"/> for comparable types, otherwise in
    /// order of first appearance), as scikit-learn's <c>unique_labels</c>.
    /// </param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0; a label is null, NaN or not one of <paramref name="classes"/>; the classes are
    /// empty or repeat one; or a weight is bad.
    /// </exception>
    public static ClassificationReport<TLabel> ClassificationReport<TLabel>(
        IReadOnlyList<TLabel> actual, IReadOnlyList<TLabel> predicted, IReadOnlyList<TLabel>? classes = null, IReadOnlyList<double>? sampleWeights = null)
        where TLabel : notnull
    {
        var (labelClasses, actualClasses, predictedClasses, weights) = RequireLabels(actual, predicted, classes, sampleWeights);
        var count = labelClasses.Count;
        var truePositives = new double[count];
        var predictedAs = new double[count];
        var support = new double[count];
        double correct = 0, total = 0;
        for (var i = 0; i < actualClasses.Length; i++)
        {
            var weight = SampleWeights.Of(weights, i);
            support[actualClasses[i]] += weight;
            predictedAs[predictedClasses[i]] += weight;
            total += weight;
            if (actualClasses[i] == predictedClasses[i])
            {
                truePositives[actualClasses[i]] += weight;
                correct += weight;
            }
        }

        var scores = new ClassScores[count];
        for (var k = 0; k < count; k++)
        {
            scores[k] = new ClassScores(
                Ratio(truePositives[k], predictedAs[k]),
                Ratio(truePositives[k], support[k]),
                Ratio(2 * truePositives[k], predictedAs[k] + support[k]),
                support[k]);
        }

        return new ClassificationReport<TLabel>(labelClasses.Classes, scores, correct / total, weights is not null);
    }

    /// <summary>The confusion matrix of labels: how many samples of each actual class were predicted as each class.</summary>
    /// <typeparam name="TLabel">The label type, compared by <see cref="EqualityComparer{T}.Default"/>.</typeparam>
    /// <param name="actual">The true labels.</param>
    /// <param name="predicted">The predicted labels, one per actual label.</param>
    /// <param name="classes">The classes in row and column order; by default as in <see cref="ClassificationReport{TLabel}"/>.</param>
    /// <returns>The counts; class <c>k</c> is <c>classes[k]</c>, and the table is labelled with the classes' text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0; a label is null, NaN or not one of <paramref name="classes"/>; or the classes are
    /// empty or repeat one.
    /// </exception>
    public static ConfusionMatrix ConfusionMatrix<TLabel>(IReadOnlyList<TLabel> actual, IReadOnlyList<TLabel> predicted, IReadOnlyList<TLabel>? classes = null)
        where TLabel : notnull
    {
        var (labelClasses, actualClasses, predictedClasses, _) = RequireLabels(actual, predicted, classes, null);
        var counts = new int[labelClasses.Count, labelClasses.Count];
        for (var i = 0; i < actualClasses.Length; i++)
        {
            counts[actualClasses[i], predictedClasses[i]]++;
        }

        var names = labelClasses.Classes
            .Select(label => label is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : label.ToString() ?? string.Empty)
            .ToArray();
        return new ConfusionMatrix(counts, names);
    }

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/>, and 0 for 0 / 0 (the zero-division rule).</summary>
    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    private static (LabelClasses<TLabel> Classes, int[] Actual, int[] Predicted, double[]? Weights) RequireLabels<TLabel>(
        IReadOnlyList<TLabel> actual, IReadOnlyList<TLabel> predicted, IReadOnlyList<TLabel>? classes, IReadOnlyList<double>? sampleWeights)
        where TLabel : notnull
    {
        RequirePairs(actual, predicted);
        var labelClasses = LabelClasses<TLabel>.Create(classes, nameof(classes), (actual, nameof(actual)), (predicted, nameof(predicted)));
        var actualClasses = labelClasses.Encode(actual, nameof(actual));
        var predictedClasses = labelClasses.Encode(predicted, nameof(predicted));
        return (labelClasses, actualClasses, predictedClasses, SampleWeights.Require(sampleWeights, actual.Count));
    }

    /// <summary>Both lists given, of the same non-zero length.</summary>
    private static void RequirePairs<TActual, TPredicted>(IReadOnlyList<TActual> actual, IReadOnlyList<TPredicted> predicted, string predictedName = "predicted")
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted, predictedName);
        if (actual.Count == 0)
        {
            throw new ArgumentException("There are no samples (no actual values).", nameof(actual));
        }

        if (predicted.Count != actual.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected {actual.Count} {predictedName} values, one per actual value, but got {predicted.Count}."),
                predictedName);
        }
    }
}
