using System.Globalization;
using System.Text;
using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A trained regressor an app can ship: the preprocessing fitted on the training rows (missing values, one-hot
/// encoding, standardisation), the target scaling, and the network, in one object and one file. Rows go in as arrays
/// of raw feature values; predictions come out in the targets' own units. One target or several.
/// </summary>
/// <remarks>
/// <para>
/// <b>Network.</b> The hidden layers of <see cref="RegressorOptions"/> (default 100 ReLU), then one identity output
/// per target, trained on the mean squared error with Adam and early stopping on a 10 % validation split. With
/// <see cref="RegressorOptions.ScaleTargets"/> (the default) the network learns <c>(y − mean)/std</c> and predictions are
/// unscaled, <c>ŷ = mean + std·output</c>. Everything is float64.
/// </para>
/// <para><b>Threads.</b> A fitted regressor is immutable: every method may be called from many threads at once.</para>
/// </remarks>
public sealed class Regressor
{
    private readonly TabularNetwork _model;
    private readonly double[] _targetMeans;
    private readonly double[] _targetScales;

    internal Regressor(TabularNetwork model, string[] targetNames, double[] targetMeans, double[] targetStandardDeviations, TrainingHistory? history)
    {
        if (model.Network.OutputSize != targetNames.Length || targetMeans.Length != targetNames.Length || targetStandardDeviations.Length != targetNames.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{targetNames.Length} targets need as many network outputs, means and deviations, but there are {model.Network.OutputSize}, {targetMeans.Length} and {targetStandardDeviations.Length}."),
                nameof(model));
        }

        _model = model;
        _targetMeans = targetMeans;
        _targetScales = [.. targetStandardDeviations.Select(s => s == 0 ? 1 : s)];
        TargetNames = Array.AsReadOnly(targetNames);
        TargetMeans = Array.AsReadOnly(targetMeans);
        TargetStandardDeviations = Array.AsReadOnly(targetStandardDeviations);
        History = history;
    }

    /// <summary>The targets' names (<c>"target"</c>, or <c>"target 0"</c>, … for several, or the CSV headers).</summary>
    public IReadOnlyList<string> TargetNames { get; }

    /// <summary>The number of targets per row.</summary>
    public int TargetCount => TargetNames.Count;

    /// <summary>The mean of each target over the training rows (0 when targets are not scaled).</summary>
    public IReadOnlyList<double> TargetMeans { get; }

    /// <summary>The population standard deviation of each target over the training rows (0 for a constant target; 1 when targets are not scaled).</summary>
    public IReadOnlyList<double> TargetStandardDeviations { get; }

    /// <summary>The preprocessing fitted on the training rows.</summary>
    public TabularPreprocessing Preprocessing => _model.Preprocessing;

    /// <summary>The number of raw feature values a row holds.</summary>
    public int FeatureCount => _model.Preprocessing.FeatureCount;

    /// <summary>The per-epoch figures of the fit; <see langword="null"/> for a loaded model.</summary>
    public TrainingHistory? History { get; }

    internal TabularNetwork Model => _model;

    /// <summary>Fits a regressor with one target on rows of raw feature values.</summary>
    /// <param name="rows">One array per row, all of the same length; NaN marks a missing value.</param>
    /// <param name="targets">One finite target per row.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (see <see cref="ModelOptions"/>).</param>
    /// <param name="sampleWeights">One weight per row (finite, not negative), or <see langword="null"/> for equal weights.</param>
    /// <returns>The trained regressor.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The rows are empty or ragged, counts differ, a value or target is refused (the message names the row and column), or a weight is negative or NaN.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; no model is returned.</exception>
    public static Regressor Fit(IReadOnlyList<double[]> rows, IReadOnlyList<double> targets, RegressorOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return Fit(RawTable.FromRows(rows, nameof(rows)), [.. targets.Select(t => new[] { t })], ["target"], options, sampleWeights, nameof(rows));
    }

    /// <summary>Fits a regressor with several targets per row.</summary>
    /// <param name="rows">One array per row.</param>
    /// <param name="targets">One array of targets per row, all of the same length.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeights">One weight per row, or <see langword="null"/>.</param>
    /// <returns>The trained regressor.</returns>
    /// <exception cref="ArgumentException">As for one target, or the target arrays are ragged.</exception>
    public static Regressor Fit(IReadOnlyList<double[]> rows, IReadOnlyList<double[]> targets, RegressorOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var width = targets.Count > 0 ? targets[0]?.Length ?? 0 : 0;
        return Fit(RawTable.FromRows(rows, nameof(rows)), targets, width == 1 ? ["target"] : RawTable.DefaultNames(width).Select(n => n.Replace("column", "target", StringComparison.Ordinal)).ToArray(), options, sampleWeights, nameof(rows));
    }

    /// <summary>Fits a regressor on float32 rows (widened to float64).</summary>
    /// <param name="rows">One array per row.</param>
    /// <param name="targets">One target per row.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeights">One weight per row, or <see langword="null"/>.</param>
    /// <returns>The trained regressor.</returns>
    /// <exception cref="ArgumentException">As for float64 rows.</exception>
    public static Regressor Fit(IReadOnlyList<float[]> rows, IReadOnlyList<double> targets, RegressorOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Fit(rows.Select(row => row?.Select(v => (double)v).ToArray()!).ToArray(), targets, options, sampleWeights);
    }

    /// <summary>Fits a regressor on the app's own records, through selectors.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="records">The training records.</param>
    /// <param name="features">The raw feature values of a record.</param>
    /// <param name="target">The target of a record.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeight">The weight of a record, or <see langword="null"/>.</param>
    /// <returns>The trained regressor.</returns>
    /// <exception cref="ArgumentException">As for rows.</exception>
    public static Regressor Fit<TRecord>(IEnumerable<TRecord> records, Func<TRecord, double[]> features, Func<TRecord, double> target, RegressorOptions? options = null, Func<TRecord, double>? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        var list = records.ToList();
        return Fit(list.Select(features).ToArray(), list.Select(target).ToArray(), options, sampleWeight is null ? null : list.Select(sampleWeight).ToArray());
    }

    /// <summary>Fits a regressor on a data set (its inputs are the raw features, its targets the targets).</summary>
    /// <param name="data">The samples.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeights">One weight per sample, or <see langword="null"/>.</param>
    /// <returns>The trained regressor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static Regressor Fit(RegressionDataset<double> data, RegressorOptions? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var table = new RawTable([.. data.FeatureNames], data.Inputs.ToColumnArrays(), new string[]?[data.FeatureCount]);
        return Fit(table, data.Targets.ToColumnArrays(), [.. data.TargetNames], options, sampleWeights, nameof(data));
    }

    /// <summary>
    /// Fits a regressor on a CSV file with a header: the target columns hold numbers, every other column is a feature
    /// (an empty, <c>NA</c> or <c>N/A</c> cell is missing; a text column is categorical).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="targetColumns">The header names of the target columns (one or more).</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="csv">The separator; <see langword="null"/> for commas.</param>
    /// <returns>The trained regressor.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed, has no such column, or a target is not a finite number.</exception>
    /// <exception cref="ArgumentException">As for rows.</exception>
    public static Regressor FitCsv(string path, IReadOnlyList<string> targetColumns, RegressorOptions? options = null, CsvOptions? csv = null)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Count == 0)
        {
            throw new ArgumentException("Name at least one target column.", nameof(targetColumns));
        }

        var (table, texts) = TabularCsv.ReadForFit(path, targetColumns, csv);
        return Fit(table, ParseTargets(table, texts, targetColumns), [.. targetColumns], options, null, nameof(path));
    }

    /// <summary>The network's weights and biases as a copy (the model's own network is never exposed).</summary>
    /// <returns>An independent network that takes encoded rows and returns scaled targets.</returns>
    public Network<double> CloneNetwork() => _model.Network.Clone();

    /// <summary>The prediction for one row of a one-target regressor, in the target's units. Allocates nothing.</summary>
    /// <param name="row">The raw feature values, <see cref="FeatureCount"/> of them.</param>
    /// <returns>The predicted target.</returns>
    /// <exception cref="ArgumentException">The row has the wrong length, a refused missing value, an infinite value or an unknown category.</exception>
    /// <exception cref="InvalidOperationException">The regressor has several targets (use <see cref="PredictTargets(ReadOnlySpan{double})"/>).</exception>
    public double Predict(ReadOnlySpan<double> row)
    {
        if (TargetCount != 1)
        {
            throw new InvalidOperationException($"This regressor predicts {TargetCount} targets; use PredictTargets or Predict(row, targets).");
        }

        Span<double> target = stackalloc double[1];
        Predict(row, target);
        return target[0];
    }

    /// <summary>The predicted targets of one row into memory the caller owns; allocates nothing.</summary>
    /// <param name="row">The raw feature values.</param>
    /// <param name="targets">Receives <see cref="TargetCount"/> predictions, in the targets' units.</param>
    /// <exception cref="ArgumentException">The row is refused, or <paramref name="targets"/> has the wrong length.</exception>
    public void Predict(ReadOnlySpan<double> row, Span<double> targets)
    {
        if (targets.Length != TargetCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected room for {TargetCount} targets but got {targets.Length}."), nameof(targets));
        }

        _model.Predict(row, targets, nameof(row));
        for (var t = 0; t < targets.Length; t++)
        {
            targets[t] = _targetMeans[t] + (_targetScales[t] * targets[t]);
        }
    }

    /// <summary>The predicted targets of one row.</summary>
    /// <param name="row">The raw feature values.</param>
    /// <returns>A new array of <see cref="TargetCount"/> predictions.</returns>
    /// <exception cref="ArgumentException">The row is refused.</exception>
    public double[] PredictTargets(ReadOnlySpan<double> row)
    {
        var targets = new double[TargetCount];
        Predict(row, targets);
        return targets;
    }

    /// <summary>The prediction for each row of a one-target regressor.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>One prediction per row.</returns>
    /// <exception cref="ArgumentException">A row is refused (the message names it).</exception>
    /// <exception cref="InvalidOperationException">The regressor has several targets.</exception>
    public double[] Predict(IReadOnlyList<double[]> rows)
    {
        if (TargetCount != 1)
        {
            throw new InvalidOperationException($"This regressor predicts {TargetCount} targets; use PredictTargets.");
        }

        return [.. PredictTargets(rows).Select(t => t[0])];
    }

    /// <summary>The predicted targets of each row.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>One array of <see cref="TargetCount"/> predictions per row.</returns>
    /// <exception cref="ArgumentException">A row is refused.</exception>
    public double[][] PredictTargets(IReadOnlyList<double[]> rows) => Unscale(_model.PredictAll(_model.Preprocessing.Table(rows, nameof(rows)), nameof(rows)));

    /// <summary>The predicted targets of each row of a CSV file with a header naming the model's columns.</summary>
    /// <param name="path">The file.</param>
    /// <param name="csv">The separator; <see langword="null"/> for commas.</param>
    /// <returns>One array of predictions per row (target columns in the file are ignored).</returns>
    /// <exception cref="InvalidDataException">A column is absent or unknown to the model, or a cell is not a number or known category.</exception>
    public double[][] PredictCsv(string path, CsvOptions? csv = null)
    {
        var (table, _) = TabularCsv.ReadForModel(path, Preprocessing, [.. TargetNames], csv);
        return Unscale(_model.PredictAll(table, nameof(path)));
    }

    /// <summary>The coefficient of determination R² on rows with known targets (averaged over targets), as scikit-learn's <c>score</c>.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="targets">Their true targets (one per row).</param>
    /// <param name="sampleWeights">One weight per row, or <see langword="null"/>.</param>
    /// <returns>R² = 1 − Σw(y − ŷ)²/Σw(y − ȳ)²: 1 for perfect predictions, 0 for predicting the mean.</returns>
    /// <exception cref="ArgumentException">Counts differ, a target is not finite, a row is refused, or a weight is negative or NaN.</exception>
    /// <exception cref="InvalidOperationException">The regressor has several targets (use <see cref="Score(IReadOnlyList{double[]}, IReadOnlyList{double[]}, IReadOnlyList{double}?)"/>).</exception>
    public double Score(IReadOnlyList<double[]> rows, IReadOnlyList<double> targets, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return Score(rows, [.. targets.Select(t => new[] { t })], sampleWeights);
    }

    /// <summary>R² averaged uniformly over the targets.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="targets">Their true targets, one array per row.</param>
    /// <param name="sampleWeights">One weight per row, or <see langword="null"/>.</param>
    /// <returns>The mean R² of the targets.</returns>
    /// <exception cref="ArgumentException">As for one target.</exception>
    public double Score(IReadOnlyList<double[]> rows, IReadOnlyList<double[]> targets, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var actual = CheckTargets(targets, rows.Count, nameof(targets));
        var weights = TabularNetwork.SampleWeights(sampleWeights, rows.Count);
        var predicted = PredictTargets(rows);
        return Enumerable.Range(0, TargetCount).Average(t => Metrics.R2Score([.. actual.Select(y => y[t])], [.. predicted.Select(y => y[t])], weights));
    }

    /// <summary>The model as text: the targets, the preprocessing, the network's table and how training ended.</summary>
    /// <returns>Plain text.</returns>
    public string Summary()
        => ModelSummary.Compose(
            string.Create(CultureInfo.InvariantCulture, $"Regressor: {TargetCount} target{(TargetCount == 1 ? string.Empty : "s")} ({string.Join(", ", TargetNames.Select(n => $"'{n}'"))}), identity output, targets {(TargetStandardDeviations.All(s => s == 1) && TargetMeans.All(m => m == 0) ? "not scaled" : "standardised and unscaled at prediction")}"), Preprocessing, _model.Network, History);

    /// <summary>Saves the whole model (preprocessing, target scaling, network) as one versioned JSON file with a SHA-256 checksum, atomically.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="NotSupportedException">The activation is custom.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) => TabularModelFile.Save(path, stream => TabularModelFile.Write(stream, this));

    /// <summary>Writes the whole model to a stream (left open; not atomic).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="NotSupportedException">The activation is custom.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TabularModelFile.Write(stream, this);
    }

    /// <summary>Loads a regressor saved by <see cref="Save(string)"/>, validating everything first.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ModelLoadOptions.Default"/>.</param>
    /// <returns>The regressor, predicting bit-identical values to the saved one.</returns>
    /// <exception cref="ModelFormatException">The file is damaged, hostile, of another version or kind, or its parts do not fit together.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Regressor Load(string path, ModelLoadOptions? options = null)
    {
        using var stream = FileAccessHelpers.OpenRead(path);
        return Load(stream, options);
    }

    /// <summary>Reads a regressor from a stream (to its end), validating everything first.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ModelLoadOptions.Default"/>.</param>
    /// <returns>The regressor.</returns>
    /// <exception cref="ModelFormatException">As for <see cref="Load(string, ModelLoadOptions?)"/>.</exception>
    public static Regressor Load(Stream stream, ModelLoadOptions? options = null)
        => TabularModelFile.ReadRegressor(FileAccessHelpers.ReadBounded(stream, (options ?? ModelLoadOptions.Default).MaxBytes), options ?? ModelLoadOptions.Default);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Regressor ({TargetCount} targets, {FeatureCount} features)");

    private static Regressor Fit(RawTable table, IReadOnlyList<double[]> targets, string[] targetNames, RegressorOptions? options, IReadOnlyList<double>? sampleWeights, string parameterName)
    {
        options ??= new RegressorOptions();
        var actual = CheckTargets(targets, table.Rows.Length, nameof(targets));
        var weights = TabularNetwork.SampleWeights(sampleWeights, actual.Length);
        var preprocessing = TabularPreprocessing.Fit(table, options, parameterName);
        var inputs = preprocessing.EncodeAll(table, parameterName);
        var width = targetNames.Length;
        var means = new double[width];
        var deviations = new double[width];
        for (var t = 0; t < width; t++)
        {
            if (options.ScaleTargets)
            {
                var statistics = Data.Standardizer<double>.Fit(Matrix<double>.Build.Dense(1, actual.Length, actual.Select(y => y[t]).ToArray()));
                means[t] = statistics.Means[0];
                deviations[t] = statistics.StandardDeviations[0];
            }
            else
            {
                deviations[t] = 1;
            }
        }

        var scales = deviations.Select(s => s == 0 ? 1 : s).ToArray();
        var scaled = Matrix<double>.Build.Dense(width, actual.Length, (t, j) => (actual[j][t] - means[t]) / scales[t]);
        var (network, history) = TabularNetwork.Train(
            inputs, scaled, weights, options, width, Activation<double>.Identity, Loss<double>.MeanSquaredError,
            (fraction, seed) =>
            {
                var split = ModelSelection.Split(actual.Length, fraction, seed);
                return (split.Train, split.Test);
            });
        return new Regressor(new TabularNetwork(preprocessing, network), targetNames, means, deviations, history);
    }

    private static double[][] CheckTargets(IReadOnlyList<double[]> targets, int rows, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(targets, parameterName);
        if (targets.Count != rows)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected {rows} targets (one per row) but got {targets.Count}."), parameterName);
        }

        var width = rows > 0 ? targets[0]?.Length ?? 0 : 0;
        var result = new double[rows][];
        for (var j = 0; j < rows; j++)
        {
            var y = targets[j];
            if (y is null || y.Length != width || width == 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The targets of row {j} are {(y is null ? "null" : $"{y.Length} values")} but row 0 has {width}."), parameterName);
            }

            for (var t = 0; t < width; t++)
            {
                if (!double.IsFinite(y[t]))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The target {t} of row {j} is {y[t]}; targets must be finite."), parameterName);
                }
            }

            result[j] = [.. y];
        }

        return result;
    }

    private static double[][] ParseTargets(RawTable table, string[][] texts, IReadOnlyList<string> names)
    {
        var rows = table.Rows.Length;
        var result = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = new double[texts.Length];
            for (var t = 0; t < texts.Length; t++)
            {
                if (!double.TryParse(texts[t][r], NumberStyles.Float, CultureInfo.InvariantCulture, out result[r][t]) || !double.IsFinite(result[r][t]))
                {
                    throw new InvalidDataException($"{TabularCsv.Where(table, r)}, column '{names[t]}': '{texts[t][r]}' is not a finite number (targets cannot be missing).");
                }
            }
        }

        return result;
    }

    private double[][] Unscale(Matrix<double> outputs)
    {
        var result = new double[outputs.ColumnCount][];
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = new double[TargetCount];
            for (var t = 0; t < TargetCount; t++)
            {
                result[j][t] = _targetMeans[t] + (_targetScales[t] * outputs[t, j]);
            }
        }

        return result;
    }
}
