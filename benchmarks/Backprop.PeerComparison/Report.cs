using System.Globalization;

namespace Backprop.PeerComparison;

/// <summary>
/// The program's output: one figure per line, <c>name&lt;TAB&gt;value&lt;TAB&gt;unit</c>, and one line per equality
/// check, <c>check.name&lt;TAB&gt;PASS|FAIL&lt;TAB&gt;detail</c>, on standard output; progress notes on standard error.
/// </summary>
internal static class Report
{
    public static bool AnyCheckFailed { get; private set; }

    public static void Figure(string name, double value, string unit, string format = "0.###")
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{value.ToString(format, CultureInfo.InvariantCulture)}\t{unit}"));

    /// <summary>Prints a check line; PASS when the largest absolute difference is at most the tolerance.</summary>
    public static bool Check(string name, double maxAbsoluteDifference, double tolerance)
    {
        var pass = maxAbsoluteDifference <= tolerance;
        AnyCheckFailed |= !pass;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"check.{name}\t{(pass ? "PASS" : "FAIL")}\tmax_abs_diff={maxAbsoluteDifference:0.##E+00} tol={tolerance:0E+00}"));
        return pass;
    }

    public static void Note(string text) => Console.Error.WriteLine("# " + text);

    /// <summary>The largest absolute difference between two equally long parameter lists (infinity if the lengths differ).</summary>
    public static double MaxAbsoluteDifference(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        if (first.Count != second.Count)
        {
            return double.PositiveInfinity;
        }

        var max = 0.0;
        for (var i = 0; i < first.Count; i++)
        {
            var difference = Math.Abs(first[i] - second[i]);
            if (double.IsNaN(difference))
            {
                return double.PositiveInfinity;
            }

            max = Math.Max(max, difference);
        }

        return max;
    }

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
