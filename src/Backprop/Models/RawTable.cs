using System.Globalization;

namespace Backprop;

/// <summary>
/// Rows of raw feature values before preprocessing, one array per row: a number, NaN for a missing value, or the
/// category index of a text cell. Knows where each row came from, for messages.
/// </summary>
internal sealed class RawTable
{
    public RawTable(string[] names, double[][] rows, string[]?[] textCategories, int[]? lines = null, string? source = null)
    {
        Names = names;
        Rows = rows;
        TextCategories = textCategories;
        Lines = lines;
        Source = source;
    }

    /// <summary>The column names.</summary>
    public string[] Names { get; }

    /// <summary>The rows.</summary>
    public double[][] Rows { get; }

    /// <summary>Per column, the texts of a text column's categories (index = the raw value), or null.</summary>
    public string[]?[] TextCategories { get; }

    /// <summary>The CSV line of each row, when read from CSV.</summary>
    public int[]? Lines { get; }

    /// <summary>The CSV source's name, when read from CSV.</summary>
    public string? Source { get; }

    /// <summary>The names <c>"column 0"</c>, <c>"column 1"</c>, … of unnamed columns.</summary>
    public static string[] DefaultNames(int count)
        => [.. Enumerable.Range(0, count).Select(c => string.Create(CultureInfo.InvariantCulture, $"column {c}"))];

    /// <summary>A table of rows given as arrays, checked to be rectangular.</summary>
    /// <exception cref="ArgumentException">There are no rows, a row is null or empty, or rows differ in length (the message names the row).</exception>
    public static RawTable FromRows(IReadOnlyList<double[]> rows, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(rows, parameterName);
        if (rows.Count == 0)
        {
            throw new ArgumentException("There are no rows to fit on.", parameterName);
        }

        var width = rows[0]?.Length ?? 0;
        var copy = new double[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {r} is null."), parameterName);
            if (row.Length != width || width == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Row {r} has {row.Length} values but row 0 has {width}; every row needs the same number of features (at least one)."),
                    parameterName);
            }

            copy[r] = [.. row];
        }

        return new RawTable(DefaultNames(width), copy, new string[]?[width]);
    }

    /// <summary>"row 6" or, from a CSV file, "'file' line 7 (row 6)"; then the column.</summary>
    public string Where(int row, int column)
        => Lines is null
            ? string.Create(CultureInfo.InvariantCulture, $"row {row}, column '{Names[column]}' (index {column})")
            : string.Create(CultureInfo.InvariantCulture, $"{Source} line {Lines[row]} (row {row + 1}), column '{Names[column]}' (index {column})");
}
