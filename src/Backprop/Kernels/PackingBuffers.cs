using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// Scratch of one packed product: the packed block of A, the packed block of B and one spilled edge tile, carved
/// from one array rented from <see cref="ArrayPool{T}.Shared"/> when the product starts and returned when it ends.
/// </summary>
/// <remarks>
/// <para>
/// Bounded: sized to the product's blocks, never more than <see cref="MaxLength"/> elements
/// (<c>(8·MR + NC)·KC + MR·NR</c> at the widest tile and a cache line: about 2.74 MiB for float32 and 3.25 MiB for
/// float64, before the pool rounds up to a power of two). The backward product of a 784-100-10 network with a batch of
/// 10 (784×10, depth 100) takes 27,200 float32 elements (106 KiB; the pool hands out 128 KiB). The packed blocks start
/// on a 64-byte boundary (where the array is when the product starts), so the tile's vector loads of a packed A do not
/// straddle cache lines, whatever address the pool's array happens to have (an A read in place is where its owner put
/// it; its scratch is sized as if packed, which is more than its last panel needs).
/// </para>
/// <para>
/// Released: no thread holds scratch between products. The shared pool keeps a returned array for the next product
/// on the same thread, so steady-state training allocates nothing; at full garbage collections it drops the arrays
/// that have stayed unused (for 30 s, 15 s under medium memory pressure, at once under high pressure).
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal readonly struct PackingBuffers<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T[] _array;
    private readonly int _packedAStart;
    private readonly int _packedBStart;
    private readonly int _tileStart;
    private readonly int _tileLength;

    private PackingBuffers(T[] array, int packedALength, int packedBLength, int tileLength)
    {
        _array = array;
        _packedAStart = ElementsToCacheLine(array);
        _packedBStart = _packedAStart + packedALength;
        _tileStart = _packedBStart + packedBLength;
        _tileLength = tileLength;
    }

    /// <summary>The most elements any product rents: the full blocks of A and B and a tile, at the widest tile (512-bit vectors).</summary>
    public static int MaxLength => Length(int.MaxValue, int.MaxValue, int.MaxValue, 2 * Vector512<T>.Count);

    /// <summary>The packed <c>MC×KC</c> block of A (or as much of it as the product has).</summary>
    public Span<T> PackedA => _array.AsSpan(_packedAStart, _packedBStart - _packedAStart);

    /// <summary>The packed <c>KC×NC</c> block of B (or as much of it as the product has).</summary>
    public Span<T> PackedB => _array.AsSpan(_packedBStart, _tileStart - _packedBStart);

    /// <summary>One <c>MR×NR</c> tile, for edges of C that do not fill a whole tile.</summary>
    public Span<T> Tile => _array.AsSpan(_tileStart, _tileLength);

    /// <summary>Rents the scratch of an <c>m×k · k×n</c> product with tiles of <paramref name="mr"/> rows.</summary>
    public static PackingBuffers<T> Rent(int m, int n, int k, int mr)
    {
        var (packedA, packedB, tile) = Lengths(m, n, k, mr);
        return new PackingBuffers<T>(ArrayPool<T>.Shared.Rent(Length(m, n, k, mr)), packedA, packedB, tile);
    }

    /// <summary>
    /// Elements the scratch of an <c>m×k · k×n</c> product (m, n, k ≥ 1) with tiles of <paramref name="mr"/> rows rents:
    /// its panels and tile, and a cache line of slack so that the panels can start on a cache-line boundary.
    /// </summary>
    public static int Length(int m, int n, int k, int mr)
    {
        var (packedA, packedB, tile) = Lengths(m, n, k, mr);
        return CacheLineElements + packedA + packedB + tile;
    }

    /// <summary>Gives the array back to the pool; the scratch must not be used after.</summary>
    public void Return() => ArrayPool<T>.Shared.Return(_array);

    /// <summary>Elements per 64-byte cache line (the slack a rented array has for aligning the panels).</summary>
    private static int CacheLineElements => 64 / Unsafe.SizeOf<T>();

    /// <summary>Elements from the start of <paramref name="array"/> to its first element on a cache-line boundary.</summary>
    private static int ElementsToCacheLine(T[] array)
    {
        var address = Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetArrayDataReference(array));
        return (int)((64 - (address & 63)) & 63) / Unsafe.SizeOf<T>();
    }

    private static (int PackedA, int PackedB, int Tile) Lengths(int m, int n, int k, int mr)
    {
        // Whole panels of the first block of A (up to MC rows) and of B (up to NC columns), at the first block's depth.
        var depth = PackedProduct.DepthStep<T>(k);
        var rowsOfA = Math.Min(PackedProduct.TilesPerBlockOfA, ((m - 1) / mr) + 1) * mr;
        var columnsOfB = Math.Min(PackedProduct.NC / PackedProduct.NR, ((n - 1) / PackedProduct.NR) + 1) * PackedProduct.NR;
        return (rowsOfA * depth, columnsOfB * depth, mr * PackedProduct.NR);
    }
}
