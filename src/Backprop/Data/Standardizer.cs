using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Rescales each feature (row) to mean 0 and standard deviation 1 with statistics fitted on one set of
/// samples, usually the training split, and then applied unchanged to the others (validation, test), so
/// that nothing about those leaks into training: <c>x′ = (x − mean) / std</c>.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The standard deviation is the population one (divide by the sample count), computed in double precision.
/// A feature that is constant on the fitted samples has standard deviation 0 and is only centred
/// (<c>x′ = x − mean</c>, so 0 on those samples) rather than divided by 0.
/// </remarks>
public sealed class Standardizer<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T[] _means;

    /// <summary>The divisor per feature: the standard deviation, or 1 for a constant feature.</summary>
    private readonly T[] _scales;

    private Standardizer(T[] means, T[] standardDeviations, T[] scales)
    {
        _means = means;
        _scales = scales;
        Means = Array.AsReadOnly(means);
        StandardDeviations = Array.AsReadOnly(standardDeviations);
    }

    /// <summary>The mean of each feature over the fitted samples.</summary>
    public IReadOnlyList<T> Means { get; }

    /// <summary>The population standard deviation of each feature over the fitted samples; 0 for a constant feature.</summary>
    public IReadOnlyList<T> StandardDeviations { get; }

    /// <summary>The number of features (rows) it was fitted on and transforms.</summary>
    public int FeatureCount => _means.Length;

    /// <summary>Fits the mean and standard deviation of each row.</summary>
    /// <param name="inputs">The samples to fit on, <c>features × samples</c> (usually the training split's inputs).</param>
    /// <returns>The fitted standardiser.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> has no rows or columns, or holds a NaN or infinity (the message names where).</exception>
    public static Standardizer<T> Fit(Matrix<T> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.RowCount == 0 || inputs.ColumnCount == 0)
        {
            throw new ArgumentException($"Cannot fit on a {inputs.RowCount}×{inputs.ColumnCount} matrix: it needs at least one feature and one sample.", nameof(inputs));
        }

        var values = DatasetColumns.Values(inputs);
        var features = inputs.RowCount;
        var samples = inputs.ColumnCount;
        var sums = new double[features];
        var minimums = new T[features];
        var maximums = new T[features];
        values.AsSpan(0, features).CopyTo(minimums);
        values.AsSpan(0, features).CopyTo(maximums);
        for (var j = 0; j < samples; j++)
        {
            var column = values.AsSpan(j * features, features);
            for (var i = 0; i < features; i++)
            {
                var x = column[i];
                if (!T.IsFinite(x))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"inputs[{i}, {j}] (feature {i}, sample {j}) is {x}; standardisation needs finite values."),
                        nameof(inputs));
                }

                sums[i] += double.CreateChecked(x);
                minimums[i] = T.Min(minimums[i], x);
                maximums[i] = T.Max(maximums[i], x);
            }
        }

        // Two passes (mean, then squared deviations) rather than Σx² − n·mean², which cancels badly.
        var means = new double[features];
        for (var i = 0; i < features; i++)
        {
            means[i] = sums[i] / samples;
        }

        var squares = new double[features];
        for (var j = 0; j < samples; j++)
        {
            var column = values.AsSpan(j * features, features);
            for (var i = 0; i < features; i++)
            {
                var deviation = double.CreateChecked(column[i]) - means[i];
                squares[i] += deviation * deviation;
            }
        }

        var meanValues = new T[features];
        var deviations = new T[features];
        var scales = new T[features];
        for (var i = 0; i < features; i++)
        {
            // A constant feature: its mean is exactly its value (rounding of the sum could say otherwise) and it
            // is not scaled, so x′ = x − mean is 0 on the fitted samples.
            if (minimums[i] == maximums[i])
            {
                meanValues[i] = minimums[i];
                deviations[i] = T.Zero;
                scales[i] = T.One;
                continue;
            }

            meanValues[i] = T.CreateChecked(means[i]);
            deviations[i] = T.CreateChecked(Math.Sqrt(squares[i] / samples));
            scales[i] = deviations[i];
        }

        return new Standardizer<T>(meanValues, deviations, scales);
    }

    /// <summary>
    /// Rebuilds a standardiser from its statistics, as <see cref="Means"/> and <see cref="StandardDeviations"/> give
    /// them: it transforms exactly as the fitted one did, the constant-feature rule included (a standard deviation of
    /// 0 means the feature is only centred).
    /// </summary>
    /// <param name="means">The mean of each feature.</param>
    /// <param name="standardDeviations">The standard deviation of each feature, 0 for a constant one.</param>
    /// <returns>The standardiser.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty or differ in length, a mean is not finite, or a standard deviation is negative or not finite (the message names the feature).</exception>
    public static Standardizer<T> FromStatistics(IReadOnlyList<T> means, IReadOnlyList<T> standardDeviations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(standardDeviations);
        if (means.Count == 0 || means.Count != standardDeviations.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected one mean and one standard deviation per feature (at least one) but got {means.Count} means and {standardDeviations.Count} standard deviations."),
                nameof(standardDeviations));
        }

        var meanValues = new T[means.Count];
        var deviations = new T[means.Count];
        var scales = new T[means.Count];
        for (var i = 0; i < meanValues.Length; i++)
        {
            if (!T.IsFinite(means[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The mean of feature {i} is {means[i]}; it must be finite."), nameof(means));
            }

            if (!T.IsFinite(standardDeviations[i]) || standardDeviations[i] < T.Zero)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The standard deviation of feature {i} is {standardDeviations[i]}; it must be finite and not negative."),
                    nameof(standardDeviations));
            }

            meanValues[i] = means[i];
            deviations[i] = standardDeviations[i];
            scales[i] = deviations[i] == T.Zero ? T.One : deviations[i];
        }

        return new Standardizer<T>(meanValues, deviations, scales);
    }

    /// <summary>The divisor of feature <paramref name="i"/>: its standard deviation, or 1 for a constant feature.</summary>
    internal T Scale(int i) => _scales[i];

    /// <summary>Fits on a classification dataset's inputs (see <see cref="Fit(Matrix{T})"/>).</summary>
    /// <param name="data">The samples to fit on, usually the training split.</param>
    /// <returns>The fitted standardiser.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The inputs hold a NaN or infinity.</exception>
    public static Standardizer<T> Fit(LabeledDataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Inputs);
    }

    /// <summary>Fits on a regression dataset's inputs (see <see cref="Fit(Matrix{T})"/>).</summary>
    /// <param name="data">The samples to fit on, usually the training split.</param>
    /// <returns>The fitted standardiser.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The inputs hold a NaN or infinity.</exception>
    public static Standardizer<T> Fit(RegressionDataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Inputs);
    }

    /// <summary>Applies the fitted statistics: <c>x′ = (x − mean) / std</c> per row (<c>x − mean</c> for a constant feature).</summary>
    /// <param name="inputs">The samples, <c>features × samples</c> with <see cref="FeatureCount"/> rows; not changed.</param>
    /// <returns>A new matrix of the same shape.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> does not have <see cref="FeatureCount"/> rows.</exception>
    public Matrix<T> Transform(Matrix<T> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.RowCount != FeatureCount)
        {
            throw new ArgumentException(
                $"Expected inputs to have {FeatureCount} rows (the features it was fitted on) but it is {inputs.RowCount}×{inputs.ColumnCount}.",
                nameof(inputs));
        }

        var values = DatasetColumns.Values(inputs);
        var result = new T[values.Length];
        for (var offset = 0; offset < values.Length; offset += FeatureCount)
        {
            for (var i = 0; i < FeatureCount; i++)
            {
                result[offset + i] = (values[offset + i] - _means[i]) / _scales[i];
            }
        }

        return Matrix<T>.Build.Dense(inputs.RowCount, inputs.ColumnCount, result);
    }

    /// <summary>The same samples with standardised inputs; targets, labels and names are shared.</summary>
    /// <param name="data">The samples, with <see cref="FeatureCount"/> features.</param>
    /// <returns>A new dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The feature count differs.</exception>
    public LabeledDataset<T> Transform(LabeledDataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithInputs(Transform(data.Inputs));
    }

    /// <summary>The same samples with standardised inputs; targets and names are shared.</summary>
    /// <param name="data">The samples, with <see cref="FeatureCount"/> features.</param>
    /// <returns>A new dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The feature count differs.</exception>
    public RegressionDataset<T> Transform(RegressionDataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithInputs(Transform(data.Inputs));
    }
}
