using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// Flush to zero (<see cref="ElementwiseKernels.FlushSubnormals{T}"/>): a subnormal value — nonzero and below the smallest
/// normal number, 2⁻¹²⁶ in float32 and 2⁻¹⁰²² in float64 — becomes +0 (as does −0), and every other value keeps its bits,
/// in the vector body and in the scalar tail alike; a sum of squares leaves out the squares that would be subnormal.
/// </summary>
public sealed class SubnormalFlushTests
{
    private static readonly int[] Lengths = [1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65, 100];

    /// <summary>The values to place, by their bits: subnormals of both signs and both ends of the range, and their neighbours.</summary>
    private static readonly float[] FloatValues =
    [
        float.Epsilon, -float.Epsilon, BitConverter.Int32BitsToSingle(0x007F_FFFF), -BitConverter.Int32BitsToSingle(0x007F_FFFF),
        BitConverter.Int32BitsToSingle(0x0080_0000), -BitConverter.Int32BitsToSingle(0x0080_0000), 1e-39f, 0f, -0f, 1f, -3.5f,
        float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
    ];

    private static readonly double[] DoubleValues =
    [
        double.Epsilon, -double.Epsilon, BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF), -BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF),
        BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000), -BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000), 1e-310, 0.0, -0.0, 1.0, -3.5,
        double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
    ];

    [Fact]
    public void Subnormal_floats_and_minus_zero_become_plus_zero_and_every_other_float_keeps_its_bits()
        => FlushesOnlySubnormals(FloatValues, float.IsSubnormal);

    [Fact]
    public void Subnormal_doubles_and_minus_zero_become_plus_zero_and_every_other_double_keeps_its_bits()
        => FlushesOnlySubnormals(DoubleValues, double.IsSubnormal);

    [Fact]
    public void The_largest_float_whose_square_is_subnormal_adds_nothing_to_a_sum_of_squares_and_the_next_adds_the_smallest_normal()
    {
        // Given 2⁻⁶³ (whose square is 2⁻¹²⁶, the smallest normal float) and the float just below it
        var root = BitConverter.Int32BitsToSingle(0x2000_0000);
        var below = BitConverter.Int32BitsToSingle(0x1FFF_FFFF);

        // When their squares are summed, alone and beside 3 and 4, in the vector body and in the tail
        // Then 2⁻⁶³ adds exactly 2⁻¹²⁶ and the one below adds nothing, and 3² + 4² stays exactly 25
        ElementwiseKernels.SumOfSquares<float>([root]).Should().Be(BitConverter.Int32BitsToSingle(0x0080_0000));
        ElementwiseKernels.SumOfSquares<float>([below, -below]).Should().Be(0f);
        foreach (var length in Lengths.Where(length => length >= 2))
        {
            var values = Enumerable.Repeat(-below, length).ToArray();
            values[0] = 3f;
            values[^1] = 4f;
            ElementwiseKernels.SumOfSquares<float>(values).Should().Be(25f, "length {0}", length);
            ElementwiseKernels.AddScaledIsFinite<float>(new float[length], values, -1f, out var checkedSum).Should().BeTrue();
            checkedSum.Should().Be(25f, "the check's sum, length {0}", length);
        }
    }

    [Fact]
    public void The_largest_double_whose_square_is_subnormal_adds_nothing_to_a_sum_of_squares_and_the_next_adds_the_smallest_normal()
    {
        // Given 2⁻⁵¹¹ (whose square is 2⁻¹⁰²²) and the double just below it
        var root = BitConverter.Int64BitsToDouble(0x2000_0000_0000_0000);
        var below = BitConverter.Int64BitsToDouble(0x1FFF_FFFF_FFFF_FFFF);

        // When their squares are summed, Then only 2⁻⁵¹¹ counts, as 2⁻¹⁰²² exactly
        ElementwiseKernels.SumOfSquares<double>([root, below]).Should().Be(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000));
        ElementwiseKernels.SumOfSquares<double>(Enumerable.Repeat(below, 33).ToArray()).Should().Be(0.0);
    }

    [Fact]
    public void A_sum_of_squares_still_says_NaN_for_NaN_and_infinity_for_an_infinite_value()
    {
        foreach (var length in Lengths)
        {
            var values = Enumerable.Repeat(1e-30f, length).ToArray();
            values[length / 2] = float.NaN;
            float.IsNaN(ElementwiseKernels.SumOfSquares<float>(values)).Should().BeTrue("length {0}", length);
            values[length / 2] = float.NegativeInfinity;
            ElementwiseKernels.SumOfSquares<float>(values).Should().Be(float.PositiveInfinity, "length {0}", length);
        }
    }

    private static void FlushesOnlySubnormals<T>(T[] special, Func<T, bool> isSubnormal)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (var length in Lengths)
        {
            for (var shift = 0; shift < special.Length; shift++)
            {
                // Given the special values cycled through the positions (each reaches the vector body and the tail)
                var values = Enumerable.Range(0, length).Select(i => special[(i + shift) % special.Length]).ToArray();

                // When subnormals are flushed
                var flushed = (T[])values.Clone();
                ElementwiseKernels.FlushSubnormals<T>(flushed);

                // Then the subnormals and −0 are +0 (all bits clear) and the rest are untouched, bit for bit
                var expected = values.Select(value => isSubnormal(value) || T.IsZero(value) ? T.Zero : value).ToArray();
                Bitwise.ShouldEqual(expected, flushed, $"{typeof(T).Name}, length {length}, shift {shift}");
            }
        }
    }
}
