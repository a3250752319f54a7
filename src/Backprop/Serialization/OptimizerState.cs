namespace Backprop;

/// <summary>
/// An optimizer's running state as a checkpoint holds it: named parameter vectors (one value per network
/// parameter, in the trainer's order: per layer its column-major weights, then its biases), other named arrays
/// and named counters. Optimizers fill it in <c>ExportState</c> and read it back in <c>ImportState</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class OptimizerState<T>
{
    /// <summary>Arrays with one value per parameter (moments, velocities, step sizes, L-BFGS pairs).</summary>
    public Dictionary<string, T[]> ParameterVectors { get; } = new(StringComparer.Ordinal);

    /// <summary>Other arrays (the L-BFGS ρ, one per remembered pair).</summary>
    public Dictionary<string, T[]> Arrays { get; } = new(StringComparer.Ordinal);

    /// <summary>Counters (the L-BFGS pair count and newest slot).</summary>
    public Dictionary<string, long> Counters { get; } = new(StringComparer.Ordinal);

    /// <summary>Copies per-segment arrays into one vector.</summary>
    public static T[] Concatenate(T[][] segments)
    {
        var result = new T[segments.Sum(segment => segment.Length)];
        var offset = 0;
        foreach (var segment in segments)
        {
            segment.CopyTo(result, offset);
            offset += segment.Length;
        }

        return result;
    }

    /// <summary>Copies a vector into new per-segment arrays of the given lengths.</summary>
    public static T[][] Split(T[] vector, IReadOnlyList<int> segmentLengths)
    {
        var result = new T[segmentLengths.Count][];
        var offset = 0;
        for (var s = 0; s < result.Length; s++)
        {
            result[s] = vector.AsSpan(offset, segmentLengths[s]).ToArray();
            offset += segmentLengths[s];
        }

        return result;
    }
}
