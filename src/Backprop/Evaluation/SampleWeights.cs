using System.Globalization;

namespace Backprop;

/// <summary>The checks every metric (and fit) that takes sample weights makes, in one place.</summary>
internal static class SampleWeights
{
    /// <summary>
    /// The weights copied, or null when none are given. Throws <see cref="ArgumentException"/> when their count is
    /// not <paramref name="count"/>, a weight is NaN, infinite or negative (naming its index and value), or all are 0.
    /// </summary>
    public static double[]? Require(IReadOnlyList<double>? sampleWeights, int count, string parameterName = "sampleWeights")
    {
        if (sampleWeights is null)
        {
            return null;
        }

        if (sampleWeights.Count != count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected {count} sample weights, one per sample, but got {sampleWeights.Count}."), parameterName);
        }

        var weights = new double[count];
        var anyPositive = false;
        for (var i = 0; i < count; i++)
        {
            var weight = sampleWeights[i];
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{parameterName}[{i}] is {weight}; a sample weight must be finite and at least 0."), parameterName);
            }

            weights[i] = weight;
            anyPositive |= weight > 0;
        }

        if (!anyPositive)
        {
            throw new ArgumentException("Every sample weight is 0; at least one sample must count.", parameterName);
        }

        return weights;
    }

    /// <summary>The weight of sample <paramref name="i"/>: 1 when no weights are given.</summary>
    public static double Of(double[]? weights, int i) => weights is null ? 1 : weights[i];
}
