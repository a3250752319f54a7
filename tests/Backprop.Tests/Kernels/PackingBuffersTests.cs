using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="PackingBuffers{T}"/>: the scratch of a packed product is sized to the product, never above the
/// documented bound, and goes back to the shared pool after each product, so a warm product allocates nothing.
/// </summary>
public sealed class PackingBuffersTests
{
    [Fact]
    public void Scratch_of_a_small_product_is_whole_panels_of_it_and_one_tile()
    {
        // Given a 10×3 · 3×7 product with tiles of 32 rows
        // When its scratch is sized
        var length = PackingBuffers<float>.Length(10, 7, 3, 32);

        // Then it holds one 32-row panel of A and one 12-column panel of B, each 3 deep, one 32×12 tile and a cache line (16 floats)
        length.Should().Be((32 * 3) + (12 * 3) + (32 * 12) + 16);
    }

    [Fact]
    public void No_product_takes_more_scratch_than_the_documented_bound()
    {
        // Given the widest tiles (two 512-bit vectors: 32 floats, 16 doubles) and products far larger than one block
        // When the scratch of the largest products is sized
        // Then it is (8·MR + NC)·KC + MR·NR elements and a cache line, MC = 8·MR, NC = 1,536, KC = 400 floats or 256 doubles,
        // NR = 12: about 2.74 MiB and 3.25 MiB
        PackingBuffers<float>.MaxLength.Should().Be((((8 * 32) + 1536) * 400) + (32 * 12) + 16);
        PackingBuffers<double>.MaxLength.Should().Be((((8 * 16) + 1536) * 256) + (16 * 12) + 8);
        PackingBuffers<float>.Length(100_000, 100_000, 100_000, 32).Should().Be(PackingBuffers<float>.MaxLength);
        PackingBuffers<double>.Length(1_000_000, 7, 100_000, 16).Should().BeLessThan(PackingBuffers<double>.MaxLength);
        (PackingBuffers<float>.MaxLength * sizeof(float)).Should().BeLessThan((2800 * 1024) + 2048);
        (PackingBuffers<double>.MaxLength * sizeof(double)).Should().BeLessThan((3328 * 1024) + 2048);
    }

    [Fact]
    public void Returned_scratch_is_what_the_next_product_on_the_thread_gets()
    {
        // Given scratch rented for a 300×300×300 product and returned
        var first = PackingBuffers<double>.Rent(300, 300, 300, 16);
        ref var firstElement = ref MemoryMarshal.GetReference(first.PackedA);
        first.Return();

        // When the next product on this thread rents its scratch
        var second = PackingBuffers<double>.Rent(300, 300, 300, 16);
        var same = Unsafe.AreSame(ref firstElement, ref MemoryMarshal.GetReference(second.PackedA));
        second.Return();

        // Then it gets the same array back from the pool, not a new one
        same.Should().BeTrue("a returned array is reused by the next product on the same thread");
    }

    [Fact]
    public void Packed_blocks_start_on_a_cache_line_whatever_the_array_address()
    {
        foreach (var (m, n, k) in new[] { (10, 7, 3), (300, 300, 300), (784, 10, 100), (5, 2000, 300) })
        {
            // Given the scratch of a product, from whichever array the pool hands out
            var buffers = PackingBuffers<float>.Rent(m, n, k, 32);

            // When the addresses of the packed blocks are taken
            var a = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(buffers.PackedA));
            var b = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(buffers.PackedB));
            var tile = buffers.Tile.Length;
            buffers.Return();

            // Then both are multiples of 64 bytes, and the tile is whole
            (a % 64).Should().Be(0, "A's block of the {0}×{1}×{2} product starts a cache line", m, n, k);
            (b % 64).Should().Be(0, "B's block of the {0}×{1}×{2} product starts a cache line", m, n, k);
            tile.Should().Be(32 * 12);
        }
    }

    [Theory]
    [InlineData(300, 300, 300, false)]
    [InlineData(784, 10, 100, true)]
    [InlineData(64, 2000, 300, false)]
    public void A_warm_packed_product_allocates_nothing(int m, int n, int k, bool aTransposed)
    {
        // Given operands of a packed product (784×10 with depth 100 and A transposed: the backward product of a
        // 784-100-10 network with a batch of 10), and the product run once
        var random = new Random(m + n + k);
        var a = TestData.UniformArray<float>(random, m * k);
        var b = TestData.UniformArray<float>(random, k * n);
        var c = new float[m * n];
        var aMatrix = aTransposed ? new StridedMatrix<float>(a, 0, k, 1) : new StridedMatrix<float>(a, 0, 1, m);
        void Product() => PackedProduct.Multiply(m, n, k, 1f, aMatrix, new StridedMatrix<float>(b, 0, 1, k), new StridedMatrix<float>(c, 0, 1, m), accumulate: false);
        Product();

        // When it runs three more times, in each of five rounds
        var allocated = Allocations.FewestPerRound(() =>
        {
            Product();
            Product();
            Product();
        });

        // Then a round allocated no byte: each product took its scratch from the pool and gave it back
        allocated.Should().Be(0);
    }
}
