using System.Buffers;
using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// Scratch of one packed product: the packed block of A, the packed block of B and one spilled edge tile, carved
/// from one array rented from <see cref="ArrayPool{T}.Shared"/> when the product starts and returned when it ends.
/// </summary>
/// <remarks>
/// <para>
/// Bounded: sized to the product's blocks, never more than <see cref="MaxLength"/> elements
/// (<c>(8·MR + NC)·KC + MR·NR</c> at the widest tile: about 1.75 MiB for float32 and 3.25 MiB for float64, before
/// the pool rounds up to a power of two). The backward product of a 784-100-10 network with a batch of 10 (784×10,
/// depth 100) takes 26,992 float32 elements (105 KiB; the pool hands out 128 KiB).
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
    private readonly int _packedBStart;
    private readonly int _tileStart;
    private readonly int _tileLength;

    private PackingBuffers(T[] array, int packedALength, int packedBLength, int tileLength)
    {
        _array = array;
        _packedBStart = packedALength;
        _tileStart = packedALength + packedBLength;
        _tileLength = tileLength;
    }

    /// <summary>The most elements any product rents: the full blocks of A and B and a tile, at the widest tile (512-bit vectors).</summary>
    public static int MaxLength => Length(int.MaxValue, int.MaxValue, int.MaxValue, 2 * System.Runtime.Intrinsics.Vector512<T>.Count);

    /// <summary>The packed <c>MC×KC</c> block of A (or as much of it as the product has).</summary>
    public Span<T> PackedA => _array.AsSpan(0, _packedBStart);

    /// <summary>The packed <c>KC×NC</c> block of B (or as much of it as the product has).</summary>
    public Span<T> PackedB => _array.AsSpan(_packedBStart, _tileStart - _packedBStart);

    /// <summary>One <c>MR×NR</c> tile, for edges of C that do not fill a whole tile.</summary>
    public Span<T> Tile => _array.AsSpan(_tileStart, _tileLength);

    /// <summary>Rents the scratch of an <c>m×k · k×n</c> product with tiles of <paramref name="mr"/> rows.</summary>
    public static PackingBuffers<T> Rent(int m, int n, int k, int mr)
    {
        var (packedA, packedB, tile) = Lengths(m, n, k, mr);
        return new PackingBuffers<T>(ArrayPool<T>.Shared.Rent(packedA + packedB + tile), packedA, packedB, tile);
    }

    /// <summary>Elements the scratch of an <c>m×k · k×n</c> product (m, n, k ≥ 1) with tiles of <paramref name="mr"/> rows takes.</summary>
    public static int Length(int m, int n, int k, int mr)
    {
        var (packedA, packedB, tile) = Lengths(m, n, k, mr);
        return packedA + packedB + tile;
    }

    /// <summary>Gives the array back to the pool; the scratch must not be used after.</summary>
    public void Return() => ArrayPool<T>.Shared.Return(_array);

    private static (int PackedA, int PackedB, int Tile) Lengths(int m, int n, int k, int mr)
    {
        // Whole panels of the first block of A (up to MC rows) and of B (up to NC columns), at the first block's depth.
        var depth = Math.Min(PackedProduct.KC, k);
        var rowsOfA = Math.Min(PackedProduct.TilesPerBlockOfA, ((m - 1) / mr) + 1) * mr;
        var columnsOfB = Math.Min(PackedProduct.NC / PackedProduct.NR, ((n - 1) / PackedProduct.NR) + 1) * PackedProduct.NR;
        return (rowsOfA * depth, columnsOfB * depth, mr * PackedProduct.NR);
    }
}
