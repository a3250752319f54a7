namespace Backprop.Tests.Layers;

/// <summary>
/// The dropout masks' random sequence (<see cref="DropoutRandom"/>): <see cref="DropoutRandom.FillMask{T}"/> makes the
/// decisions of the rule "drop when the next uniform is below the rate", element by element in order, and leaves the
/// sequence where that rule leaves it.
/// </summary>
public sealed class DropoutRandomTests
{
    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.3, 2)]
    [InlineData(0.1, 3)]
    [InlineData(0.9, 4)]
    [InlineData(1e-3, 5)]
    public void A_mask_drops_exactly_the_elements_whose_uniform_is_below_the_rate(double rate, int seed)
    {
        // Given two generators of the same seed
        var filling = new DropoutRandom(seed);
        var reference = new DropoutRandom(seed);
        var kept = 1 / (1 - rate);

        // When one fills a mask of 1,001 elements and the other draws the uniforms one at a time
        var mask = new double[1001];
        filling.FillMask<double>(mask, rate, kept);
        var expected = Enumerable.Range(0, mask.Length).Select(_ => reference.NextDouble() < rate ? 0.0 : kept).ToArray();

        // Then the masks agree element for element, and both sequences stand at the same place
        mask.Should().Equal(expected);
        mask.Should().Contain(0.0).And.Contain(kept);
        filling.At.Should().Be(reference.At);
    }

    [Fact]
    public void A_uniform_equal_to_the_rate_is_kept_and_one_just_below_it_is_dropped()
    {
        // Given the first uniform u of a sequence
        var u = new DropoutRandom(7).NextDouble();

        // When the mask's first element is drawn with the rate u, and with the next double above u
        var atU = new float[1];
        new DropoutRandom(7).FillMask<float>(atU, u, 2f);
        var aboveU = new float[1];
        new DropoutRandom(7).FillMask<float>(aboveU, Math.BitIncrement(u), 2f);

        // Then u < u is false (kept), and u < the next double is true (dropped): the integer threshold is exact
        atU[0].Should().Be(2f);
        aboveU[0].Should().Be(0f);
    }
}
