namespace Backprop;

/// <summary>Where an optimizer writes its running state for a checkpoint: named counters and arrays.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IStateWriter<T>
{
    /// <summary>Writes a counter.</summary>
    void Counter(string name, long value);

    /// <summary>Writes an array that is not indexed by parameter (the L-BFGS ρ, one per remembered pair).</summary>
    void Values(string name, ReadOnlySpan<T> values);

    /// <summary>Writes one value per network parameter, given in the trainer's order (per layer its column-major weights, then its biases).</summary>
    void Parameters(string name, ReadOnlySpan<T> vector);

    /// <summary>Writes one value per network parameter, given as one array per parameter segment.</summary>
    void Parameters(string name, T[][] segments);
}
