using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Samples for classification: inputs <c>features × samples</c> and one-hot targets <c>classes × samples</c>
/// (one column per sample, the library's convention), with each sample's class index and the class names.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Class <c>k</c> is row <c>k</c> of <see cref="Targets"/> and <see cref="ClassNames"/>[k]: train with a softmax
/// output and <see cref="Loss{T}.CategoricalCrossEntropy"/>, then compare predictions with
/// <see cref="Targets"/>. The matrices are shared, not copied: do not change them while the dataset is in use.
/// </remarks>
public sealed class LabeledDataset<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly int[] _labels;
    private readonly ReadOnlyCollection<string> _classNames;
    private readonly ReadOnlyCollection<string> _featureNames;
    private Dictionary<string, int>? _classIndex;
    private ReadOnlyCollection<int>? _labelList;

    /// <summary>Creates a dataset from inputs and class indices; the one-hot targets are built from the labels.</summary>
    /// <param name="inputs">The inputs, <c>features × samples</c>, one column per sample; kept, not copied.</param>
    /// <param name="labels">Each sample's class index, in [0, <c>classNames.Count</c>); one per column of <paramref name="inputs"/>.</param>
    /// <param name="classNames">The name of each class, by index; at least one.</param>
    /// <param name="featureNames">The name of each input row; by default <c>"x0"</c>, <c>"x1"</c>, ….</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/>, <paramref name="labels"/> or <paramref name="classNames"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// There are no samples or no classes, two classes have the same name, the label count differs from the
    /// sample count, a label is outside the classes, or <paramref name="featureNames"/> has the wrong length.
    /// </exception>
    public LabeledDataset(Matrix<T> inputs, IReadOnlyList<int> labels, IReadOnlyList<string> classNames, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (inputs.ColumnCount == 0)
        {
            throw new ArgumentException("inputs has no columns: a dataset needs at least one sample.", nameof(inputs));
        }

        if (labels.Count != inputs.ColumnCount)
        {
            throw new ArgumentException($"Expected one label per sample ({inputs.ColumnCount}) but got {labels.Count}.", nameof(labels));
        }

        if (classNames.Count == 0)
        {
            throw new ArgumentException("A classification dataset needs at least one class.", nameof(classNames));
        }

        var copy = labels.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if ((uint)copy[i] >= (uint)classNames.Count)
            {
                throw new ArgumentException($"Label {i} is {copy[i]}; labels must be in [0, {classNames.Count}).", nameof(labels));
            }
        }

        _labels = copy;
        _classNames = DatasetColumns.Names(classNames, classNames.Count, string.Empty, nameof(classNames));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < _classNames.Count; k++)
        {
            if (!index.TryAdd(_classNames[k], k))
            {
                throw new ArgumentException($"Classes {index[_classNames[k]]} and {k} are both named '{_classNames[k]}'; class names must be distinct.", nameof(classNames));
            }
        }

        _classIndex = index;
        _featureNames = DatasetColumns.Names(featureNames, inputs.RowCount, "x", nameof(featureNames));
        Inputs = inputs;
        Targets = OneHot(copy, classNames.Count);
    }

    /// <summary>Creates a dataset from checked parts (the loaders and transforms).</summary>
    internal LabeledDataset(Matrix<T> inputs, Matrix<T> targets, int[] labels, ReadOnlyCollection<string> classNames, ReadOnlyCollection<string> featureNames)
    {
        Inputs = inputs;
        Targets = targets;
        _labels = labels;
        _classNames = classNames;
        _featureNames = featureNames;
    }

    /// <summary>The inputs, <c>features × samples</c>: column <c>j</c> is sample <c>j</c>.</summary>
    public Matrix<T> Inputs { get; }

    /// <summary>The one-hot targets, <c>classes × samples</c>: column <c>j</c> has a 1 in row <see cref="Labels"/>[j] and 0 elsewhere.</summary>
    public Matrix<T> Targets { get; }

    /// <summary>Each sample's class index, in [0, <see cref="ClassCount"/>).</summary>
    public IReadOnlyList<int> Labels => _labelList ??= Array.AsReadOnly(_labels);

    /// <summary>The class names by index: class <c>k</c> is row <c>k</c> of <see cref="Targets"/>.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The number of classes (rows of <see cref="Targets"/>).</summary>
    public int ClassCount => _classNames.Count;

    /// <summary>The names of the input features, by row of <see cref="Inputs"/>.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The number of features (rows of <see cref="Inputs"/>).</summary>
    public int FeatureCount => Inputs.RowCount;

    /// <summary>The number of samples (columns).</summary>
    public int Count => Inputs.ColumnCount;

    /// <summary>The index of a class by its name (the mapping from label text to target row).</summary>
    /// <param name="className">The class name, compared ordinally.</param>
    /// <returns>The class index, in [0, <see cref="ClassCount"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="className"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No class has that name.</exception>
    public int ClassIndex(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        _classIndex ??= CreateClassIndex(_classNames);
        return _classIndex.TryGetValue(className, out var index)
            ? index
            : throw new KeyNotFoundException($"No class is named '{className}'; the classes are {string.Join(", ", _classNames.Select(n => $"'{n}'"))}.");
    }

    /// <summary>
    /// Splits the samples by a seeded shuffle, <see cref="ModelSelection.Split(int, double, int)"/>: the same seed
    /// always gives the same split (for a split that keeps each class's share, or k folds, apply
    /// <see cref="ModelSelection"/>'s indices with <see cref="Split(TrainTestIndices)"/>).
    /// </summary>
    /// <param name="validationFraction">The fraction held out for validation, strictly between 0 and 1; the validation part has <c>⌊Count · fraction⌋</c> samples.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The training and validation parts, with the same classes and feature names as this dataset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1, or leaves a part empty.</exception>
    public (LabeledDataset<T> Training, LabeledDataset<T> Validation) Split(double validationFraction, int seed)
        => Split(ModelSelection.Split(Count, validationFraction, seed, nameof(validationFraction)));

    /// <summary>The samples at the indices' training and test positions, each part in the dataset's order.</summary>
    /// <param name="indices">A split of this dataset's samples, from <see cref="ModelSelection"/>.</param>
    /// <returns>The training and validation (test) parts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentException">The indices split another number of samples than <see cref="Count"/>.</exception>
    public (LabeledDataset<T> Training, LabeledDataset<T> Validation) Split(TrainTestIndices indices)
    {
        DatasetColumns.RequireSplitOf(indices, Count);
        return (Select(indices.TrainArray), Select(indices.TestArray));
    }

    /// <summary>The samples at the given column indices, in that order.</summary>
    internal LabeledDataset<T> Select(int[] columns)
    {
        var labels = new int[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            labels[i] = _labels[columns[i]];
        }

        return new LabeledDataset<T>(DatasetColumns.Gather(Inputs, columns), DatasetColumns.Gather(Targets, columns), labels, _classNames, _featureNames);
    }

    /// <summary>The same samples with other inputs (a transform's output), the same shape.</summary>
    internal LabeledDataset<T> WithInputs(Matrix<T> inputs) => new(inputs, Targets, _labels, _classNames, _featureNames);

    /// <summary>Builds <c>classes × samples</c> one-hot columns.</summary>
    internal static Matrix<T> OneHot(ReadOnlySpan<int> labels, int classes)
    {
        var values = new T[classes * labels.Length];
        for (var j = 0; j < labels.Length; j++)
        {
            values[(j * classes) + labels[j]] = T.One;
        }

        return Matrix<T>.Build.Dense(classes, labels.Length, values);
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Count} samples, {FeatureCount} features, {ClassCount} classes");

    private static Dictionary<string, int> CreateClassIndex(ReadOnlyCollection<string> classNames)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < classNames.Count; k++)
        {
            index.TryAdd(classNames[k], k);
        }

        return index;
    }
}
