using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
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
    /// <exception cref="InvalidDataException">The file is malformed: bad quoting, no data rows, no feature column, a row with another field count, a feature that is not a finite number, an empty label, or a label not in <see cref="CsvOptions.Classes"/>.</exception>
    public static LabeledDataset<T> LoadClassification<T>(string path, CsvColumn label, CsvOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return ReadClassification<T>(reader, label, options, path);
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
        var table = Table<T>.Read(reader, label, options, sourceName, nameof(label));
        var (classNames, labels) = Classify(table, options);
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
    /// <exception cref="InvalidDataException">The file is malformed: bad quoting, no data rows, no feature column, a row with another field count, or a feature or target that is not a finite number.</exception>
    public static RegressionDataset<T> LoadRegression<T>(string path, CsvColumn target, CsvOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return ReadRegression<T>(reader, target, options, path);
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
        var table = Table<T>.Read(reader, target, options, sourceName, nameof(target));
        var values = new T[table.Rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = table.Number(r, table.LabelIndex);
        }

        var targets = Matrix<T>.Build.Dense(1, values.Length, values);
        return new RegressionDataset<T>(table.Inputs, targets, table.FeatureNames, [table.ColumnNames[table.LabelIndex]]);
    }

    /// <summary>Maps label texts to class indices: the given class list, or the sorted distinct labels.</summary>
    private static (ReadOnlyCollection<string> ClassNames, int[] Labels) Classify<T>(Table<T> table, CsvOptions options)
        where T : struct, IFloatingPointIeee754<T>
    {
        var texts = new string[table.Rows.Count];
        for (var r = 0; r < texts.Length; r++)
        {
            texts[r] = table.Rows[r].Fields[table.LabelIndex];
            if (texts[r].Length == 0)
            {
                throw new InvalidDataException($"{table.Where(r, table.LabelIndex)}: the label is empty.");
            }
        }

        string[] classNames;
        if (options.Classes is { } given)
        {
            if (given.Count == 0)
            {
                throw new ArgumentException("CsvOptions.Classes is empty; give the class names or leave it null.", nameof(options));
            }

            classNames = [.. given];
        }
        else
        {
            classNames = [.. texts.Distinct(StringComparer.Ordinal)];
            var numbers = new double[classNames.Length];
            var allNumeric = true;
            for (var k = 0; k < classNames.Length && allNumeric; k++)
            {
                allNumeric = double.TryParse(classNames[k], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[k]) && double.IsFinite(numbers[k]);
            }

            if (allNumeric)
            {
                // "2" before "10": numeric labels sort by value (then by text, so "1" and "1.0" stay distinct and ordered).
                var order = Enumerable.Range(0, classNames.Length).OrderBy(k => numbers[k]).ThenBy(k => classNames[k], StringComparer.Ordinal).ToArray();
                classNames = [.. order.Select(k => classNames[k])];
            }
            else
            {
                Array.Sort(classNames, StringComparer.Ordinal);
            }
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < classNames.Length; k++)
        {
            if (classNames[k] is null || !index.TryAdd(classNames[k], k))
            {
                throw new ArgumentException($"CsvOptions.Classes has a null or repeated name at index {k}.", nameof(options));
            }
        }

        var labels = new int[texts.Length];
        for (var r = 0; r < texts.Length; r++)
        {
            if (!index.TryGetValue(texts[r], out labels[r]))
            {
                throw new InvalidDataException(
                    $"{table.Where(r, table.LabelIndex)}: the label {Quote(texts[r])} is not one of the classes in CsvOptions.Classes ({string.Join(", ", classNames.Select(Quote))}).");
            }
        }

        return (Array.AsReadOnly(classNames), labels);
    }

    private static string Quote(string text)
        => text.Length <= MaxQuotedText ? $"'{text}'" : $"'{text[..MaxQuotedText]}…' ({text.Length} characters)";

    /// <summary>The parsed records with the header resolved, the label column found and the features parsed.</summary>
    private sealed class Table<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        private readonly string _subject;

        private Table(string subject, string[] columnNames, List<CsvRecord> rows, int labelIndex)
        {
            _subject = subject;
            ColumnNames = columnNames;
            Rows = rows;
            LabelIndex = labelIndex;
            var featureNames = new string[columnNames.Length - 1];
            var features = featureNames.Length;
            var values = new T[features * rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                for (int c = 0, f = 0; c < columnNames.Length; c++)
                {
                    if (c != labelIndex)
                    {
                        featureNames[f] = columnNames[c];
                        values[(r * features) + f++] = Number(r, c);
                    }
                }
            }

            FeatureNames = Array.AsReadOnly(featureNames);
            Inputs = Matrix<T>.Build.Dense(features, rows.Count, values);
        }

        public string[] ColumnNames { get; }

        public List<CsvRecord> Rows { get; }

        public int LabelIndex { get; }

        public ReadOnlyCollection<string> FeatureNames { get; }

        public Matrix<T> Inputs { get; }

        public static Table<T> Read(TextReader reader, CsvColumn column, CsvOptions options, string? sourceName, string columnParameter)
        {
            ArgumentNullException.ThrowIfNull(reader);
            ArgumentNullException.ThrowIfNull(column, columnParameter);
            var subject = sourceName is null ? "the CSV text" : $"'{sourceName}'";
            var records = CsvParser.Read(reader, options.Separator, subject);
            if (records.Count == 0)
            {
                throw new InvalidDataException($"{subject} is empty: it has no {(options.HasHeader ? "header" : "rows")}.");
            }

            string[] columnNames;
            if (options.HasHeader)
            {
                columnNames = records[0].Fields;
                records.RemoveAt(0);
                if (records.Count == 0)
                {
                    throw new InvalidDataException($"{subject} has a header but no data rows.");
                }
            }
            else
            {
                columnNames = [.. Enumerable.Range(0, records[0].Fields.Length).Select(c => string.Create(CultureInfo.InvariantCulture, $"column {c}"))];
            }

            var origin = options.HasHeader ? "the header" : "the first row";
            if (columnNames.Length < 2)
            {
                throw new InvalidDataException($"{subject} has {columnNames.Length} column in {origin}; it needs the label or target column and at least one feature.");
            }

            var labelIndex = Resolve(column, columnNames, options.HasHeader, subject, columnParameter);
            for (var r = 0; r < records.Count; r++)
            {
                if (records[r].Fields.Length != columnNames.Length)
                {
                    throw new InvalidDataException(
                        $"{subject} line {records[r].Line} (row {r + 1}) has {records[r].Fields.Length} fields, but {origin} has {columnNames.Length}.");
                }
            }

            return new Table<T>(subject, columnNames, records, labelIndex);
        }

        /// <summary>The finite number in row <paramref name="r"/> (0-based data row), column <paramref name="c"/>.</summary>
        public T Number(int r, int c)
        {
            var text = Rows[r].Fields[c];
            if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"{Where(r, c)}: {Quote(text)} is not a number.");
            }

            if (!T.IsFinite(value))
            {
                throw new InvalidDataException($"{Where(r, c)}: {Quote(text)} is not a finite {typeof(T).Name}.");
            }

            return value;
        }

        /// <summary>"'file' line 7 (row 6), column 'name' (index 2)".</summary>
        public string Where(int r, int c)
            => string.Create(CultureInfo.InvariantCulture, $"{_subject} line {Rows[r].Line} (row {r + 1}), column '{ColumnNames[c]}' (index {c})");

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
