using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// Per-thread scratch for <see cref="Gemm"/>: the packed blocks of A and B and one spilled edge tile.
/// Allocated once per thread and element type, so a product in steady state allocates nothing and
/// threads never share scratch.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal sealed class PackingBuffers<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Columns of B per packed block (a multiple of <see cref="Gemm.NR"/>; 1,024 columns fit in one block).</summary>
    public const int NC = 1536;

    [ThreadStatic]
    private static PackingBuffers<T>? _current;

    private PackingBuffers()
    {
        // Sized for the widest tiles (512-bit vectors), so either width's kernel can use them.
        var widestTileRows = 2 * System.Runtime.Intrinsics.Vector512<T>.Count;
        PackedA = new T[8 * widestTileRows * Gemm.KC];
        PackedB = new T[NC * Gemm.KC];
        Tile = new T[widestTileRows * Gemm.NR];
    }

    /// <summary>The packed <c>MC×KC</c> block of A.</summary>
    public T[] PackedA { get; }

    /// <summary>The packed <c>KC×NC</c> block of B.</summary>
    public T[] PackedB { get; }

    /// <summary>One <c>MR×NR</c> tile, for edges of C that do not fill a whole tile.</summary>
    public T[] Tile { get; }

    /// <summary>The calling thread's buffers, made on first use.</summary>
    public static PackingBuffers<T> ForCurrentThread() => _current ??= new PackingBuffers<T>();
}
