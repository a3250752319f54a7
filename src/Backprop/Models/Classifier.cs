using System.Globalization;
using System.Text;
using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A trained classifier an app can ship: the preprocessing fitted on the training rows (missing values, one-hot
/// encoding, standardisation), the classes with their label type, and the network, in one object and one file.
/// Rows go in as arrays of raw feature values, labels come out.
/// </summary>
/// <typeparam name="TLabel">The label type: <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="bool"/> or an enum (any type fits and predicts; those five are the ones a model file can hold).</typeparam>
/// <remarks>
/// <para>
/// <b>Classes.</b> <see cref="Classes"/> are the distinct training labels sorted ascending (strings ordinally,
/// numbers and enums by value, <see langword="false"/> before <see langword="true"/>), as scikit-learn's
/// <c>classes_</c>; a label type that is not comparable keeps the order of first appearance. Probabilities come in
/// this order.
/// </para>
/// <para>
/// <b>Network.</b> Two classes: one sigmoid output, the probability of <c>Classes[1]</c>, trained on binary
/// cross-entropy. Three or more: a softmax output per class, trained on categorical cross-entropy. The hidden
/// layers, optimizer and schedule are <see cref="ClassifierOptions{TLabel}"/>'s (defaults: 100 ReLU, Adam, early stopping
/// on a stratified 10 % validation split). Everything is float64.
/// </para>
/// <para>
/// <b>Threads.</b> A fitted classifier is immutable: every method may be called from many threads at once.
/// </para>
/// </remarks>
public sealed class Classifier<TLabel>
    where TLabel : notnull
{
    private readonly TabularNetwork _model;
    private readonly LabelSet<TLabel> _labels;

    internal Classifier(TabularNetwork model, LabelSet<TLabel> labels, TrainingHistory? history)
    {
        var outputs = labels.Classes.Length == 2 ? 1 : labels.Classes.Length;
        if (model.Network.OutputSize != outputs)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{labels.Classes.Length} classes need {outputs} network outputs but the network has {model.Network.OutputSize}."), nameof(model));
        }

        _model = model;
        _labels = labels;
        History = history;
        Classes = Array.AsReadOnly(labels.Classes);
    }

    /// <summary>The classes in their documented order (see the remarks); probabilities come in this order.</summary>
    public IReadOnlyList<TLabel> Classes { get; }

    /// <summary>The preprocessing fitted on the training rows.</summary>
    public TabularPreprocessing Preprocessing => _model.Preprocessing;

    /// <summary>The number of raw feature values a row holds.</summary>
    public int FeatureCount => _model.Preprocessing.FeatureCount;

    /// <summary>The per-epoch figures of the fit (loss, validation loss, the best epoch); <see langword="null"/> for a loaded model.</summary>
    public TrainingHistory? History { get; }

    internal TabularNetwork Model => _model;

    internal LabelSet<TLabel> Labels => _labels;

    /// <summary>Fits a classifier on rows of raw feature values and their labels.</summary>
    /// <param name="rows">One array per row, all of the same length; NaN marks a missing value.</param>
    /// <param name="labels">One label per row; at least two distinct ones.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (see <see cref="ModelOptions"/>).</param>
    /// <param name="sampleWeights">One weight per row (finite, not negative), multiplied by the class weights; <see langword="null"/> for equal weights.</param>
    /// <returns>The trained classifier.</returns>
    /// <exception cref="ArgumentNullException">A required argument or a label is null.</exception>
    /// <exception cref="ArgumentException">The rows are empty or ragged, labels and rows differ in count, there is one class only, a value is refused (missing or infinite; the message names the row and column), a weight is negative or NaN, or an option names an unknown column or class.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; no model is returned.</exception>
    public static Classifier<TLabel> Fit(IReadOnlyList<double[]> rows, IReadOnlyList<TLabel> labels, ClassifierOptions<TLabel>? options = null, IReadOnlyList<double>? sampleWeights = null)
        => Fit(RawTable.FromRows(rows, nameof(rows)), labels, options, sampleWeights, nameof(rows));

    /// <summary>Fits a classifier on float32 rows (widened to float64; see <see cref="Fit(IReadOnlyList{double[]}, IReadOnlyList{TLabel}, ClassifierOptions{TLabel}?, IReadOnlyList{double}?)"/>).</summary>
    /// <param name="rows">One array per row.</param>
    /// <param name="labels">One label per row.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeights">One weight per row, or <see langword="null"/>.</param>
    /// <returns>The trained classifier.</returns>
    /// <exception cref="ArgumentException">As for the float64 rows.</exception>
    public static Classifier<TLabel> Fit(IReadOnlyList<float[]> rows, IReadOnlyList<TLabel> labels, ClassifierOptions<TLabel>? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Fit(rows.Select(row => row?.Select(v => (double)v).ToArray()!).ToArray(), labels, options, sampleWeights);
    }

    /// <summary>Fits a classifier on the app's own records, through selectors.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="records">The training records.</param>
    /// <param name="features">The raw feature values of a record, the same number for every record.</param>
    /// <param name="label">The label of a record.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeight">The weight of a record, or <see langword="null"/> for equal weights.</param>
    /// <returns>The trained classifier.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">As for rows.</exception>
    public static Classifier<TLabel> Fit<TRecord>(
        IEnumerable<TRecord> records, Func<TRecord, double[]> features, Func<TRecord, TLabel> label, ClassifierOptions<TLabel>? options = null, Func<TRecord, double>? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(label);
        var list = records.ToList();
        return Fit(list.Select(features).ToArray(), list.Select(label).ToArray(), options, sampleWeight is null ? null : list.Select(sampleWeight).ToArray());
    }

    /// <summary>Fits a classifier on a data set (its inputs are the raw features, its class names the labels, parsed as <typeparamref name="TLabel"/>).</summary>
    /// <param name="data">The samples.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="sampleWeights">One weight per sample, or <see langword="null"/>.</param>
    /// <returns>The trained classifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">A class name is not a <typeparamref name="TLabel"/>, or as for rows.</exception>
    public static Classifier<TLabel> Fit(LabeledDataset<double> data, ClassifierOptions<TLabel>? options = null, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var classes = data.ClassNames.Select(name => LabelText<TLabel>.TryParse(name, out var parsed)
            ? parsed
            : throw new ArgumentException($"The class name '{name}' is not a {typeof(TLabel).Name}.", nameof(data))).ToArray();
        var values = data.Inputs.ToColumnArrays();
        var table = new RawTable([.. data.FeatureNames], values, new string[]?[data.FeatureCount]);
        return Fit(table, data.Labels.Select(k => classes[k]).ToArray(), options, sampleWeights, nameof(data));
    }

    /// <summary>
    /// Fits a classifier on a CSV file with a header: the label column's text is the label (parsed as
    /// <typeparamref name="TLabel"/>), every other column a feature. An empty, <c>NA</c> or <c>N/A</c> cell is a missing
    /// value; a column holding text that is not a number is categorical (one-hot encoded).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The header name of the label column.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="csv">The separator (the header is required); <see langword="null"/> for commas.</param>
    /// <returns>The trained classifier.</returns>
    /// <exception cref="ArgumentException">The path is empty, or as for rows (a refused missing value names the file, line and column).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed, has no such column, or a label is empty or not a <typeparamref name="TLabel"/>.</exception>
    public static Classifier<TLabel> FitCsv(string path, string labelColumn, ClassifierOptions<TLabel>? options = null, CsvOptions? csv = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        var (table, texts) = TabularCsv.ReadForFit(path, [labelColumn], csv);
        return Fit(table, ParseLabels(table, texts[0], labelColumn), options, null, nameof(path));
    }

    /// <summary>The network's weights and biases as a copy (the model's own network is never exposed, so it cannot be changed).</summary>
    /// <returns>An independent network that takes encoded rows (<see cref="TabularPreprocessing.EncodedFeatureCount"/> inputs).</returns>
    public Network<double> CloneNetwork() => _model.Network.Clone();

    /// <summary>The predicted label of one row: the class of highest probability. Allocates nothing.</summary>
    /// <param name="row">The raw feature values, <see cref="FeatureCount"/> of them.</param>
    /// <returns>The label.</returns>
    /// <exception cref="ArgumentException">The row has the wrong length, a refused missing value, an infinite value or an unknown category.</exception>
    public TLabel Predict(ReadOnlySpan<double> row)
    {
        Span<double> probabilities = Classes.Count <= 64 ? stackalloc double[Classes.Count] : new double[Classes.Count];

        PredictProbabilities(row, probabilities);
        return _labels.Classes[ArgMax(probabilities)];
    }

    /// <summary>The predicted label of each row.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>One label per row.</returns>
    /// <exception cref="ArgumentException">A row is refused (the message names it).</exception>
    public TLabel[] Predict(IReadOnlyList<double[]> rows)
        => [.. PredictProbabilities(rows).Select(p => _labels.Classes[ArgMax(p)])];

    /// <summary>The probability of each class for one row, in the order of <see cref="Classes"/>.</summary>
    /// <param name="row">The raw feature values.</param>
    /// <returns>A new array of <c>Classes.Count</c> probabilities that sum to 1.</returns>
    /// <exception cref="ArgumentException">The row is refused.</exception>
    public double[] PredictProbabilities(ReadOnlySpan<double> row)
    {
        var probabilities = new double[Classes.Count];
        PredictProbabilities(row, probabilities);
        return probabilities;
    }

    /// <summary>The probability of each class for one row into memory the caller owns; allocates nothing.</summary>
    /// <param name="row">The raw feature values.</param>
    /// <param name="probabilities">Receives <c>Classes.Count</c> probabilities, in the order of <see cref="Classes"/>.</param>
    /// <exception cref="ArgumentException">The row is refused, or <paramref name="probabilities"/> has the wrong length.</exception>
    public void PredictProbabilities(ReadOnlySpan<double> row, Span<double> probabilities)
    {
        if (probabilities.Length != Classes.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected room for {Classes.Count} probabilities (one per class) but got {probabilities.Length}."), nameof(probabilities));
        }

        if (Classes.Count == 2)
        {
            // One sigmoid output: the probability of Classes[1].
            _model.Predict(row, probabilities[1..], nameof(row));
            probabilities[0] = 1 - probabilities[1];
        }
        else
        {
            _model.Predict(row, probabilities, nameof(row));
        }
    }

    /// <summary>The probabilities of each row, one array per row in the order of <see cref="Classes"/>.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>One array per row.</returns>
    /// <exception cref="ArgumentException">A row is refused (the message names it).</exception>
    public double[][] PredictProbabilities(IReadOnlyList<double[]> rows)
        => Probabilities(_model.PredictAll(_model.Preprocessing.Table(rows, nameof(rows)), nameof(rows)));

    /// <summary>The predicted label of each row of a CSV file with a header naming the model's columns (in any order).</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">A label column to ignore, if the file has one.</param>
    /// <param name="csv">The separator; <see langword="null"/> for commas.</param>
    /// <returns>One label per data row.</returns>
    /// <exception cref="InvalidDataException">A column the model needs is absent, the file has a column the model never saw, or a cell is not a number or known category.</exception>
    /// <exception cref="ArgumentException">A row is refused (missing value).</exception>
    public TLabel[] PredictCsv(string path, string? labelColumn = null, CsvOptions? csv = null)
    {
        var (table, _) = TabularCsv.ReadForModel(path, Preprocessing, labelColumn is null ? [] : [labelColumn], csv);
        return [.. Probabilities(_model.PredictAll(table, nameof(path))).Select(p => _labels.Classes[ArgMax(p)])];
    }

    /// <summary>The accuracy on labelled rows: the (weighted) fraction predicted correctly, as scikit-learn's <c>score</c>.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="labels">Their true labels; each must be one of <see cref="Classes"/>.</param>
    /// <param name="sampleWeights">One weight per row, or <see langword="null"/> for equal weights.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    /// <exception cref="ArgumentException">Counts differ, a label is not one of the classes (the message names it), a row is refused, or a weight is negative or NaN.</exception>
    public double Score(IReadOnlyList<double[]> rows, IReadOnlyList<TLabel> labels, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        RequireCount(labels.Count, rows.Count, nameof(labels));
        _ = _labels.Indices(labels, nameof(labels));
        var weights = TabularNetwork.SampleWeights(sampleWeights, rows.Count);
        return Metrics.Accuracy(labels, Predict(rows), weights);
    }

    /// <summary>The accuracy on a CSV file with the model's columns and the label column.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The label column's header name.</param>
    /// <param name="csv">The separator; <see langword="null"/> for commas.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    /// <exception cref="InvalidDataException">As for <see cref="PredictCsv"/>, or the label column is absent or holds a label that is not a class.</exception>
    public double ScoreCsv(string path, string labelColumn, CsvOptions? csv = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        var (table, texts) = TabularCsv.ReadForModel(path, Preprocessing, [labelColumn], csv);
        if (texts is null)
        {
            throw new InvalidDataException($"'{path}' has no label column '{labelColumn}'.");
        }

        var labels = ParseLabels(table, texts[0], labelColumn);
        for (var r = 0; r < labels.Length; r++)
        {
            if (_labels.IndexOf(labels[r]) < 0)
            {
                throw new InvalidDataException($"{TabularCsv.Where(table, r)}, column '{labelColumn}': '{texts[0][r]}' is not one of the model's classes ({string.Join(", ", Classes.Select(c => $"'{c}'"))}).");
            }
        }

        var predicted = Probabilities(_model.PredictAll(table, nameof(path))).Select(p => _labels.Classes[ArgMax(p)]).ToArray();
        return Metrics.Accuracy(labels, predicted);
    }

    /// <summary>The model as text: the classes, the preprocessing, the network's table (as Keras prints it) and how training ended.</summary>
    /// <returns>Plain text, one line per row.</returns>
    public string Summary()
        => ModelSummary.Compose(
            string.Create(CultureInfo.InvariantCulture, $"Classifier<{typeof(TLabel).Name}>: {Classes.Count} classes ({string.Join(", ", Classes.Select(c => $"'{c}'"))}), {(Classes.Count == 2 ? $"sigmoid output = P('{Classes[1]}')" : "softmax output")}"), Preprocessing, _model.Network, History);

    /// <summary>Saves the whole model (preprocessing, classes with their type, network) as one versioned JSON file with a SHA-256 checksum, atomically.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="NotSupportedException">The label type is not one a model file holds (string, int, long, bool, enum), or the activation is custom.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) => TabularModelFile.Save(path, stream => TabularModelFile.Write(stream, this));

    /// <summary>Writes the whole model to a stream (left open; not atomic).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="NotSupportedException">As for <see cref="Save(string)"/>.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TabularModelFile.Write(stream, this);
    }

    /// <summary>Loads a classifier saved by <see cref="Save(string)"/>, validating everything first.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits (size); <see langword="null"/> for <see cref="ModelLoadOptions.Default"/>.</param>
    /// <returns>The classifier, predicting bit-identical probabilities to the saved one.</returns>
    /// <exception cref="ModelFormatException">The file is damaged, hostile, of another version or kind, holds another label type, or its parts do not fit together.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Classifier<TLabel> Load(string path, ModelLoadOptions? options = null)
    {
        using var stream = FileAccessHelpers.OpenRead(path);
        return Load(stream, options);
    }

    /// <summary>Reads a classifier from a stream (to its end), validating everything first.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Limits (size); <see langword="null"/> for <see cref="ModelLoadOptions.Default"/>.</param>
    /// <returns>The classifier.</returns>
    /// <exception cref="ModelFormatException">As for <see cref="Load(string, ModelLoadOptions?)"/>.</exception>
    public static Classifier<TLabel> Load(Stream stream, ModelLoadOptions? options = null)
        => TabularModelFile.ReadClassifier<TLabel>(FileAccessHelpers.ReadBounded(stream, (options ?? ModelLoadOptions.Default).MaxBytes), options ?? ModelLoadOptions.Default);

    /// <inheritdoc />
    public override string ToString() => $"Classifier<{typeof(TLabel).Name}> ({Classes.Count} classes, {FeatureCount} features)";

    private static Classifier<TLabel> Fit(RawTable table, IReadOnlyList<TLabel> labels, ClassifierOptions<TLabel>? options, IReadOnlyList<double>? sampleWeights, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new ClassifierOptions<TLabel>();
        RequireCount(labels.Count, table.Rows.Length, nameof(labels));
        var weights = TabularNetwork.SampleWeights(sampleWeights, labels.Count);
        var labelSet = LabelSet<TLabel>.FromLabels(labels);
        var indices = labelSet.Indices(labels, nameof(labels));
        var preprocessing = TabularPreprocessing.Fit(table, options, parameterName);
        var inputs = preprocessing.EncodeAll(table, parameterName);

        var classes = labelSet.Classes.Length;
        var counts = new int[classes];
        foreach (var k in indices)
        {
            counts[k]++;
        }

        double[]? classFactors = null;
        if (options.ClassWeights is { } classWeights)
        {
            var perClass = classWeights.Resolve(labelSet.Classes, counts, LabelSet<TLabel>.Comparer);
            classFactors = [.. indices.Select(k => perClass[k])];
        }

        weights = TabularNetwork.Combine(weights, classFactors);
        if (weights is not null)
        {
            weights = SampleWeighting.Validate<double>(weights, weights.Length, nameof(sampleWeights));
        }

        var binary = classes == 2;
        var targets = binary
            ? Matrix<double>.Build.Dense(1, indices.Length, (_, j) => indices[j])
            : Matrix<double>.Build.Dense(classes, indices.Length, (i, j) => indices[j] == i ? 1 : 0);
        var (network, history) = TabularNetwork.Train(
            inputs, targets, weights, options, binary ? 1 : classes,
            binary ? Activation<double>.Sigmoid : Activation<double>.Softmax,
            binary ? Loss<double>.BinaryCrossEntropy : Loss<double>.CategoricalCrossEntropy,
            (fraction, seed) =>
            {
                var split = ModelSelection.StratifiedSplit(indices, fraction, seed);
                return (split.Train, split.Test);
            });
        return new Classifier<TLabel>(new TabularNetwork(preprocessing, network), labelSet, history);
    }

    private static TLabel[] ParseLabels(RawTable table, string[] texts, string labelColumn)
    {
        var labels = new TLabel[texts.Length];
        for (var r = 0; r < texts.Length; r++)
        {
            if (texts[r].Length == 0 || !LabelText<TLabel>.TryParse(texts[r], out labels[r]))
            {
                throw new InvalidDataException(
                    texts[r].Length == 0
                        ? $"{TabularCsv.Where(table, r)}, column '{labelColumn}': the label is empty."
                        : $"{TabularCsv.Where(table, r)}, column '{labelColumn}': '{texts[r]}' is not a {typeof(TLabel).Name}.");
            }
        }

        return labels;
    }

    private double[][] Probabilities(Matrix<double> outputs)
    {
        var result = new double[outputs.ColumnCount][];
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = Classes.Count == 2 ? [1 - outputs[0, j], outputs[0, j]] : outputs.Column(j).ToArray();
        }

        return result;
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static void RequireCount(int actual, int rows, string parameterName)
    {
        if (actual != rows)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected {rows} labels (one per row) but got {actual}."), parameterName);
        }
    }
}
