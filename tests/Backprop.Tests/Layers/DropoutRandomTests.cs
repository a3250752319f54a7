namespace Backprop.Tests.Layers;

/// <summary>
/// The dropout masks' random sequence (<see cref="DropoutRandom"/>): <see cref="DropoutRandom.FillMask{T}"/> makes the
/// decisions of the rule "drop when the next uniform is below the rate", element by element in order, with the
/// uniforms of xoshiro256** (Blackman &amp; Vigna's reference, written out below), and leaves the sequence where the
/// rule leaves it.
/// </summary>
public sealed class DropoutRandomTests
{
    /// <summary>A state to start from (any not all zero).</summary>
    private static readonly ulong[] Start = [0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL, 0x0F1E2D3C4B5A6978UL, 0x8796A5B4C3D2E1F0UL];

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.1)]
    [InlineData(0.9)]
    [InlineData(1e-3)]
    public void A_mask_drops_exactly_the_elements_whose_uniform_is_below_the_rate(double rate)
    {
        // Given the generator and the reference at the same state
        var filling = new DropoutRandom(Start);
        var reference = new Xoshiro256StarStar(Start);
        var kept = 1 / (1 - rate);

        // When one fills a mask of 1,001 elements and the other draws the uniforms one at a time
        var mask = new double[1001];
        filling.FillMask<double>(mask, rate, kept);
        var expected = Enumerable.Range(0, mask.Length).Select(_ => reference.NextDouble() < rate ? 0.0 : kept).ToArray();

        // Then the masks agree element for element, and both sequences stand at the same place
        mask.Should().Equal(expected);
        mask.Should().Contain(0.0).And.Contain(kept);
        filling.State.Should().Equal(reference.State);
    }

    [Fact]
    public void A_uniform_equal_to_the_rate_is_kept_and_one_just_below_it_is_dropped()
    {
        // Given the first uniform u of the sequence
        var u = new Xoshiro256StarStar(Start).NextDouble();

        // When the mask's first element is drawn with the rate u, and with the next double above u
        var atU = new float[1];
        new DropoutRandom(Start).FillMask<float>(atU, u, 2f);
        var aboveU = new float[1];
        new DropoutRandom(Start).FillMask<float>(aboveU, Math.BitIncrement(u), 2f);

        // Then u < u is false (kept), and u < the next double is true (dropped): the integer threshold is exact
        atU[0].Should().Be(2f);
        aboveU[0].Should().Be(0f);
    }

    /// <summary>xoshiro256** as its authors' reference C gives it, with the uniform double of its top 53 bits.</summary>
    private sealed class Xoshiro256StarStar(ulong[] state)
    {
        private readonly ulong[] _s = [.. state];

        public ulong[] State => [.. _s];

        public double NextDouble() => (Next() >> 11) * Math.ScaleB(1.0, -53);

        private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

        private ulong Next()
        {
            var result = Rotl(_s[1] * 5, 7) * 9;
            var t = _s[1] << 17;
            _s[2] ^= _s[0];
            _s[3] ^= _s[1];
            _s[1] ^= _s[2];
            _s[0] ^= _s[3];
            _s[2] ^= t;
            _s[3] = Rotl(_s[3], 45);
            return result;
        }
    }
}
