using System.Globalization;

namespace Backprop;

/// <summary>
/// The classes of a classifier in their documented order, and the map from a label to its class index: sorted
/// ascending when the label type is comparable (strings ordinally, numbers by value, enums by value, false before
/// true), as scikit-learn's <c>classes_</c>; otherwise in order of first appearance.
/// </summary>
/// <typeparam name="TLabel">The label type.</typeparam>
internal sealed class LabelSet<TLabel>
    where TLabel : notnull
{
    private readonly Dictionary<TLabel, int> _index;

    private LabelSet(TLabel[] classes)
    {
        Classes = classes;
        _index = new Dictionary<TLabel, int>(Comparer);
        for (var k = 0; k < classes.Length; k++)
        {
            if (!_index.TryAdd(classes[k], k))
            {
                throw new ArgumentException($"The class '{classes[k]}' appears twice.", nameof(classes));
            }
        }
    }

    /// <summary>How labels are compared: ordinally for strings, by default equality otherwise.</summary>
    public static IEqualityComparer<TLabel> Comparer { get; } =
        typeof(TLabel) == typeof(string) ? (IEqualityComparer<TLabel>)StringComparer.Ordinal : EqualityComparer<TLabel>.Default;

    /// <summary>The classes, in class-index order.</summary>
    public TLabel[] Classes { get; }

    /// <summary>The distinct labels of the training rows, in the documented order.</summary>
    /// <exception cref="ArgumentNullException">A label is null (the message names the row).</exception>
    /// <exception cref="ArgumentException">There are fewer than two distinct labels.</exception>
    public static LabelSet<TLabel> FromLabels(IReadOnlyList<TLabel> labels)
    {
        var seen = new HashSet<TLabel>(Comparer);
        var classes = new List<TLabel>();
        for (var r = 0; r < labels.Count; r++)
        {
            var label = labels[r] ?? throw new ArgumentNullException(nameof(labels), string.Create(CultureInfo.InvariantCulture, $"The label of row {r} is null."));
            if (seen.Add(label))
            {
                classes.Add(label);
            }
        }

        if (classes.Count < 2)
        {
            throw new ArgumentException(
                $"A classifier needs at least two distinct labels, but the {labels.Count} training rows have {(classes.Count == 0 ? "none" : $"only '{classes[0]}'")}.",
                nameof(labels));
        }

        if (typeof(TLabel) == typeof(string))
        {
            classes.Sort((a, b) => string.CompareOrdinal((string)(object)a, (string)(object)b));
        }
        else if (typeof(IComparable<TLabel>).IsAssignableFrom(typeof(TLabel)) || typeof(IComparable).IsAssignableFrom(typeof(TLabel)))
        {
            classes.Sort(Comparer<TLabel>.Default);
        }

        return new LabelSet<TLabel>([.. classes]);
    }

    /// <summary>The given classes in the given order (from a model file).</summary>
    public static LabelSet<TLabel> FromClasses(TLabel[] classes) => new(classes);

    /// <summary>The class index of a label, or −1 when it is not one of the classes.</summary>
    public int IndexOf(TLabel label) => label is not null && _index.TryGetValue(label, out var k) ? k : -1;

    /// <summary>The class index of each label.</summary>
    /// <exception cref="ArgumentException">A label is not one of the classes (the message names the row and the label).</exception>
    public int[] Indices(IReadOnlyList<TLabel> labels, string parameterName)
    {
        var result = new int[labels.Count];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = IndexOf(labels[r]);
            if (result[r] < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The label '{labels[r]}' of row {r} is not one of the model's classes ({string.Join(", ", Classes.Select(c => $"'{c}'"))})."),
                    parameterName);
            }
        }

        return result;
    }
}
