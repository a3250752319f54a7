using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// An optimizer's running state held in memory, written and read back through the same interfaces a checkpoint
/// uses, so that every optimizer that can save its state can also take it back after a step that diverged; and the
/// check that a state is finite. Arrays are kept in the trainer's order and reused from step to step.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class StateSnapshot<T> : IStateWriter<T>, IStateReader<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T[]> _arrays = new(StringComparer.Ordinal);
    private bool _checkingOnly;
    private string? _firstNonFinite;

    /// <summary>A snapshot for an objective with parameter segments of these lengths.</summary>
    public StateSnapshot(IReadOnlyList<int> segmentLengths)
    {
        SegmentLengths = segmentLengths;
        ParameterCount = segmentLengths.Sum();
    }

    /// <inheritdoc />
    public IReadOnlyList<int> SegmentLengths { get; }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <summary>The lengths of an objective's parameter segments.</summary>
    public static int[] LengthsOf(TrainingObjective<T> objective)
        => [.. Enumerable.Range(0, objective.SegmentCount).Select(s => objective.GetParameters(s).Length)];

    /// <summary>Keeps a copy of what <paramref name="write"/> writes (the optimizer's state before a step).</summary>
    public void Capture(Action<IStateWriter<T>> write)
    {
        _checkingOnly = false;
        write(this);
    }

    /// <summary>The name of the first state member that <paramref name="write"/> writes with a NaN or infinite value, or null when all are finite.</summary>
    public string? FirstNonFinite(Action<IStateWriter<T>> write)
    {
        _checkingOnly = true;
        _firstNonFinite = null;
        write(this);
        _checkingOnly = false;
        return _firstNonFinite;
    }

    /// <inheritdoc />
    void IStateWriter<T>.Counter(string name, long value)
    {
        if (!_checkingOnly)
        {
            _counters[name] = value;
        }
    }

    /// <inheritdoc />
    void IStateWriter<T>.Values(string name, ReadOnlySpan<T> values) => Keep(name, values, 0, values.Length);

    /// <inheritdoc />
    void IStateWriter<T>.Parameters(string name, ReadOnlySpan<T> vector) => Keep(name, vector, 0, vector.Length);

    /// <inheritdoc />
    void IStateWriter<T>.Parameters(string name, T[][] segments)
    {
        var total = 0;
        foreach (var segment in segments)
        {
            total += segment.Length;
        }

        var offset = 0;
        foreach (var segment in segments)
        {
            Keep(name, segment, offset, total);
            offset += segment.Length;
        }
    }

    /// <inheritdoc />
    long IStateReader<T>.Counter(string name, long minimum, long maximum) => _counters[name];

    /// <inheritdoc />
    T[] IStateReader<T>.Values(string name, int count, string what, ValueRule<T> rule) => [.. _arrays[name]];

    /// <inheritdoc />
    T[] IStateReader<T>.Parameters(string name, ValueRule<T> rule) => [.. _arrays[name]];

    /// <inheritdoc />
    T[][] IStateReader<T>.ParameterSegments(string name, ValueRule<T> rule) => OptimizerCodec.Split<T>(_arrays[name], SegmentLengths);

    /// <inheritdoc />
    Exception IStateReader<T>.Refuse(string name, string problem) => new InvalidOperationException($"The optimizer's own state broke its rule at {name}: {problem}");

    // Copies one piece of a member (at offset, in an array of total length), or only checks it.
    private void Keep(string name, ReadOnlySpan<T> values, int offset, int total)
    {
        if (_checkingOnly)
        {
            if (_firstNonFinite is null && !ElementwiseKernels.AllFinite(values))
            {
                _firstNonFinite = name;
            }

            return;
        }

        if (!_arrays.TryGetValue(name, out var kept) || kept.Length != total)
        {
            kept = new T[total];
            _arrays[name] = kept;
        }

        values.CopyTo(kept.AsSpan(offset));
    }
}
