using System.Globalization;

namespace Backprop.Data;

/// <summary>A column of a CSV file, chosen by its header name or by its 0-based position.</summary>
public sealed class CsvColumn
{
    private CsvColumn(string? name, int? index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The header name, when the column is chosen by name; otherwise null.</summary>
    public string? Name { get; }

    /// <summary>The 0-based position, when the column is chosen by position; otherwise null.</summary>
    public int? Index { get; }

    /// <summary>The column whose header is exactly <paramref name="name"/> (compared ordinally; the file needs a header row).</summary>
    /// <param name="name">The header text.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static CsvColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new CsvColumn(name, null);
    }

    /// <summary>The column at a 0-based position.</summary>
    /// <param name="index">The position: 0 is the first column.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static CsvColumn At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new CsvColumn(null, index);
    }

    /// <inheritdoc />
    public override string ToString()
        => Name is not null ? $"column '{Name}'" : string.Create(CultureInfo.InvariantCulture, $"column index {Index}");
}
