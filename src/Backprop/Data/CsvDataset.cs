using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Loads tabular data from CSV (RFC 4180: quoted fields with separators, line breaks and doubled quotes
/// inside; CRLF or LF line ends): one row per sample, one column the label or target, every other column a
/// numeric feature.
/// </summary>
/// <remarks>
/// The result follows the library's convention of one column per sample: inputs are <c>features × samples</c>
/// with the features in file order. Numbers are parsed with the invariant culture (<c>1.5</c>, <c>-2e-3</c>);
/// NaN and infinities are refused. Malformed data throws <see cref="InvalidDataException"/> whose message
/// names the source, the line, the data row (1-based, not counting the header), the column and the text.
/// A file sorted by class is fine: <see cref="LabeledDataset{T}.Split(double, int)"/> shuffles.
/// </remarks>
public static class CsvDataset
{
    private const int MaxQuotedText = 40;

    /// <summary>Loads a CSV file for classification: the label column's text names each sample's class.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The file (UTF-8, with or without a byte-order mark).</param>
    /// <param name="label">The column holding the class label.</param>
    /// <param name="options">The separator, header and class list; defaults when null.</param>
    /// <returns>Inputs <c>features × samples</c>, one-hot targets <c>classes × samples</c>, labels and class names (see <see cref="CsvOptions.Classes"/> for their order).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or the label column is not in the file (the message lists the columns).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path names a directory, a FIFO, a device or a socket rather than a regular file (refused before it is opened).</exception>
    /// <exception cref="InvalidDataException">The file is malformed: not valid UTF-8, a NUL character, bad quoting, no data rows, no feature column, a row with another field count, a feature that is not a finite number, an empty label, a label not in <see cref="CsvOptions.Classes"/>, or a limit of <see cref="CsvOptions"/> exceeded (size, rows, columns, field length, classes, or one-hot targets of more than <see cref="Array.MaxLength"/> values).</exception>
    public static LabeledDataset<T> LoadClassification<T>(string path, CsvColumn label, CsvOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = OpenText(path);
        return Decoding(path, () => ReadClassification<T>(reader, label, options, path));
    }

    /// <summary>Reads CSV text for classification (see <see cref="LoadClassification{T}"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="label">The column holding the class label.</param>
    /// <param name="options">The separator, header and class list; defaults when null.</param>
    /// <param name="sourceName">The name used in error messages; by default "the CSV text".</param>
    /// <returns>Inputs <c>features × samples</c>, one-hot targets <c>classes × samples</c>, labels and class names.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException">The label column is not in the text, or <see cref="CsvOptions.Classes"/> is empty or repeats a name.</exception>
    /// <exception cref="InvalidDataException">The text is malformed (see <see cref="LoadClassification{T}"/>).</exception>
    public static LabeledDataset<T> ReadClassification<T>(TextReader reader, CsvColumn label, CsvOptions? options = null, string? sourceName = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        options ??= new CsvOptions();
        var classes = options.Classes is { } given ? new LabelTable(given, nameof(options)) : new LabelTable(options.MaxClasses);
        var table = Table<T>.Read(reader, label, options, sourceName, nameof(label), classes);
        var (classNames, labels) = Classify(table, classes);
        if ((long)classNames.Count * labels.Length > Array.MaxLength)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"{table.Subject} has {classNames.Count} classes and {labels.Length} rows: one-hot targets of {(long)classNames.Count * labels.Length} values do not fit one array (at most {Array.MaxLength})."));
        }

        var targets = LabeledDataset<T>.OneHot(labels, classNames.Count);
        return new LabeledDataset<T>(table.Inputs, targets, labels, classNames, table.FeatureNames);
    }

    /// <summary>Loads a CSV file for regression: the target column holds a number per sample.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The file (UTF-8, with or without a byte-order mark).</param>
    /// <param name="target">The column holding the numeric target.</param>
    /// <param name="options">The separator and header; defaults when null (<see cref="CsvOptions.Classes"/> is ignored).</param>
    /// <returns>Inputs <c>features × samples</c> and targets <c>1 × samples</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or the target column is not in the file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path names a directory, a FIFO, a device or a socket rather than a regular file (refused before it is opened).</exception>
    /// <exception cref="InvalidDataException">The file is malformed: not valid UTF-8, a NUL character, bad quoting, no data rows, no feature column, a row with another field count, a feature or target that is not a finite number, or a limit of <see cref="CsvOptions"/> exceeded.</exception>
    public static RegressionDataset<T> LoadRegression<T>(string path, CsvColumn target, CsvOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = OpenText(path);
        return Decoding(path, () => ReadRegression<T>(reader, target, options, path));
    }

    /// <summary>Reads CSV text for regression (see <see cref="LoadRegression{T}"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="target">The column holding the numeric target.</param>
    /// <param name="options">The separator and header; defaults when null.</param>
    /// <param name="sourceName">The name used in error messages; by default "the CSV text".</param>
    /// <returns>Inputs <c>features × samples</c> and targets <c>1 × samples</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException">The target column is not in the text.</exception>
    /// <exception cref="InvalidDataException">The text is malformed (see <see cref="LoadRegression{T}"/>).</exception>
    public static RegressionDataset<T> ReadRegression<T>(TextReader reader, CsvColumn target, CsvOptions? options = null, string? sourceName = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        options ??= new CsvOptions();
        var table = Table<T>.Read(reader, target, options, sourceName, nameof(target), classes: null);
        var targets = Matrix<T>.Build.Dense(1, table.RowCount, table.Targets!.ToArray());
        return new RegressionDataset<T>(table.Inputs, targets, table.FeatureNames, [table.ColumnNames[table.LabelIndex]]);
    }

    /// <summary>The class names in target-row order and each row's class: the given list, or the distinct labels sorted.</summary>
    private static (ReadOnlyCollection<string> ClassNames, int[] Labels) Classify<T>(Table<T> table, LabelTable classes)
        where T : struct, IFloatingPointIeee754<T>
    {
        var labels = table.Labels!.ToArray();
        if (classes.IsGiven)
        {
            return (Array.AsReadOnly(classes.Names.ToArray()), labels);
        }

        var classNames = classes.Names.ToArray();
        var numbers = new double[classNames.Length];
        var allNumeric = true;
        for (var k = 0; k < classNames.Length && allNumeric; k++)
        {
            allNumeric = double.TryParse(classNames[k], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[k]) && double.IsFinite(numbers[k]);
        }

        // "2" before "10": numeric labels sort by value (then by text, so "1" and "1.0" stay distinct and ordered).
        var order = allNumeric
            ? [.. Enumerable.Range(0, classNames.Length).OrderBy(k => numbers[k]).ThenBy(k => classNames[k], StringComparer.Ordinal)]
            : Enumerable.Range(0, classNames.Length).OrderBy(k => classNames[k], StringComparer.Ordinal).ToArray();
        var rank = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            rank[order[k]] = k;
        }

        for (var r = 0; r < labels.Length; r++)
        {
            labels[r] = rank[labels[r]];
        }

        return (Array.AsReadOnly(order.Select(k => classNames[k]).ToArray()), labels);
    }

    private static StreamReader OpenText(string path)
        => new(RegularFile.OpenRead(path, bufferSize: 1 << 16), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);

    /// <summary>Runs a read, turning the decoder's refusal of invalid UTF-8 into the loaders' documented exception.</summary>
    private static TResult Decoding<TResult>(string path, Func<TResult> read)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException exception)
        {
            // Replacing bad bytes by U+FFFD could merge distinct labels: refuse instead.
            throw new InvalidDataException($"'{path}' is not valid UTF-8 ({exception.Message}); save it as UTF-8.", exception);
        }
    }

    internal static string Quote(string text)
        => text.Length <= MaxQuotedText ? $"'{text}'" : $"'{text[..MaxQuotedText]}…' ({text.Length} characters)";

    /// <summary>
    /// The text read field by field: the header resolved, the label column found, every feature parsed into a chunked
    /// buffer as it arrives (so no row is kept as text), and labels mapped to class indices or targets parsed.
    /// </summary>
    private sealed class Table<T> : ICsvSink
        where T : struct, IFloatingPointIeee754<T>
    {
        private readonly CsvOptions _options;
        private readonly CsvColumn _column;
        private readonly string _columnParameter;
        private readonly LabelTable? _classes;
        private readonly ChunkedBuffer<T> _features = new();
        private readonly List<string> _header = [];
        private string[]? _columnNames;
        private int _records;
        private int _labelIndex = -1;

        private Table(string subject, CsvOptions options, CsvColumn column, string columnParameter, LabelTable? classes)
        {
            Subject = subject;
            _options = options;
            _column = column;
            _columnParameter = columnParameter;
            _classes = classes;
            if (classes is null)
            {
                Targets = new ChunkedBuffer<T>();
            }
            else
            {
                Labels = new ChunkedBuffer<int>();
            }
        }

        public string Subject { get; }

        public int RowCount { get; private set; }

        public ChunkedBuffer<int>? Labels { get; }

        public ChunkedBuffer<T>? Targets { get; }

        public string[] ColumnNames => _columnNames!;

        public int LabelIndex => _labelIndex;

        public ReadOnlyCollection<string> FeatureNames { get; private set; } = Array.AsReadOnly(Array.Empty<string>());

        public Matrix<T> Inputs { get; private set; } = null!;

        private string Origin => _options.HasHeader ? "the header" : "the first row";

        public static Table<T> Read(TextReader reader, CsvColumn column, CsvOptions options, string? sourceName, string columnParameter, LabelTable? classes)
        {
            ArgumentNullException.ThrowIfNull(reader);
            ArgumentNullException.ThrowIfNull(column, columnParameter);
            var subject = sourceName is null ? "the CSV text" : $"'{sourceName}'";
            if (!options.HasHeader && column.Name is { } name)
            {
                throw new ArgumentException(
                    $"The {columnParameter} column is named '{name}', but {subject} is read without a header (CsvOptions.HasHeader is false); choose it with CsvColumn.At.",
                    columnParameter);
            }

            var table = new Table<T>(subject, options, column, columnParameter, classes);
            CsvParser.Parse(reader, options, subject, table);
            if (table._records == 0)
            {
                throw new InvalidDataException($"{subject} is empty: it has no {(options.HasHeader ? "header" : "rows")}.");
            }

            if (table.RowCount == 0)
            {
                throw new InvalidDataException($"{subject} has a header but no data rows.");
            }

            var features = table.ColumnNames.Length - 1;
            table.Inputs = Matrix<T>.Build.Dense(features, table.RowCount, table._features.ToArray());
            return table;
        }

        public void Field(ReadOnlySpan<char> text, int column, int line)
        {
            if (_records == 0 && _options.HasHeader)
            {
                _header.Add(text.ToString());
                return;
            }

            if (_records == 0 && !_options.HasHeader)
            {
                _labelIndex = _column.Index!.Value;
            }

            if (column >= ColumnCountSoFar())
            {
                return; // too many fields: refused with the exact count at the end of the record
            }

            var row = RowCount;
            if (column == _labelIndex)
            {
                if (_classes is not null)
                {
                    var index = _classes.Classify(text, out var problem);
                    Labels!.Add(index >= 0 ? index : throw new InvalidDataException($"{Where(row, column, line)}: {problem}"));
                }
                else
                {
                    Targets!.Add(Number(text, row, column, line));
                }
            }
            else
            {
                _features.Add(Number(text, row, column, line));
            }
        }

        public void EndRecord(int fields, int line)
        {
            var first = _records++ == 0;
            if (first)
            {
                _columnNames = _options.HasHeader
                    ? [.. _header]
                    : [.. Enumerable.Range(0, fields).Select(c => string.Create(CultureInfo.InvariantCulture, $"column {c}"))];
                if (_columnNames.Length < 2)
                {
                    throw new InvalidDataException($"{Subject} has {_columnNames.Length} column in {Origin}; it needs the label or target column and at least one feature.");
                }

                _labelIndex = Resolve(_column, _columnNames, _options.HasHeader, Subject, _columnParameter);
                FeatureNames = Array.AsReadOnly(_columnNames.Where((_, c) => c != _labelIndex).ToArray());
                if (_options.HasHeader)
                {
                    return;
                }
            }

            if (fields != _columnNames!.Length)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Subject} line {line} (row {RowCount + 1}) has {fields} fields, but {Origin} has {_columnNames.Length}."));
            }

            if (RowCount == _options.MaxRows)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Subject} line {line}: more than {_options.MaxRows} data rows (CsvOptions.MaxRows)."));
            }

            RowCount++;
        }

        /// <summary>"'file' line 7 (row 6), column 'name' (index 2)".</summary>
        public string Where(int r, int c, int line)
            => string.Create(CultureInfo.InvariantCulture, $"{Subject} line {line} (row {r + 1}), column '{(_columnNames is { } names ? names[c] : $"column {c}")}' (index {c})");

        private int ColumnCountSoFar() => _columnNames?.Length ?? int.MaxValue;

        /// <summary>The finite number in a field.</summary>
        private T Number(ReadOnlySpan<char> text, int r, int c, int line)
        {
            if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"{Where(r, c, line)}: {Quote(text.ToString())} is not a number.");
            }

            if (!T.IsFinite(value))
            {
                throw new InvalidDataException($"{Where(r, c, line)}: {Quote(text.ToString())} is not a finite {typeof(T).Name}.");
            }

            return value;
        }

        private static int Resolve(CsvColumn column, string[] columnNames, bool hasHeader, string subject, string parameterName)
        {
            if (column.Index is { } index)
            {
                return index < columnNames.Length
                    ? index
                    : throw new ArgumentException(
                        $"The {parameterName} column index {index} is outside {subject}, which has {columnNames.Length} columns (indices 0 to {columnNames.Length - 1}).",
                        parameterName);
            }

            var name = column.Name!;
            if (!hasHeader)
            {
                throw new ArgumentException(
                    $"The {parameterName} column is named '{name}', but {subject} is read without a header (CsvOptions.HasHeader is false); choose it with CsvColumn.At.",
                    parameterName);
            }

            var matches = Enumerable.Range(0, columnNames.Length).Where(c => string.Equals(columnNames[c], name, StringComparison.Ordinal)).ToArray();
            return matches.Length switch
            {
                1 => matches[0],
                0 => throw new ArgumentException(
                    $"{subject} has no column named '{name}' for the {parameterName}; its columns are {string.Join(", ", columnNames.Select(n => $"'{n}'"))}.",
                    parameterName),
                _ => throw new ArgumentException(
                    $"{subject} has {matches.Length} columns named '{name}' (indices {string.Join(", ", matches)}); choose the {parameterName} with CsvColumn.At.",
                    parameterName),
            };
        }
    }
}
