using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The register-blocked inner kernel of <see cref="Gemm"/>: an <c>MR×NR</c> tile of C held in twelve
/// <see cref="Vector256{T}"/> accumulators (two vectors down a column of C, six columns), updated by one
/// fused multiply-add per accumulator for each step of the packed depth.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal static class MicroKernel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Rows of C per micro-tile: two vectors (16 floats or 8 doubles).</summary>
    public static readonly int MR = 2 * Vector256<T>.Count;

    /// <summary>Rows of A per packed block (about 128 KiB of A for either element type).</summary>
    public static readonly int MC = 8 * MR;

    /// <summary>
    /// Adds (or, when <paramref name="overwrite"/>, writes) the product of one packed MR-row panel of A and
    /// one packed NR-column panel of B, both <paramref name="kc"/> deep, into the <paramref name="rows"/> ×
    /// <paramref name="columns"/> tile of C at <paramref name="cOffset"/>.
    /// </summary>
    public static void Run(
        int kc, T[] packedA, int aOffset, T[] packedB, int bOffset,
        T[] c, int cOffset, int ldc, int rows, int columns, bool overwrite, T[] tile)
    {
        ref var ap = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packedA), aOffset);
        ref var bp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packedB), bOffset);
        var c00 = Vector256<T>.Zero;
        var c10 = Vector256<T>.Zero;
        var c01 = Vector256<T>.Zero;
        var c11 = Vector256<T>.Zero;
        var c02 = Vector256<T>.Zero;
        var c12 = Vector256<T>.Zero;
        var c03 = Vector256<T>.Zero;
        var c13 = Vector256<T>.Zero;
        var c04 = Vector256<T>.Zero;
        var c14 = Vector256<T>.Zero;
        var c05 = Vector256<T>.Zero;
        var c15 = Vector256<T>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var a0 = Vector256.LoadUnsafe(ref ap);
            var a1 = Vector256.LoadUnsafe(ref ap, (nuint)Vector256<T>.Count);
            Vector256<T> b;
            b = Vector256.Create(Unsafe.Add(ref bp, 0));
            c00 = FusedMultiplyAdd(a0, b, c00);
            c10 = FusedMultiplyAdd(a1, b, c10);
            b = Vector256.Create(Unsafe.Add(ref bp, 1));
            c01 = FusedMultiplyAdd(a0, b, c01);
            c11 = FusedMultiplyAdd(a1, b, c11);
            b = Vector256.Create(Unsafe.Add(ref bp, 2));
            c02 = FusedMultiplyAdd(a0, b, c02);
            c12 = FusedMultiplyAdd(a1, b, c12);
            b = Vector256.Create(Unsafe.Add(ref bp, 3));
            c03 = FusedMultiplyAdd(a0, b, c03);
            c13 = FusedMultiplyAdd(a1, b, c13);
            b = Vector256.Create(Unsafe.Add(ref bp, 4));
            c04 = FusedMultiplyAdd(a0, b, c04);
            c14 = FusedMultiplyAdd(a1, b, c14);
            b = Vector256.Create(Unsafe.Add(ref bp, 5));
            c05 = FusedMultiplyAdd(a0, b, c05);
            c15 = FusedMultiplyAdd(a1, b, c15);
            ap = ref Unsafe.Add(ref ap, MR);
            bp = ref Unsafe.Add(ref bp, Gemm.NR);
        }

        ref var cRef = ref MemoryMarshal.GetArrayDataReference(c);
        if (rows == MR && columns == Gemm.NR)
        {
            Store(ref Unsafe.Add(ref cRef, cOffset + 0 * ldc), c00, c10, overwrite);
            Store(ref Unsafe.Add(ref cRef, cOffset + 1 * ldc), c01, c11, overwrite);
            Store(ref Unsafe.Add(ref cRef, cOffset + 2 * ldc), c02, c12, overwrite);
            Store(ref Unsafe.Add(ref cRef, cOffset + 3 * ldc), c03, c13, overwrite);
            Store(ref Unsafe.Add(ref cRef, cOffset + 4 * ldc), c04, c14, overwrite);
            Store(ref Unsafe.Add(ref cRef, cOffset + 5 * ldc), c05, c15, overwrite);
            return;
        }

        // An edge tile: spill the accumulators, then copy just the rows and columns that exist.
        ref var tileRef = ref MemoryMarshal.GetArrayDataReference(tile);
        {
            Store(ref Unsafe.Add(ref tileRef, 0 * MR), c00, c10, overwrite: true);
            Store(ref Unsafe.Add(ref tileRef, 1 * MR), c01, c11, overwrite: true);
            Store(ref Unsafe.Add(ref tileRef, 2 * MR), c02, c12, overwrite: true);
            Store(ref Unsafe.Add(ref tileRef, 3 * MR), c03, c13, overwrite: true);
            Store(ref Unsafe.Add(ref tileRef, 4 * MR), c04, c14, overwrite: true);
            Store(ref Unsafe.Add(ref tileRef, 5 * MR), c05, c15, overwrite: true);
        }

        for (var j = 0; j < columns; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                ref var target = ref Unsafe.Add(ref cRef, cOffset + i + j * ldc);
                var value = Unsafe.Add(ref tileRef, i + j * MR);
                target = overwrite ? value : target + value;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref T destination, Vector256<T> upper, Vector256<T> lower, bool overwrite)
    {
        if (!overwrite)
        {
            upper += Vector256.LoadUnsafe(ref destination);
            lower += Vector256.LoadUnsafe(ref destination, (nuint)Vector256<T>.Count);
        }

        upper.StoreUnsafe(ref destination);
        lower.StoreUnsafe(ref destination, (nuint)Vector256<T>.Count);
    }

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
