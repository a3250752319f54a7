using System.Text;
using Backprop.Data;

namespace Backprop.Fuzzing;

/// <summary>
/// <see cref="CsvDataset"/> on the input decoded as a UTF-8 file is (with or without a byte-order mark), in four
/// settings that cover classification and regression, float and double, a header or none, columns by position and
/// by name, three separators and a fixed class list. Guarantees checked on acceptance: the shapes agree (features ×
/// samples inputs, one target column per sample, one label per sample), every input and target is finite, and
/// classification targets are the one-hot columns of the labels.
/// </summary>
internal static class CsvTarget
{
    private const string Source = "fuzz input";

    private static readonly (string Name, Func<TextReader, string> Read)[] Settings =
    [
        ("classification<double>, label at 0", reader => Check(CsvDataset.ReadClassification<double>(reader, CsvColumn.At(0), null, Source))),
        ("regression<double>, target 'y'", reader => Check(CsvDataset.ReadRegression<double>(reader, CsvColumn.Named("y"), null, Source))),
        ("classification<float>, label 'class' in [a, b, c], ';'", reader => Check(CsvDataset.ReadClassification<float>(
            reader, CsvColumn.Named("class"), new CsvOptions { Separator = ';', Classes = ["a", "b", "c"] }, Source))),
        ("regression<float>, target at 1, no header, tab", reader => Check(CsvDataset.ReadRegression<float>(
            reader, CsvColumn.At(1), new CsvOptions { Separator = '\t', HasHeader = false }, Source))),
    ];

    public static string Run(byte[] input)
    {
        var outcomes = new StringBuilder();
        foreach (var (name, read) in Settings)
        {
            string outcome;
            try
            {
                using var reader = new StreamReader(new MemoryStream(input, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                outcome = read(reader);
            }
            catch (InvalidDataException refusal)
            {
                outcome = "refused: " + refusal.Message;
            }
            catch (ArgumentException missing) when (missing.GetType() == typeof(ArgumentException) && missing.ParamName is "label" or "target")
            {
                // Documented: the chosen column is not in the text.
                outcome = "no such column: " + missing.Message;
            }

            outcomes.Append(name).Append(" → ").Append(outcome).Append("; ");
        }

        return outcomes.ToString();
    }

    private static string Check<T>(LabeledDataset<T> data)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        FuzzInvariantException.Require(data.Inputs.RowCount == data.FeatureCount && data.FeatureNames.Count == data.FeatureCount, "one input row per feature");
        FuzzInvariantException.Require(data.Inputs.ColumnCount == data.Count && data.Labels.Count == data.Count && data.Targets.ColumnCount == data.Count, "one column and one label per sample");
        FuzzInvariantException.Require(data.Targets.RowCount == data.ClassCount && data.ClassNames.Count == data.ClassCount, "one target row per class");
        FuzzInvariantException.Require(data.Inputs.Enumerate().All(T.IsFinite), "every input is finite");
        for (var j = 0; j < data.Count; j++)
        {
            var label = data.Labels[j];
            FuzzInvariantException.Require(label >= 0 && label < data.ClassCount, $"label {label} of sample {j} names a class");
            for (var k = 0; k < data.ClassCount; k++)
            {
                FuzzInvariantException.Require(data.Targets[k, j] == (k == label ? T.One : T.Zero), $"the target of sample {j} is the one-hot column of its label");
            }
        }

        return $"loaded {data.Count} samples, {data.FeatureCount} features, {data.ClassCount} classes";
    }

    private static string Check<T>(RegressionDataset<T> data)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        FuzzInvariantException.Require(data.Inputs.RowCount == data.FeatureCount && data.FeatureNames.Count == data.FeatureCount, "one input row per feature");
        FuzzInvariantException.Require(data.Inputs.ColumnCount == data.Count && data.Targets.ColumnCount == data.Count, "one input and one target column per sample");
        FuzzInvariantException.Require(data.Targets.RowCount == 1 && data.TargetNames.Count == 1, "one target per sample");
        FuzzInvariantException.Require(data.Inputs.Enumerate().All(T.IsFinite) && data.Targets.Enumerate().All(T.IsFinite), "every input and target is finite");
        return $"loaded {data.Count} samples, {data.FeatureCount} features";
    }
}
