using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The vector width the matrix kernels run at on this machine and the tile sizes that follow from it:
/// <see cref="Vector512{T}"/> where the runtime accelerates it, else <see cref="Vector256{T}"/>. The tile
/// arithmetic itself is <see cref="RegisterTile{T, TVector, TOps, TColumns, TRows}"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal static class MicroKernel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>True when the kernels use 512-bit vectors.</summary>
    public static bool UsesVector512 => Vector512.IsHardwareAccelerated;

    /// <summary>Rows of C per micro-tile: two vectors (32 floats or 16 doubles at 512 bits).</summary>
    public static readonly int MR = 2 * (UsesVector512 ? Vector512<T>.Count : Vector256<T>.Count);
}
