using System.Globalization;
using System.Text;

namespace Regression;

/// <summary>
/// A character plot of a target curve (<c>·</c>) and a fit (<c>o</c>; <c>*</c> where both fall in one cell), one
/// sample per column, for consoles without an image viewer.
/// </summary>
internal static class AsciiPlot
{
    /// <summary>Draws both functions over [<paramref name="from"/>, <paramref name="to"/>] on a <paramref name="width"/> × <paramref name="height"/> grid.</summary>
    public static string Render(Func<double, double> target, Func<double, double> fit, double from, double to, int width, int height)
    {
        double[] x = [.. Enumerable.Range(0, width).Select(c => from + ((to - from) * c / (width - 1)))];
        double[] expected = [.. x.Select(target)];
        double[] actual = [.. x.Select(fit)];
        var low = Math.Min(expected.Min(), actual.Min());
        var high = Math.Max(expected.Max(), actual.Max());
        int Row(double value) => (int)Math.Round((high - value) / (high - low) * (height - 1));

        var cells = new char[height, width];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                cells[r, c] = r == Row(0) ? '-' : ' ';
            }
        }

        for (var c = 0; c < width; c++)
        {
            cells[Row(expected[c]), c] = '·';
            ref var cell = ref cells[Row(actual[c]), c];
            cell = cell == '·' ? '*' : 'o';
        }

        var text = new StringBuilder();
        for (var r = 0; r < height; r++)
        {
            var label = r == 0 ? high : r == height - 1 ? low : r == Row(0) ? 0 : double.NaN;
            text.Append(double.IsNaN(label) ? "      " : label.ToString("+0.00;-0.00; 0.00", CultureInfo.InvariantCulture).PadLeft(5) + " ");
            text.Append('|');
            for (var c = 0; c < width; c++)
            {
                text.Append(cells[r, c]);
            }

            text.AppendLine();
        }

        text.Append(' ', 7).Append(from.ToString("F2", CultureInfo.InvariantCulture));
        text.Append(to.ToString("F2", CultureInfo.InvariantCulture).PadLeft(width - 5)).AppendLine();
        text.Append("  · target only   o network only   * both in the same cell");
        return text.ToString();
    }
}
