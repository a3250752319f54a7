using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The vector width the matrix kernels run at on this machine and the tile sizes that follow from it:
/// <see cref="Vector512{T}"/> where the runtime accelerates it, else <see cref="Vector256{T}"/>. The tile
/// arithmetic itself is <see cref="RegisterTile{T, TVector, TOps, TColumns}"/>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal static class MicroKernel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>True when the kernels use 512-bit vectors.</summary>
    public static bool UsesVector512 => Vector512.IsHardwareAccelerated;

    /// <summary>Rows of C per micro-tile: two vectors (32 floats or 16 doubles at 512 bits).</summary>
    public static readonly int MR = 2 * (UsesVector512 ? Vector512<T>.Count : Vector256<T>.Count);

    /// <summary>Rows of A per packed block: eight tiles, so a <c>MC×KC</c> block of A fills 256 KiB at 512 bits (128 KiB at 256), well inside L2.</summary>
    public static readonly int MC = 8 * MR;

    /// <summary><c>a·b + c</c> with one rounding, dispatched on the element type at JIT time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> FusedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
#else
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
        }
#endif

        return (a * b) + c;
    }
}
