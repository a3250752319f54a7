using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The <see cref="Gemm"/> path for mini-batch products: the register tile run straight from A's columns and B's
/// elements, no packing. It serves a narrow B (a few samples: W·A) and a shallow depth (δ·Aᵀ over a few samples),
/// where packing would copy as much as the product computes.
/// </summary>
internal static class UnpackedProduct
{
    /// <summary>Products whose B has at most this many columns, or whose depth is at most this, skip packing.</summary>
    internal const int MaxNarrow = 16;

    /// <summary>
    /// Columns per tile on processors with 32 vector registers: 24 accumulators, leaving room for A's two vectors
    /// and B's broadcast.
    /// </summary>
    internal const int WideTileColumns = 12;

    /// <summary>Columns per tile where only 16 vector registers hold the accumulators (12 of them, and A's two vectors and B's broadcast).</summary>
    internal const int NarrowTileColumns = 6;

    /// <summary>
    /// True when the JIT can use 32 vector registers (AVX-512's EVEX encoding, for 256-bit vectors too), so a tile of
    /// <see cref="WideTileColumns"/> columns (24 accumulators) does not spill.
    /// </summary>
    internal static bool HasThirtyTwoVectorRegisters => System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    /// <summary>
    /// True for the products that skip packing: a narrow B or a shallow depth, A column-major, C at least one 256-bit
    /// tile tall and two columns wide, written over (not accumulated), and the work under the threading threshold.
    /// </summary>
    public static bool Suits<T>(int m, int n, int k, int aRowStride, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        => !accumulate && aRowStride == 1 && (n <= MaxNarrow || k <= MaxNarrow)
            && m >= 2 * Vector256<T>.Count && n >= 2 && (long)m * n * k < Gemm.ParallelMinWork;

    /// <summary><c>C = scale·A·B</c>, A and C column-major.</summary>
    public static void Multiply<T>(int m, int n, int k, T scale, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c)
        where T : struct, IFloatingPointIeee754<T>
    {
        // 512-bit tiles where C has the rows for them, else 256-bit tiles (C of 16 floats or 8 doubles and up).
        if (MicroKernel<T>.UsesVector512 && m >= 2 * Vector512<T>.Count)
        {
            Multiply<T, Vector512<T>, Vector512Operations<T>>(m, n, k, scale, a, b, c);
        }
        else
        {
            Multiply<T, Vector256<T>, Vector256Operations<T>>(m, n, k, scale, a, b, c);
        }
    }

    /// <summary>
    /// The unpacked product at one vector width (m ≥ 2 vectors), with tiles of at most
    /// <paramref name="maxTileColumns"/> columns (0: what the processor's registers allow).
    /// </summary>
    public static void Multiply<T, TVector, TOps>(
        int m, int n, int k, T scale, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c, int maxTileColumns = 0)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        var mr = 2 * TOps.Count;

        // Columns: a mini-batch of up to 12 samples in one tile where the processor has 32 vector registers (A is then
        // read once); otherwise in as few tiles as six columns (12 accumulators) allow, their
        // widths differing by at most one (10 = 5 + 5, 784 = 129·6 + 2·5), so no tile computes a column twice. Rows: the
        // last tile overlaps the one before it rather than run short, one vector tall when the rows left fit in one
        // (100 floats = 3 · 32 + a 16-row tile over rows 84–99, not a fourth 32-row tile: 112 rows computed, not 128);
        // it recomputes a few elements with the same operations in the same order, so the values written twice are equal.
        var widest = maxTileColumns > 0 ? maxTileColumns : HasThirtyTwoVectorRegisters ? WideTileColumns : NarrowTileColumns;
        var tiles = (n + widest - 1) / widest;
        var j = 0;
        for (var tile = 0; tile < tiles; tile++)
        {
            var width = (n - j) / (tiles - tile);
            for (var i = 0; i < m; i += mr)
            {
                if (m - i <= TOps.Count)
                {
                    var last = m - TOps.Count;
                    RunTile<T, TVector, TOps, OneVector>(width, k, ref a.From(last, 0).First, a.ColumnStride, ref b.From(0, j).First, b.RowStride, b.ColumnStride,
                        ref c.From(last, j).First, c.ColumnStride, TOps.Count, scale);
                    break;
                }

                var i0 = Math.Min(i, m - mr);
                RunTile<T, TVector, TOps, TwoVectors>(width, k, ref a.From(i0, 0).First, a.ColumnStride, ref b.From(0, j).First, b.RowStride, b.ColumnStride,
                    ref c.From(i0, j).First, c.ColumnStride, mr, scale);
            }

            j += width;
        }
    }

    /// <summary>One full-height tile of <paramref name="width"/> columns (1 to 12) and one or two vectors, at the column count the JIT specialises.</summary>
    private static void RunTile<T, TVector, TOps, TRows>(
        int width, int k, ref T a, int lda, ref T b, int bRowStride, int bColStride, ref T c, int ldc, int mr, T scale)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
        where TRows : struct, ITileRows
    {
        switch (width)
        {
            case 12:
                RegisterTile<T, TVector, TOps, TwelveColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 12, overwrite: true, scale, default);
                break;
            case 11:
                RegisterTile<T, TVector, TOps, ElevenColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 11, overwrite: true, scale, default);
                break;
            case 10:
                RegisterTile<T, TVector, TOps, TenColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 10, overwrite: true, scale, default);
                break;
            case 9:
                RegisterTile<T, TVector, TOps, NineColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 9, overwrite: true, scale, default);
                break;
            case 8:
                RegisterTile<T, TVector, TOps, EightColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 8, overwrite: true, scale, default);
                break;
            case 7:
                RegisterTile<T, TVector, TOps, SevenColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 7, overwrite: true, scale, default);
                break;
            case 6:
                RegisterTile<T, TVector, TOps, SixColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 6, overwrite: true, scale, default);
                break;
            case 5:
                RegisterTile<T, TVector, TOps, FiveColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 5, overwrite: true, scale, default);
                break;
            case 4:
                RegisterTile<T, TVector, TOps, FourColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 4, overwrite: true, scale, default);
                break;
            case 3:
                RegisterTile<T, TVector, TOps, ThreeColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 3, overwrite: true, scale, default);
                break;
            case 2:
                RegisterTile<T, TVector, TOps, TwoColumns, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 2, overwrite: true, scale, default);
                break;
            default:
                RegisterTile<T, TVector, TOps, OneColumn, TRows>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 1, overwrite: true, scale, default);
                break;
        }
    }
}
