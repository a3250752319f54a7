using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// General matrix product <c>C = A·B</c> (or <c>C += A·B</c>) on plain arrays, the one seam through which
/// all of the library's matrix products go: it picks the path for the shape and calls it.
/// </summary>
/// <remarks>
/// <para>
/// <c>C</c> is column-major (element (i, j) at <c>c[cOffset + i + j·ldc]</c>). <c>A</c> and <c>B</c> are
/// strided views: element (i, p) of <c>A</c> is at <c>a[aOffset + i·aRowStride + p·aColStride]</c>, so a
/// column-major matrix and its transpose are the same array with the strides swapped, and no transpose
/// is ever materialised. <see cref="MatrixProducts"/> names the three forms backprop uses.
/// </para>
/// <para>
/// The paths, in the order they are tried: tiny products take a direct loop (<see cref="DirectProduct"/>); one
/// sample's products run as vector loops (<see cref="ThinProducts"/>); mini-batch products (a narrow B, or a
/// shallow depth) run the register tile straight from the operands (<see cref="UnpackedProduct"/>); the rest are
/// packed into panels (<see cref="PackedProduct"/>), on several threads when large (<see cref="ParallelProduct{T}"/>).
/// Which path runs depends on the shape, strides, scale and accumulation only. Threads split the output into
/// disjoint column or row ranges only; every element is reduced over <c>k</c> in the same order whatever the thread
/// count, so results are bit-identical for any degree of parallelism.
/// </para>
/// </remarks>
internal static class Gemm
{
    /// <summary>Products with fewer multiply-adds than this stay on one thread.</summary>
    internal const long ParallelMinWork = 1 << 21;

    /// <summary>
    /// Whether a layer's weight gradient <c>Δ·Aᵀ</c> (<paramref name="m"/> neurons × <paramref name="n"/> inputs, over
    /// <paramref name="k"/> samples; <see cref="MatrixProducts.DeltasTimesTransposedActivations{T}"/>) runs on several
    /// threads split by columns, as <see cref="Multiply{T}(int, int, int, T, T[], int, int, int, T[], int, int, int, T[], int, int, bool, int)"/>
    /// runs it: each thread then holds its columns of the gradient in its cache, and the update that reads them is best
    /// split the same way (<see cref="ParallelUpdate{T}"/>).
    /// </summary>
    internal static bool SplitsWeightGradientByColumns<T>(int m, int n, int k, int maxDegreeOfParallelism)
        where T : struct, IFloatingPointIeee754<T>
        => maxDegreeOfParallelism > 1 && n > PackedProduct.NR && k > 1 && (long)m * n * k >= ParallelMinWork
            && !DirectProduct.Suits(m, n, k) && !UnpackedProduct.Suits<T>(m, n, k, aRowStride: 1, accumulate: false)
            && ParallelProduct<T>.SplitsColumns(m, n, maxDegreeOfParallelism);

    /// <summary>Computes <c>C = A·B</c>, or <c>C += A·B</c> when <paramref name="accumulate"/> is true.</summary>
    public static void Multiply<T>(
        int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate, int maxDegreeOfParallelism = 1)
        where T : struct, IFloatingPointIeee754<T>
        => Multiply(m, n, k, T.One, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc,
            accumulate, maxDegreeOfParallelism);

    /// <summary>
    /// Computes <c>C = scale·A·B</c>, or <c>C += scale·A·B</c> when <paramref name="accumulate"/> is true (the scale
    /// folded into the kernels' stores, so the mean over a batch costs no pass of its own).
    /// </summary>
    public static void Multiply<T>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate, int maxDegreeOfParallelism = 1)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (var j = 0; j < n; j++)
                {
                    c.AsSpan(cOffset + (j * ldc), m).Clear();
                }
            }

            return;
        }

        // Every choice below depends on the shape, strides, scale and accumulation only, never on the thread count,
        // so each element of C is reduced by the same code in the same order whatever the degree of parallelism.
        var aMatrix = new StridedMatrix<T>(a, aOffset, aRowStride, aColStride);
        var bMatrix = new StridedMatrix<T>(b, bOffset, bRowStride, bColStride);
        var cMatrix = new StridedMatrix<T>(c, cOffset, 1, ldc);
        if (DirectProduct.Suits(m, n, k))
        {
            DirectProduct.Multiply(m, n, k, scale, aMatrix, bMatrix, cMatrix, accumulate);
            return;
        }

        if (ThinProducts.TryMultiply(m, n, k, scale, aMatrix, bMatrix, cMatrix, accumulate))
        {
            return;
        }

        if (UnpackedProduct.Suits<T>(m, n, k, aRowStride, accumulate))
        {
            UnpackedProduct.Multiply(m, n, k, scale, aMatrix, bMatrix, cMatrix);
            return;
        }

        if ((long)m * n * k < ParallelMinWork || maxDegreeOfParallelism <= 1)
        {
            PackedProduct.Multiply(m, n, k, scale, aMatrix, bMatrix, cMatrix, accumulate);
            return;
        }

        ParallelProduct<T>.Run(m, n, k, scale, aMatrix, bMatrix, cMatrix, accumulate, maxDegreeOfParallelism);
    }
}
