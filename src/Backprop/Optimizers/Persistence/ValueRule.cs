namespace Backprop;

/// <summary>What every value of a saved state array must satisfy (by default, nothing beyond being finite).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Holds">The test; null for any finite value.</param>
/// <param name="Description">The rule as a message ends it: "it must be …".</param>
internal readonly record struct ValueRule<T>(Func<T, bool>? Holds, string Description)
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    /// <summary>Zero or more (second moments, mean squares, ρ).</summary>
    public static ValueRule<T> NonNegative { get; } = new(value => value >= T.Zero, "at least 0");

    /// <summary>In [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static ValueRule<T> Within(T minimum, T maximum, string description) => new(value => value >= minimum && value <= maximum, description);
}
