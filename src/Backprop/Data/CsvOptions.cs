namespace Backprop.Data;

/// <summary>How <see cref="CsvDataset"/> reads a CSV file.</summary>
public sealed class CsvOptions
{
    private readonly char _separator = ',';

    /// <summary>The field separator; <c>','</c> by default (<c>';'</c> and <c>'\t'</c> are common too). Numbers always use <c>'.'</c> as the decimal point.</summary>
    /// <exception cref="ArgumentException">The value is a double quote, CR or LF.</exception>
    public char Separator
    {
        get => _separator;
        init => _separator = value is '"' or '\r' or '\n'
            ? throw new ArgumentException($"The separator cannot be a double quote, CR or LF (got U+{(int)value:X4}).", nameof(value))
            : value;
    }

    /// <summary>
    /// Whether the first record is a header of column names (true by default). Without one, columns are named
    /// <c>"column 0"</c>, <c>"column 1"</c>, … and can only be chosen by <see cref="CsvColumn.At(int)"/>.
    /// </summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// For classification, the class names in target-row order. Give them when files are loaded separately
    /// (training and test) so both get the same mapping; a label not in the list is an error. When null, the
    /// classes are the distinct labels of the file, sorted numerically when every label is a number and
    /// ordinally otherwise.
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }
}
