namespace Backprop;

/// <summary>
/// Where an optimizer reads back its running state. Every value is checked here (present, finite, of the right
/// length, and within the rule given), so what the optimizer receives is sound; members it does not ask for are
/// refused once it is done.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IStateReader<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    /// <summary>The lengths of the network's parameter segments (per layer: weights, then biases if present).</summary>
    IReadOnlyList<int> SegmentLengths { get; }

    /// <summary>The number of network parameters (the sum of <see cref="SegmentLengths"/>).</summary>
    int ParameterCount { get; }

    /// <summary>A counter in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    long Counter(string name, long minimum, long maximum);

    /// <summary><paramref name="count"/> values (described by <paramref name="what"/> in messages) that each satisfy <paramref name="rule"/>.</summary>
    T[] Values(string name, int count, string what, ValueRule<T> rule = default);

    /// <summary>One value per network parameter, in the trainer's order, each satisfying <paramref name="rule"/>.</summary>
    T[] Parameters(string name, ValueRule<T> rule = default);

    /// <summary>As <see cref="Parameters"/>, as one new array per parameter segment.</summary>
    T[][] ParameterSegments(string name, ValueRule<T> rule = default);

    /// <summary>The exception to throw for a member that breaks a rule between members (for example ρ = 1/(sᵀy)).</summary>
    Exception Refuse(string name, string problem);
}
