using System.Numerics;
using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="ColumnSums"/> against the scalar chain it promises to reproduce, <c>yᵢ ← fma(A(i,p), x(p), yᵢ)</c> for
/// p = 0, 1, …, k − 1, bit for bit: on row counts below, at and around one vector, one block (fifteen vectors at 256 bits:
/// 120 floats, 60 doubles; twelve at 512: 192 floats, 96 doubles), one row more (two even blocks), two whole blocks and a
/// row more (three), each over depths within one stretch of 32 columns and over several, and over no depth at all (y
/// is 0, or unchanged when accumulating), with a strided x and with accumulation.
/// </summary>
public sealed class ColumnSumsTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 1)]
    [InlineData(9, 0)]
    [InlineData(130, 0)]
    [InlineData(7, 5)]
    [InlineData(8, 9)]
    [InlineData(9, 3)]
    [InlineData(15, 4)]
    [InlineData(16, 2)]
    [InlineData(17, 6)]
    [InlineData(33, 40)]
    [InlineData(100, 784)]
    [InlineData(120, 5)]
    [InlineData(121, 6)]
    [InlineData(121, 70)]
    [InlineData(241, 33)]
    [InlineData(240, 40)]
    [InlineData(193, 40)]
    [InlineData(385, 33)]
    [InlineData(240, 3)]
    [InlineData(241, 4)]
    [InlineData(191, 3)]
    [InlineData(192, 2)]
    [InlineData(200, 5)]
    [InlineData(208, 3)]
    [InlineData(600, 4)]
    public void Each_element_is_the_scalar_fused_chain_over_the_depth_in_order_in_float(int m, int k)
    {
        ProductIsTheScalarChain<float>(m, k);
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 1)]
    [InlineData(5, 0)]
    [InlineData(70, 0)]
    [InlineData(4, 5)]
    [InlineData(5, 9)]
    [InlineData(8, 3)]
    [InlineData(9, 4)]
    [InlineData(60, 5)]
    [InlineData(61, 6)]
    [InlineData(61, 65)]
    [InlineData(121, 40)]
    [InlineData(120, 40)]
    [InlineData(97, 40)]
    [InlineData(193, 33)]
    [InlineData(120, 3)]
    [InlineData(121, 4)]
    [InlineData(95, 2)]
    [InlineData(96, 6)]
    [InlineData(100, 784)]
    [InlineData(104, 3)]
    [InlineData(300, 5)]
    public void Each_element_is_the_scalar_fused_chain_over_the_depth_in_order_in_double(int m, int k)
    {
        ProductIsTheScalarChain<double>(m, k);
    }

    private static void ProductIsTheScalarChain<T>(int m, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var accumulate in new[] { false, true })
        {
            // Given A (m × k, leading dimension m + 3, after an offset), x every other element (A and x one to spare, so that a depth
            // of 0 has a first element to point at), and y after an offset
            var random = new Random((m * 1009) + k);
            const int aOffset = 2;
            const int yOffset = 3;
            var lda = m + 3;
            var a = TestData.UniformArray<T>(random, aOffset + (lda * k) + 1);
            var x = TestData.UniformArray<T>(random, (2 * k) + 1);
            var y = TestData.UniformArray<T>(random, yOffset + m + 2);
            var expected = (T[])y.Clone();
            for (var i = 0; i < m; i++)
            {
                var sum = accumulate ? y[yOffset + i] : T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum = T.FusedMultiplyAdd(a[aOffset + i + (p * lda)], x[2 * p], sum);
                }

                expected[yOffset + i] = sum;
            }

            // When y = A·x (or y += A·x)
            ColumnSums.Multiply(m, k, ref a[aOffset], lda, ref x[0], 2, ref y[yOffset], accumulate);

            // Then every element has the scalar chain's bits, and nothing around y changed
            Bitwise.ShouldEqual(expected, y, $"y of {m} rows, depth {k}, accumulate {accumulate}");
        }
    }
}
