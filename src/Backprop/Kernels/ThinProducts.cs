using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The products of a single sample, written as <see cref="Vector256{T}"/> loops without per-column calls:
/// a column-major matrix times a vector, a transposed one times a vector, and an outer product.
/// </summary>
internal static class ThinProducts
{
    /// <summary>
    /// The <see cref="Gemm"/> path for one sample's products, where packing would waste five of every six columns: a
    /// matrix times a vector (<c>n = 1</c>: W·a forward, Wᵀ·δ backward) as vectorised column sums or dot products, and
    /// an outer product (<c>k = 1</c>: δ·aᵀ) as scaled columns; a scale other than 1 is a pass over C after. Returns
    /// false, having written nothing, for the layouts it does not cover and for a scaled accumulation.
    /// </summary>
    public static bool TryMultiply<T>(int m, int n, int k, T scale, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (accumulate && scale != T.One)
        {
            return false;
        }

        if (n == 1 && a.RowStride == 1)
        {
            // c = Σₚ A(:,p)·b(p): W·a forward, c held in registers while W streams past once.
            ColumnsTimesVector(m, k, a.Values, a.Offset, a.ColumnStride, b.Values, b.Offset, b.RowStride, c.Values, c.Offset, accumulate);
        }
        else if (n == 1 && a.ColumnStride == 1 && b.RowStride == 1)
        {
            // cᵢ = A(i,:)·b: Wᵀ·δ backward, where the rows of Wᵀ (columns of W) and δ are contiguous.
            RowsTimesVector(m, k, a.Values, a.Offset, a.RowStride, b.Values, b.Offset, c.Values, c.Offset, accumulate);
        }
        else if (k == 1 && a.RowStride == 1)
        {
            // C(:,j) = A(:,0)·B(0,j): δ·aᵀ, the outer product.
            OuterProduct(m, n, a.Values, a.Offset, b.Values, b.Offset, b.ColumnStride, c.Values, c.Offset, c.ColumnStride, accumulate);
        }
        else
        {
            return false;
        }

        if (scale != T.One)
        {
            for (var j = 0; j < n; j++)
            {
                ElementwiseKernels.Scale<T>(c.Values.AsSpan(c.Offset + (j * c.ColumnStride), m), scale);
            }
        }

        return true;
    }

    /// <summary><c>y = (accumulate ? y : 0) + Σₚ A(:,p)·x(p)</c>, A column-major <c>m×k</c> with leading dimension <paramref name="lda"/> (<see cref="ColumnSums"/>).</summary>
    public static void ColumnsTimesVector<T>(int m, int k, T[] a, int aOffset, int lda, T[] x, int xOffset, int xStride, T[] y, int yOffset, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        => ColumnSums.Multiply(
            m, k,
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), aOffset), lda,
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xOffset), xStride,
            ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y), yOffset), accumulate);

    /// <summary>
    /// <c>yᵢ = (accumulate ? yᵢ : 0) + A(i,:)·x</c> where row i of A is contiguous (<c>k</c> values from
    /// <c>aOffset + i·rowStride</c>) and so is x.
    /// </summary>
    public static void RowsTimesVector<T>(int m, int k, T[] a, int aOffset, int rowStride, T[] x, int xOffset, T[] y, int yOffset, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var aRef = ref MemoryMarshal.GetArrayDataReference(a);
        ref var xRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), xOffset);
        var width = Vector256<T>.Count;
        for (var i = 0; i < m; i++)
        {
            ref var row = ref Unsafe.Add(ref aRef, aOffset + (i * rowStride));
            var p = 0;
            var dot = T.Zero;
            if (Vector256.IsHardwareAccelerated && k >= width)
            {
                var sum0 = Vector256<T>.Zero;
                var sum1 = Vector256<T>.Zero;
                for (; p + (2 * width) <= k; p += 2 * width)
                {
                    sum0 = Vector256Operations<T>.MultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)p), Vector256.LoadUnsafe(ref xRef, (nuint)p), sum0);
                    sum1 = Vector256Operations<T>.MultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)(p + width)), Vector256.LoadUnsafe(ref xRef, (nuint)(p + width)), sum1);
                }

                for (; p + width <= k; p += width)
                {
                    sum0 = Vector256Operations<T>.MultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)p), Vector256.LoadUnsafe(ref xRef, (nuint)p), sum0);
                }

                dot = Vector256.Sum(sum0 + sum1);
            }

            for (; p < k; p++)
            {
                dot = T.FusedMultiplyAdd(Unsafe.Add(ref row, p), Unsafe.Add(ref xRef, p), dot);
            }

            ref var target = ref y[yOffset + i];
            target = accumulate ? target + dot : dot;
        }
    }

    /// <summary><c>C(:,j) = (accumulate ? C(:,j) : 0) + u·v(j)</c>: the outer product of a contiguous u (length m) and v.</summary>
    public static void OuterProduct<T>(int m, int n, T[] u, int uOffset, T[] v, int vOffset, int vStride, T[] c, int cOffset, int ldc, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var uRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), uOffset);
        ref var cRef = ref MemoryMarshal.GetArrayDataReference(c);
        var width = Vector256<T>.Count;
        for (var j = 0; j < n; j++)
        {
            var factor = v[vOffset + (j * vStride)];
            ref var column = ref Unsafe.Add(ref cRef, cOffset + (j * ldc));
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var scale = Vector256.Create(factor);
                for (; i + width <= m; i += width)
                {
                    var product = Vector256.LoadUnsafe(ref uRef, (nuint)i) * scale;
                    if (accumulate)
                    {
                        product += Vector256.LoadUnsafe(ref column, (nuint)i);
                    }

                    product.StoreUnsafe(ref column, (nuint)i);
                }
            }

            for (; i < m; i++)
            {
                var product = Unsafe.Add(ref uRef, i) * factor;
                ref var target = ref Unsafe.Add(ref column, i);
                target = accumulate ? target + product : product;
            }
        }
    }
}
