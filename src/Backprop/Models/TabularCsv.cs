using System.Globalization;
using Backprop.Data;

namespace Backprop;

/// <summary>
/// Reads a CSV file (RFC 4180, through <see cref="CsvParser"/>) into raw rows for a tabular model: the label or
/// target columns apart, every other column a feature; an empty, <c>NA</c> or <c>N/A</c> cell is missing (NaN); a
/// column with any other text that is not a number is categorical, its categories the sorted distinct texts.
/// </summary>
internal static class TabularCsv
{
    /// <summary>The cell texts that mean "missing".</summary>
    public static bool IsMissing(string text) => text.Length == 0 || text is "NA" or "N/A";

    /// <summary>Reads a file for fitting: the features and the texts of the label (or target) columns.</summary>
    public static (RawTable Features, string[][] Labels) ReadForFit(string path, IReadOnlyList<string> labelColumns, CsvOptions? options)
    {
        var (subject, names, records) = Read(path, options);
        var labelIndices = labelColumns.Select(name => Find(names, name, subject, "the label or target")).ToArray();
        var featureIndices = Enumerable.Range(0, names.Length).Where(c => !labelIndices.Contains(c)).ToArray();
        if (featureIndices.Length == 0)
        {
            throw new InvalidDataException($"{subject} has no feature column besides {string.Join(", ", labelColumns.Select(n => $"'{n}'"))}.");
        }

        var rows = new double[records.Count][];
        var text = new string[]?[featureIndices.Length];
        for (var f = 0; f < featureIndices.Length; f++)
        {
            var c = featureIndices[f];
            var isText = records.Any(record => !IsMissing(record.Fields[c]) && !IsNumber(record.Fields[c], out _));
            if (isText)
            {
                text[f] = [.. records.Select(record => record.Fields[c]).Where(t => !IsMissing(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }
        }

        for (var r = 0; r < records.Count; r++)
        {
            rows[r] = new double[featureIndices.Length];
            for (var f = 0; f < featureIndices.Length; f++)
            {
                var field = records[r].Fields[featureIndices[f]];
                rows[r][f] = IsMissing(field) ? double.NaN
                    : text[f] is { } categories ? Array.BinarySearch(categories, field, StringComparer.Ordinal)
                    : Number(field);
            }
        }

        var labels = labelIndices.Select(c => records.Select(record => record.Fields[c]).ToArray()).ToArray();
        return (new RawTable([.. featureIndices.Select(c => names[c])], rows, text, [.. records.Select(record => record.Line)], subject), labels);
    }

    /// <summary>
    /// Reads a file for a fitted model: its columns found by name (in any order), each text category mapped to its
    /// index; the label (or target) columns read when present.
    /// </summary>
    /// <exception cref="InvalidDataException">A column the model needs is absent, the file has a column the model never saw, or a cell is not a number or a known category.</exception>
    public static (RawTable Features, string[][]? Labels) ReadForModel(string path, TabularPreprocessing preprocessing, IReadOnlyList<string> labelColumns, CsvOptions? options)
    {
        var (subject, names, records) = Read(path, options);
        var columns = preprocessing.Columns;
        foreach (var name in names)
        {
            if (!preprocessing.FeatureNames.Contains(name) && !labelColumns.Contains(name))
            {
                throw new InvalidDataException(
                    $"{subject} has the column '{name}', which the model never saw; it was fitted on {string.Join(", ", preprocessing.FeatureNames.Select(n => $"'{n}'"))}{(labelColumns.Count > 0 ? $" and {string.Join(", ", labelColumns.Select(n => $"'{n}'"))}" : string.Empty)}.");
            }
        }

        var indices = preprocessing.FeatureNames.Select(name => Find(names, name, subject, "a feature the model needs")).ToArray();
        var rows = new double[records.Count][];
        for (var r = 0; r < records.Count; r++)
        {
            rows[r] = new double[indices.Length];
            for (var f = 0; f < indices.Length; f++)
            {
                var field = records[r].Fields[indices[f]];
                if (IsMissing(field))
                {
                    rows[r][f] = double.NaN;
                }
                else if (columns[f].CategoryNames is { } categories)
                {
                    var k = Array.IndexOf(categories, field);
                    rows[r][f] = k >= 0 ? k : throw new InvalidDataException(
                        string.Create(CultureInfo.InvariantCulture, $"{subject} line {records[r].Line} (row {r + 1}), column '{names[indices[f]]}': '{field}' is a category the model never saw; its categories are {string.Join(", ", categories.Select(n => $"'{n}'"))}."));
                }
                else if (IsNumber(field, out var value))
                {
                    rows[r][f] = value;
                }
                else
                {
                    throw new InvalidDataException(
                        string.Create(CultureInfo.InvariantCulture, $"{subject} line {records[r].Line} (row {r + 1}), column '{names[indices[f]]}': '{field}' is not a number."));
                }
            }
        }

        string[][]? labels = null;
        if (labelColumns.All(names.Contains))
        {
            labels = [.. labelColumns.Select(name => records.Select(record => record.Fields[Array.IndexOf(names, name)]).ToArray())];
        }

        var table = new RawTable([.. preprocessing.FeatureNames], rows, [.. columns.Select(c => c.CategoryNames)], [.. records.Select(record => record.Line)], subject);
        return (table, labels);
    }

    /// <summary>"'file' line 7 (row 6)" for the label column's messages.</summary>
    public static string Where(RawTable table, int row) => string.Create(CultureInfo.InvariantCulture, $"{table.Source} line {table.Lines![row]} (row {row + 1})");

    private static (string Subject, string[] Names, List<CsvRecord> Records) Read(string path, CsvOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new CsvOptions();
        if (!options.HasHeader)
        {
            throw new ArgumentException("A model reads a CSV file's columns by name: the file needs a header (CsvOptions.HasHeader).", nameof(options));
        }

        var subject = $"'{path}'";
        using var reader = new StreamReader(path);
        var records = CsvParser.Read(reader, options.Separator, subject);
        if (records.Count < 2)
        {
            throw new InvalidDataException($"{subject} has {(records.Count == 0 ? "no header" : "a header but no data rows")}.");
        }

        var names = records[0].Fields;
        records.RemoveAt(0);
        foreach (var record in records)
        {
            if (record.Fields.Length != names.Length)
            {
                throw new InvalidDataException($"{subject} line {record.Line} has {record.Fields.Length} fields, but the header has {names.Length}.");
            }
        }

        return (subject, names, records);
    }

    private static int Find(string[] names, string name, string subject, string what)
    {
        var index = Array.IndexOf(names, name);
        return index >= 0 && Array.LastIndexOf(names, name) == index
            ? index
            : throw new InvalidDataException(
                index < 0
                    ? $"{subject} has no column '{name}' ({what}); its columns are {string.Join(", ", names.Select(n => $"'{n}'"))}."
                    : $"{subject} has more than one column named '{name}'.");
    }

    private static bool IsNumber(string text, out double value)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
