namespace Backprop;

/// <summary>
/// The random sequence of the dropout masks: xoshiro256** (Blackman &amp; Vigna, 2018) seeded through
/// SplitMix64. Unlike <see cref="Random"/> its whole state is four numbers, so a checkpoint can save it and
/// resume the exact sequence in constant time.
/// </summary>
internal sealed class DropoutRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Starts the sequence of a seed.</summary>
    public DropoutRandom(int seed)
    {
        var x = (ulong)(uint)seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Continues a sequence from a saved state (not all zero).</summary>
    public DropoutRandom(ulong[] state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("A dropout random state is four numbers, not all zero.", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The current state, to save.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    /// <summary>The current state as a value, to put back after a step that failed (no allocation).</summary>
    public Position At
    {
        get => new(_s0, _s1, _s2, _s3);
        set => (_s0, _s1, _s2, _s3) = (value.S0, value.S1, value.S2, value.S3);
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits of the next number.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A position in the sequence: the four words of state.</summary>
    public readonly record struct Position(ulong S0, ulong S1, ulong S2, ulong S3);

    private static ulong RotateLeft(ulong value, int bits) => (value << bits) | (value >> (64 - bits));

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
