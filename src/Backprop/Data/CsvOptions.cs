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

    /// <summary>The default limit on the text: 256 Mi characters (bytes, for ASCII files).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>The default limit on data rows: 10 million.</summary>
    public const int DefaultMaxRows = 10_000_000;

    /// <summary>The default limit on columns: 100,000.</summary>
    public const int DefaultMaxColumns = 100_000;

    /// <summary>The default limit on one field: 4,096 characters.</summary>
    public const int DefaultMaxFieldLength = 4096;

    /// <summary>The default limit on distinct classes: 10,000.</summary>
    public const int DefaultMaxClasses = 10_000;

    private readonly long _maxBytes = DefaultMaxBytes;
    private readonly int _maxRows = DefaultMaxRows;
    private readonly int _maxColumns = DefaultMaxColumns;
    private readonly int _maxFieldLength = DefaultMaxFieldLength;
    private readonly int _maxClasses = DefaultMaxClasses;

    /// <summary>
    /// The most characters read (for a UTF-8 file of ASCII text, bytes; default <see cref="DefaultMaxBytes"/>). A longer
    /// text is refused with <see cref="InvalidDataException"/> after reading at most this many plus one read buffer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public long MaxBytes
    {
        get => _maxBytes;
        init => _maxBytes = Positive(value);
    }

    /// <summary>The most data rows (not counting the header; default <see cref="DefaultMaxRows"/>); one more is refused.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxRows
    {
        get => _maxRows;
        init => _maxRows = (int)Positive(value);
    }

    /// <summary>The most fields in a record (default <see cref="DefaultMaxColumns"/>); a record with more is refused at the first one too many.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 2 (a label and a feature).</exception>
    public int MaxColumns
    {
        get => _maxColumns;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            _maxColumns = value;
        }
    }

    /// <summary>The most characters in one field, quotes excluded (default <see cref="DefaultMaxFieldLength"/>); a longer field is refused at the first character too many.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxFieldLength
    {
        get => _maxFieldLength;
        init => _maxFieldLength = (int)Positive(value);
    }

    /// <summary>
    /// For classification, the most distinct classes (default <see cref="DefaultMaxClasses"/>); a label that would be
    /// one more is refused as it is read. The one-hot targets (classes × rows) must also fit one array.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxClasses
    {
        get => _maxClasses;
        init => _maxClasses = (int)Positive(value);
    }

    private static long Positive(long value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        return value;
    }
}
