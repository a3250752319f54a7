using System.Globalization;

namespace TwoTwoOne;

/// <summary>
/// Prints rows of "quantity | library | expected | relative difference | ✓" and counts the values that miss
/// the expected one by more than the relative tolerance (so 1e-12 means "12 significant digits agree").
/// </summary>
internal sealed class ComparisonTable(double relativeTolerance)
{
    /// <summary>The number of rows that had an expected value.</summary>
    public int Checked { get; private set; }

    /// <summary>The number of rows whose value missed the expected one.</summary>
    public int Failures { get; private set; }

    /// <summary>Round-trip ("R") formatting: the printed digits read back as the same double.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Prints a section title and the column headers.</summary>
    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(new string('─', title.Length));
        Console.WriteLine(Columns("quantity", "library", "expected", "rel.diff", "1e-12"));
    }

    /// <summary>Prints one value; compares it with <paramref name="expected"/> when there is one.</summary>
    public void Row(string quantity, double actual, double? expected)
    {
        string expectedText = "—", difference = "", verdict = "";
        if (expected is { } value)
        {
            var relative = Math.Abs(actual - value) / Math.Abs(value);
            var matches = relative <= relativeTolerance;
            Checked++;
            Failures += matches ? 0 : 1;
            expectedText = Format(value);
            difference = relative.ToString("0.0E+0", CultureInfo.InvariantCulture);
            verdict = matches ? "✓" : "✗ MISMATCH";
        }

        Console.WriteLine(Columns(quantity, Format(actual), expectedText, difference, verdict));
    }

    private static string Columns(string quantity, string actual, string expected, string difference, string verdict)
        => $"  {quantity,-30} {actual,-24} {expected,-24} {difference,-9} {verdict}".TrimEnd();
}
