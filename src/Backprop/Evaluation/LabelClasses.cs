using System.Globalization;

namespace Backprop;

/// <summary>
/// The classes of a list of labels of any type, and each label's class index: the bookkeeping behind the
/// label-level metrics and the stratified splits.
/// </summary>
/// <typeparam name="TLabel">The label type (string, int, enum, bool, …), compared by <see cref="EqualityComparer{T}.Default"/>.</typeparam>
/// <remarks>
/// A null label is refused, and so is a NaN label (a <see cref="double"/> or <see cref="float"/> NaN equals itself
/// under <see cref="EqualityComparer{T}.Default"/>, so counting it would call a NaN prediction of a NaN target correct).
/// </remarks>
internal sealed class LabelClasses<TLabel>
    where TLabel : notnull
{
    private readonly Dictionary<TLabel, int> _index;

    private LabelClasses(TLabel[] classes)
    {
        Classes = Array.AsReadOnly(classes);
        _index = new Dictionary<TLabel, int>(classes.Length);
        for (var k = 0; k < classes.Length; k++)
        {
            _index.Add(classes[k], k);
        }
    }

    /// <summary>The classes, in class-index order.</summary>
    public IReadOnlyList<TLabel> Classes { get; }

    /// <summary>The number of classes.</summary>
    public int Count => Classes.Count;

    /// <summary>
    /// The given classes (checked: at least one, none null or NaN, no two equal), or else the distinct labels of
    /// <paramref name="lists"/> sorted (ordinally for strings, by <see cref="Comparer{T}.Default"/> when the type is
    /// comparable; otherwise in order of first appearance).
    /// </summary>
    public static LabelClasses<TLabel> Create(IReadOnlyList<TLabel>? classes, string classesName, params (IReadOnlyList<TLabel> Labels, string Name)[] lists)
    {
        if (classes is not null)
        {
            if (classes.Count == 0)
            {
                throw new ArgumentException("The class list is empty; give at least one class, or null for the labels' own classes.", classesName);
            }

            var given = new TLabel[classes.Count];
            var seen = new Dictionary<TLabel, int>(classes.Count);
            for (var k = 0; k < given.Length; k++)
            {
                given[k] = RequireLabel(classes[k], classesName, k);
                if (!seen.TryAdd(given[k], k))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"{classesName}[{seen[given[k]]}] and {classesName}[{k}] are both {Show(given[k])}; classes must be distinct."),
                        classesName);
                }
            }

            return new LabelClasses<TLabel>(given);
        }

        var ordered = Distinct(lists);
        if (typeof(TLabel) == typeof(string))
        {
            Array.Sort((string[])(object)ordered, StringComparer.Ordinal);
        }
        else if (typeof(IComparable<TLabel>).IsAssignableFrom(typeof(TLabel)) || typeof(IComparable).IsAssignableFrom(typeof(TLabel)))
        {
            Array.Sort(ordered, Comparer<TLabel>.Default);
        }

        return new LabelClasses<TLabel>(ordered);
    }

    /// <summary>The distinct labels in order of first appearance (for the stratified splits, which need no sorting).</summary>
    public static LabelClasses<TLabel> CreateInOrderOfAppearance(IReadOnlyList<TLabel> labels, string parameterName)
        => new(Distinct((labels, parameterName)));

    /// <summary>Each label's class index; throws <see cref="ArgumentException"/> naming the first null, NaN or unknown label.</summary>
    public int[] Encode(IReadOnlyList<TLabel> labels, string parameterName)
    {
        var indices = new int[labels.Count];
        for (var i = 0; i < indices.Length; i++)
        {
            var label = RequireLabel(labels[i], parameterName, i);
            if (!_index.TryGetValue(label, out indices[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{parameterName}[{i}] is {Show(label)}, which is not one of the {Count} classes ({string.Join(", ", Classes.Take(10).Select(Show))}{(Count > 10 ? ", …" : string.Empty)})."),
                    parameterName);
            }
        }

        return indices;
    }

    /// <summary>A label as a message shows it: strings quoted, numbers culture-invariant.</summary>
    public static string Show(TLabel label)
        => label switch
        {
            string text => $"'{text}'",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => label?.ToString() ?? "null",
        };

    private static TLabel[] Distinct(params (IReadOnlyList<TLabel> Labels, string Name)[] lists)
    {
        var distinct = new List<TLabel>();
        var found = new HashSet<TLabel>();
        foreach (var (labels, name) in lists)
        {
            ArgumentNullException.ThrowIfNull(labels, name);
            for (var i = 0; i < labels.Count; i++)
            {
                var label = RequireLabel(labels[i], name, i);
                if (found.Add(label))
                {
                    distinct.Add(label);
                }
            }
        }

        return distinct.ToArray();
    }

    private static TLabel RequireLabel(TLabel label, string parameterName, int index)
    {
        if (label is null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{parameterName}[{index}] is null; a label must be a value."), parameterName);
        }

        if ((label is double d && double.IsNaN(d)) || (label is float f && float.IsNaN(f)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{parameterName}[{index}] is NaN; a NaN label has no class (a NaN prediction is never counted correct)."),
                parameterName);
        }

        return label;
    }
}
