using System.Numerics;

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

    /// <summary>
    /// Draws an inverted-dropout mask: <c>mask[i] = 0</c> when the i-th next uniform of the sequence, the top 53 bits
    /// of the next number as a double in [0, 1), is below <paramref name="rate"/>, otherwise <paramref name="kept"/> —
    /// the decisions of that comparison, without its conversion or its branch.
    /// </summary>
    /// <remarks>
    /// For the integer u = x ≫ 11 the uniform is u·2⁻⁵³, exactly, so u·2⁻⁵³ &lt; rate ⇔ u &lt; ⌈rate·2⁵³⌉ (rate·2⁵³ is
    /// exact too). The state lives in locals for the loop (the mask cannot alias it), and the choice is a 0/1
    /// factor, because the decisions are random and a branch on them would be mispredicted half of the time.
    /// </remarks>
    /// <param name="mask">The mask to fill, element by element in order.</param>
    /// <param name="rate">The drop probability, in (0, 1).</param>
    /// <param name="kept">The value of a kept element, 1/(1 − rate).</param>
    public void FillMask<T>(Span<T> mask, double rate, T kept)
        where T : struct, IFloatingPointIeee754<T>
    {
        var threshold = (ulong)Math.Ceiling(rate * (1UL << 53));
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        for (var i = 0; i < mask.Length; i++)
        {
            var keep = (Next(ref s0, ref s1, ref s2, ref s3) >> 11) >= threshold ? 1u : 0u;
            mask[i] = kept * T.CreateTruncating(keep);
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>xoshiro256**: the next number of the state, which advances by one.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Next(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
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
