using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>Counts of samples by target class (rows) and predicted class (columns).</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    internal ConfusionMatrix(int[,] counts) => _counts = counts;

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
    /// <param name="actual">The target class.</param>
    /// <param name="predicted">The predicted class.</param>
    /// <returns>The count.</returns>
    public int this[int actual, int predicted] => _counts[actual, predicted];

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

    /// <summary>A text table, rows = actual class, columns = predicted class.</summary>
    /// <param name="classNames">Optional names of the classes (default: their indices).</param>
    /// <returns>The table.</returns>
    public string ToTable(IReadOnlyList<string>? classNames = null)
    {
        string Name(int c) => classNames is not null && c < classNames.Count ? classNames[c] : c.ToString(CultureInfo.InvariantCulture);
        var width = Math.Max(6, Enumerable.Range(0, ClassCount).Max(c => Name(c).Length) + 1);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"actual \\ predicted".PadRight(width + 8)}");
        for (var p = 0; p < ClassCount; p++)
        {
            text.Append(Name(p).PadLeft(width));
        }

        text.AppendLine();
        for (var a = 0; a < ClassCount; a++)
        {
            text.Append(Name(a).PadRight(width + 8));
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
}
