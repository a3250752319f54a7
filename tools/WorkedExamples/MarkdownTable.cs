using System.Globalization;
using System.Text;

namespace WorkedExamples;

/// <summary>A GitHub-flavoured markdown table, built row by row; numbers are written by <see cref="Number"/>.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>The shortest text that reads back as exactly <paramref name="value"/> (round-trip), exponent as <c>e-07</c>.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>The numbers, comma-separated, in order.</summary>
    public static string Numbers(IEnumerable<double> values) => string.Join(", ", values.Select(Number));

    /// <summary>Adds a row of cells, one per header.</summary>
    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>The table: the header line, the separator, then one line per row, each ending in a newline.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        text.Append('|').AppendJoin('|', headers.Select(_ => "---")).Append("|\n");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }

        return text.ToString();
    }
}
