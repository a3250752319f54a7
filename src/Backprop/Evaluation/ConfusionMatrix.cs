using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>Counts of samples by target class (rows) and predicted class (columns).</summary>
public sealed class ConfusionMatrix
{
    /// <summary>The text in the table's top-left corner, above the row labels and left of the column labels.</summary>
    private const string Corner = "actual \\ predicted";

    private readonly int[,] _counts;
    private readonly string[]? _classNames;

    internal ConfusionMatrix(int[,] counts, string[]? classNames = null)
    {
        _counts = counts;
        _classNames = classNames;
    }

    /// <summary>
    /// The names of the classes when the matrix was made from labels (their text, by class index); null when the
    /// classes are output indices.
    /// </summary>
    public IReadOnlyList<string>? ClassNames => _classNames is null ? null : Array.AsReadOnly(_classNames);

    /// <summary>The number of classes.</summary>
    public int ClassCount => _counts.GetLength(0);

    /// <summary>The number of samples counted.</summary>
    public int Total
    {
        get
        {
            var total = 0;
            foreach (var count in _counts)
            {
                total += count;
            }

            return total;
        }
    }

    /// <summary>The number of samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    /// <param name="actual">The target class, 0 to <see cref="ClassCount"/> − 1.</param>
    /// <param name="predicted">The predicted class, 0 to <see cref="ClassCount"/> − 1.</param>
    /// <returns>The count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A class is negative or not below <see cref="ClassCount"/>.</exception>
    public int this[int actual, int predicted]
    {
        get
        {
            RequireClass(actual, nameof(actual));
            RequireClass(predicted, nameof(predicted));
            return _counts[actual, predicted];
        }
    }

    /// <summary>The fraction of samples on the diagonal.</summary>
    public double Accuracy
    {
        get
        {
            var diagonal = 0;
            for (var c = 0; c < ClassCount; c++)
            {
                diagonal += _counts[c, c];
            }

            return Total == 0 ? 0 : (double)diagonal / Total;
        }
    }

    /// <summary>
    /// A text table, rows = actual class, columns = predicted class: a header line, then one line per class. The row
    /// labels are left-aligned in a column two characters wider than the longest of the corner text
    /// (<c>actual \ predicted</c>) and the names; every other column is one character wider than the longest name
    /// or count (at least 6), right-aligned, so a count stands under its class's name.
    /// </summary>
    /// <param name="classNames">Optional names of the classes, one per class (default: <see cref="ClassNames"/>, or else the indices).</param>
    /// <returns>The table, each line ended by <see cref="Environment.NewLine"/>.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="classNames"/> has not <see cref="ClassCount"/> names, or one of them is null.
    /// </exception>
    public string ToTable(IReadOnlyList<string>? classNames = null)
    {
        if (classNames is not null)
        {
            if (classNames.Count != ClassCount)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Expected {ClassCount} class names, one per class, but got {classNames.Count}."),
                    nameof(classNames));
            }

            for (var c = 0; c < classNames.Count; c++)
            {
                if (classNames[c] is null)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The name of class {c} is null."), nameof(classNames));
                }
            }
        }

        classNames ??= _classNames;
        string Name(int c) => classNames?[c] ?? c.ToString(CultureInfo.InvariantCulture);
        var names = Enumerable.Range(0, ClassCount).Select(Name).ToArray();
        var longestCount = 1;
        foreach (var count in _counts)
        {
            longestCount = Math.Max(longestCount, count.ToString(CultureInfo.InvariantCulture).Length);
        }

        var labelWidth = Math.Max(Corner.Length, names.Max(name => name.Length)) + 2;
        var width = Math.Max(6, Math.Max(names.Max(name => name.Length), longestCount) + 1);
        var text = new StringBuilder();
        text.Append(Corner.PadRight(labelWidth));
        foreach (var name in names)
        {
            text.Append(name.PadLeft(width));
        }

        text.AppendLine();
        for (var a = 0; a < ClassCount; a++)
        {
            text.Append(names[a].PadRight(labelWidth));
            for (var p = 0; p < ClassCount; p++)
            {
                text.Append(_counts[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToTable();

    private void RequireClass(int value, string parameterName)
    {
        if ((uint)value >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, value, string.Create(CultureInfo.InvariantCulture, $"A class is 0 to {ClassCount - 1}, but {parameterName} is {value}."));
        }
    }
}
