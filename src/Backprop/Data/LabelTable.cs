using System.Globalization;

namespace Backprop.Data;

/// <summary>
/// The classes of a CSV file as its labels are read: a label's text (a span of the parser's buffer) is looked up
/// without making a string, and only a new class's name is kept, so reading labels allocates per class, not per row.
/// Either a given list (a label not in it is refused) or the distinct labels in order of appearance, at most a limit.
/// </summary>
internal sealed class LabelTable
{
    private readonly Dictionary<int, List<int>> _byHash = [];
    private readonly int _maxClasses;

    /// <summary>Distinct labels as they appear, at most <paramref name="maxClasses"/>.</summary>
    public LabelTable(int maxClasses) => _maxClasses = maxClasses;

    /// <summary>The given class names, in target-row order.</summary>
    /// <exception cref="ArgumentException">The list is empty, or a name is null or repeated.</exception>
    public LabelTable(IReadOnlyList<string> given, string parameterName)
    {
        if (given.Count == 0)
        {
            throw new ArgumentException("CsvOptions.Classes is empty; give the class names or leave it null.", parameterName);
        }

        for (var k = 0; k < given.Count; k++)
        {
            if (given[k] is not { } name || Find(name) >= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"CsvOptions.Classes has a null or repeated name at index {k}."), parameterName);
            }

            Add(name);
        }

        IsGiven = true;
        _maxClasses = given.Count;
    }

    /// <summary>True when the classes were given rather than found.</summary>
    public bool IsGiven { get; }

    /// <summary>The class names by index (order of appearance, or the given order).</summary>
    public List<string> Names { get; } = [];

    /// <summary>The class index of a label, adding it when the classes are found from the file; or -1 and the problem.</summary>
    public int Classify(ReadOnlySpan<char> label, out string? problem)
    {
        problem = null;
        if (label.IsEmpty)
        {
            problem = "the label is empty.";
            return -1;
        }

        var index = Find(label);
        if (index >= 0)
        {
            return index;
        }

        if (IsGiven)
        {
            problem = $"the label {CsvDataset.Quote(label.ToString())} is not one of the classes in CsvOptions.Classes ({string.Join(", ", Names.Select(CsvDataset.Quote))}).";
            return -1;
        }

        if (Names.Count == _maxClasses)
        {
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"the label {CsvDataset.Quote(label.ToString())} would be class {_maxClasses + 1}, more than the limit of {_maxClasses} (CsvOptions.MaxClasses).");
            return -1;
        }

        return Add(label.ToString());
    }

    private int Find(ReadOnlySpan<char> label)
    {
        if (_byHash.TryGetValue(string.GetHashCode(label, StringComparison.Ordinal), out var candidates))
        {
            foreach (var k in candidates)
            {
                if (label.SequenceEqual(Names[k]))
                {
                    return k;
                }
            }
        }

        return -1;
    }

    private int Add(string name)
    {
        var hash = string.GetHashCode(name, StringComparison.Ordinal);
        if (!_byHash.TryGetValue(hash, out var candidates))
        {
            candidates = [];
            _byHash.Add(hash, candidates);
        }

        candidates.Add(Names.Count);
        Names.Add(name);
        return Names.Count - 1;
    }
}
