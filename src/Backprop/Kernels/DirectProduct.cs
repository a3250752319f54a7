using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The <see cref="Gemm"/> path for tiny products (and for every product where 256-bit vectors are not accelerated):
/// one dot product per element of C, no packing, no tiles.
/// </summary>
internal static class DirectProduct
{
    /// <summary>Products with fewer multiply-adds than this take the direct loop.</summary>
    internal const long MaxWork = 8 * 8 * 8;

    /// <summary>True when the product <c>m×k · k×n</c> takes the direct loop.</summary>
    public static bool Suits(int m, int n, int k) => (long)m * n * k < MaxWork || !Vector256.IsHardwareAccelerated;

    /// <summary><c>C = scale·A·B</c>, or <c>C += scale·A·B</c> when <paramref name="accumulate"/> is true; C column-major.</summary>
    public static void Multiply<T>(int m, int n, int k, T scale, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var aRef = ref a.First;
        ref var bRef = ref b.First;
        ref var cRef = ref c.First;
        for (var j = 0; j < n; j++)
        {
            var bColumn = j * b.ColumnStride;
            for (var i = 0; i < m; i++)
            {
                var aRow = i * a.RowStride;
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum += Unsafe.Add(ref aRef, aRow + (p * a.ColumnStride)) * Unsafe.Add(ref bRef, bColumn + (p * b.RowStride));
                }

                sum *= scale;
                ref var target = ref Unsafe.Add(ref cRef, i + (j * c.ColumnStride));
                target = accumulate ? target + sum : sum;
            }
        }
    }
}
