using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// Per-sample weights in training (Keras' <c>sample_weight</c>, scikit-learn's <c>sample_weight</c>): the cost of a
/// batch becomes the weighted mean <c>C = Σⱼ wⱼ Cⱼ / Σⱼ wⱼ</c>, so every gradient is the weighted mean of the
/// per-sample gradients.
/// </summary>
/// <remarks>
/// The layers' backward step divides by the batch size (<see cref="TrainingWorkspace{T}.MeanScale"/>); scaling each
/// column of the output error by <c>wⱼ·batch/Σw</c> before BP2–BP4 therefore gives <c>∂C/∂W = Σⱼ wⱼ δⱼ aⱼᵀ / Σw</c>,
/// the derivative of the weighted mean, with no change to the layers. A batch whose weights are all 0 has cost 0
/// and zero gradients.
/// </remarks>
internal static class SampleWeighting
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless there is one finite, non-negative weight per sample and at least
    /// one is positive; returns them as an array.
    /// </summary>
    public static T[] Validate<T>(IReadOnlyList<T> weights, int samples, string parameterName)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(weights, parameterName);
        if (weights.Count != samples)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected {samples} sample weights (one per sample) but got {weights.Count}."), parameterName);
        }

        var values = new T[samples];
        var positive = false;
        for (var j = 0; j < samples; j++)
        {
            var w = weights[j];
            if (!T.IsFinite(w) || w < T.Zero)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Sample weight {j} is {w}; weights must be finite and not negative."), parameterName);
            }

            positive |= w > T.Zero;
            values[j] = w;
        }

        return positive
            ? values
            : throw new ArgumentException($"All {samples} sample weights are 0; at least one sample must count.", parameterName);
    }

    /// <summary>(BP1, weighted) Scales column j of the output error δᴸ by <c>wⱼ·batch/Σw</c>.</summary>
    public static void ScaleOutputDelta<T>(Span<T> delta, ReadOnlySpan<T> weights, int outputSize)
        where T : struct, IFloatingPointIeee754<T>
    {
        var scale = ColumnScale(weights) * T.CreateChecked(weights.Length);
        for (var j = 0; j < weights.Length; j++)
        {
            var column = delta.Slice(j * outputSize, outputSize);
            var factor = weights[j] * scale;
            for (var i = 0; i < outputSize; i++)
            {
                column[i] *= factor;
            }
        }
    }

    /// <summary>The weighted mean cost <c>Σⱼ wⱼ Cⱼ / Σⱼ wⱼ</c> of a batch (0 when every weight is 0).</summary>
    public static T MeanCost<T>(Loss<T> loss, ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int outputSize)
        where T : struct, IFloatingPointIeee754<T>
        => WeightedSum(loss, weightedInputs, outputs, targets, weights, outputSize) * ColumnScale(weights);

    /// <summary>The weighted sum <c>Σⱼ wⱼ Cⱼ</c> of the per-sample costs (each sample's cost is the loss of its own column).</summary>
    public static T WeightedSum<T>(Loss<T> loss, ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int outputSize)
        where T : struct, IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        for (var j = 0; j < weights.Length; j++)
        {
            if (weights[j] == T.Zero)
            {
                continue;
            }

            var column = new Range(j * outputSize, (j + 1) * outputSize);
            sum += weights[j] * loss.Cost(weightedInputs[column], outputs[column], targets[column], outputSize);
        }

        return sum;
    }

    /// <summary>Copies the chosen samples' weights into the workspace; marks it weighted when there are weights.</summary>
    public static void Gather<T>(T[]? weights, ReadOnlySpan<int> samples, TrainingWorkspace<T> workspace)
        where T : struct, IFloatingPointIeee754<T>
    {
        workspace.IsWeighted = weights is not null;
        if (weights is null)
        {
            return;
        }

        var destination = workspace.SampleWeights;
        for (var c = 0; c < samples.Length; c++)
        {
            destination[c] = weights[samples[c]];
        }
    }

    private static T ColumnScale<T>(ReadOnlySpan<T> weights)
        where T : struct, IFloatingPointIeee754<T>
    {
        var total = T.Zero;
        foreach (var w in weights)
        {
            total += w;
        }

        return total > T.Zero ? T.One / total : T.Zero;
    }
}
