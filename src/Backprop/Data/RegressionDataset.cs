using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Samples for regression: inputs <c>features × samples</c> and numeric targets <c>outputs × samples</c>
/// (one column per sample, the library's convention).
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>The matrices are shared, not copied: do not change them while the dataset is in use.</remarks>
public sealed class RegressionDataset<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly ReadOnlyCollection<string> _featureNames;
    private readonly ReadOnlyCollection<string> _targetNames;

    /// <summary>Creates a dataset from inputs and targets with the same number of columns.</summary>
    /// <param name="inputs">The inputs, <c>features × samples</c>; kept, not copied.</param>
    /// <param name="targets">The targets, <c>outputs × samples</c>; kept, not copied.</param>
    /// <param name="featureNames">The name of each input row; by default <c>"x0"</c>, <c>"x1"</c>, ….</param>
    /// <param name="targetNames">The name of each target row; by default <c>"y0"</c>, <c>"y1"</c>, ….</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no samples, the column counts differ, or a name list has the wrong length.</exception>
    public RegressionDataset(Matrix<T> inputs, Matrix<T> targets, IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? targetNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.ColumnCount == 0)
        {
            throw new ArgumentException("inputs has no columns: a dataset needs at least one sample.", nameof(inputs));
        }

        if (targets.ColumnCount != inputs.ColumnCount)
        {
            throw new ArgumentException(
                $"Expected targets to have one column per sample ({inputs.ColumnCount}) but it is {targets.RowCount}×{targets.ColumnCount}.",
                nameof(targets));
        }

        Inputs = inputs;
        Targets = targets;
        _featureNames = DatasetColumns.Names(featureNames, inputs.RowCount, "x", nameof(featureNames));
        _targetNames = DatasetColumns.Names(targetNames, targets.RowCount, "y", nameof(targetNames));
    }

    private RegressionDataset(Matrix<T> inputs, Matrix<T> targets, ReadOnlyCollection<string> featureNames, ReadOnlyCollection<string> targetNames)
    {
        Inputs = inputs;
        Targets = targets;
        _featureNames = featureNames;
        _targetNames = targetNames;
    }

    /// <summary>The inputs, <c>features × samples</c>: column <c>j</c> is sample <c>j</c>.</summary>
    public Matrix<T> Inputs { get; }

    /// <summary>The targets, <c>outputs × samples</c>.</summary>
    public Matrix<T> Targets { get; }

    /// <summary>The names of the input features, by row of <see cref="Inputs"/>.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The names of the targets, by row of <see cref="Targets"/>.</summary>
    public IReadOnlyList<string> TargetNames => _targetNames;

    /// <summary>The number of features (rows of <see cref="Inputs"/>).</summary>
    public int FeatureCount => Inputs.RowCount;

    /// <summary>The number of samples (columns).</summary>
    public int Count => Inputs.ColumnCount;

    /// <summary>
    /// Splits the samples by a seeded shuffle, <see cref="ModelSelection.Split(int, double, int)"/>: the same seed
    /// always gives the same split (for a split that keeps each class's share, or k folds, apply
    /// <see cref="ModelSelection"/>'s indices with <see cref="Split(TrainTestIndices)"/>).
    /// </summary>
    /// <param name="validationFraction">The fraction held out for validation, strictly between 0 and 1; the validation part has <c>⌊Count · fraction⌋</c> samples.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The training and validation parts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1, or leaves a part empty.</exception>
    public (RegressionDataset<T> Training, RegressionDataset<T> Validation) Split(double validationFraction, int seed)
        => Split(ModelSelection.Split(Count, validationFraction, seed, nameof(validationFraction)));

    /// <summary>The samples at the indices' training and test positions, each part in the dataset's order.</summary>
    /// <param name="indices">A split of this dataset's samples, from <see cref="ModelSelection"/>.</param>
    /// <returns>The training and validation (test) parts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentException">The indices split another number of samples than <see cref="Count"/>.</exception>
    public (RegressionDataset<T> Training, RegressionDataset<T> Validation) Split(TrainTestIndices indices)
    {
        DatasetColumns.RequireSplitOf(indices, Count);
        return (Select(indices.TrainArray), Select(indices.TestArray));
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Count} samples, {FeatureCount} features, {Targets.RowCount} targets");

    /// <summary>The same samples with other inputs (a transform's output), the same shape.</summary>
    internal RegressionDataset<T> WithInputs(Matrix<T> inputs) => new(inputs, Targets, _featureNames, _targetNames);

    private RegressionDataset<T> Select(int[] columns)
        => new(DatasetColumns.Gather(Inputs, columns), DatasetColumns.Gather(Targets, columns), _featureNames, _targetNames);
}
