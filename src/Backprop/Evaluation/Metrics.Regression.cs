using System.Globalization;

namespace Backprop;

/// <content>Metrics of predicted numbers against actual ones: R², mean absolute error, root mean squared error.</content>
public static partial class Metrics
{
    /// <summary>
    /// The coefficient of determination, <c>R² = 1 − Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ (yᵢ − ȳ)²</c> with <c>ȳ</c> the weighted mean
    /// of the actual values (scikit-learn's <c>r2_score</c>): 1 for perfect predictions, 0 for always predicting
    /// <c>ȳ</c>, negative for worse.
    /// </summary>
    /// <param name="actual">The true values, at least 2.</param>
    /// <param name="predicted">The predictions, one per actual value.</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>
    /// R², at most 1. When the actual values are constant (the denominator is 0) scikit-learn's rule
    /// (<c>force_finite=True</c>) applies: 1 if the predictions are exact, 0 otherwise.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ, there are fewer than 2 samples, a value is NaN or infinite (naming its index), or a weight is bad.
    /// </exception>
    public static double R2Score(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? sampleWeights = null)
    {
        var weights = RequireValues(actual, predicted, sampleWeights);
        if (actual.Count < 2)
        {
            throw new ArgumentException("R² needs at least 2 samples (the spread of one value is not defined).", nameof(actual));
        }

        double weightSum = 0, weightedSum = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var weight = SampleWeights.Of(weights, i);
            weightSum += weight;
            weightedSum += weight * actual[i];
        }

        var mean = weightedSum / weightSum;
        double residual = 0, spread = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var weight = SampleWeights.Of(weights, i);
            residual += weight * (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            spread += weight * (actual[i] - mean) * (actual[i] - mean);
        }

        if (spread == 0)
        {
            return residual == 0 ? 1 : 0;
        }

        return 1 - (residual / spread);
    }

    /// <summary>The (weighted) mean absolute error, <c>Σ wᵢ |yᵢ − ŷᵢ| / Σ wᵢ</c>.</summary>
    /// <param name="actual">The true values.</param>
    /// <param name="predicted">The predictions, one per actual value.</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>The error, at least 0, in the values' unit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0, a value is NaN or infinite (naming its index), or a weight is bad.
    /// </exception>
    public static double MeanAbsoluteError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? sampleWeights = null)
    {
        var weights = RequireValues(actual, predicted, sampleWeights);
        double sum = 0, weightSum = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var weight = SampleWeights.Of(weights, i);
            sum += weight * Math.Abs(actual[i] - predicted[i]);
            weightSum += weight;
        }

        return sum / weightSum;
    }

    /// <summary>The (weighted) root mean squared error, <c>√(Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ)</c> (scikit-learn's <c>root_mean_squared_error</c>).</summary>
    /// <param name="actual">The true values.</param>
    /// <param name="predicted">The predictions, one per actual value.</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>The error, at least 0, in the values' unit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="predicted"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0, a value is NaN or infinite (naming its index), or a weight is bad.
    /// </exception>
    public static double RootMeanSquaredError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? sampleWeights = null)
    {
        var weights = RequireValues(actual, predicted, sampleWeights);
        double sum = 0, weightSum = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var weight = SampleWeights.Of(weights, i);
            sum += weight * (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            weightSum += weight;
        }

        return Math.Sqrt(sum / weightSum);
    }

    private static double[]? RequireValues(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? sampleWeights)
    {
        RequirePairs(actual, predicted);
        RequireFinite(actual, nameof(actual));
        RequireFinite(predicted, nameof(predicted));
        return SampleWeights.Require(sampleWeights, actual.Count);
    }

    private static void RequireFinite(IReadOnlyList<double> values, string parameterName)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{parameterName}[{i}] is {values[i]}; a value must be a finite number."), parameterName);
            }
        }
    }
}
