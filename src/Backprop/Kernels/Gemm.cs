using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// General matrix product <c>C = A·B</c> (or <c>C += A·B</c>) on plain arrays, the one seam through which
/// all of the library's matrix products go.
/// </summary>
/// <remarks>
/// <para>
/// <c>C</c> is column-major (element (i, j) at <c>c[cOffset + i + j·ldc]</c>). <c>A</c> and <c>B</c> are
/// strided views: element (i, p) of <c>A</c> is at <c>a[aOffset + i·aRowStride + p·aColStride]</c>, so a
/// column-major matrix and its transpose are the same array with the strides swapped, and no transpose
/// is ever materialised. <see cref="MatrixProducts"/> names the three forms backprop uses.
/// </para>
/// <para>
/// Large products are packed into panels and computed by a register-blocked tile of fused multiply-adds
/// (<see cref="RegisterTile{T, TVector, TOps, TColumns}"/>, 512-bit vectors where the runtime accelerates
/// them, else 256-bit; the GotoBLAS / BLIS scheme: a <c>KC×NR</c> panel of B stays in L1, an <c>MC×KC</c>
/// block of A in L2). Mini-batch products (a narrow B, or a shallow depth) run the same tile straight from
/// the operands, with no packing; one sample's products run as vector loops (<see cref="ThinProducts"/>);
/// tiny products take a direct loop. Which path runs depends on the shape and strides only. Threads split
/// the output into disjoint column or row ranges only; every element is reduced over <c>k</c> in the same
/// order whatever the thread count, so results are bit-identical for any degree of parallelism.
/// </para>
/// </remarks>
internal static class Gemm
{
    /// <summary>Columns of B (and C) per micro-tile.</summary>
    internal const int NR = 6;

    /// <summary>Depth of one packed block.</summary>
    internal const int KC = 256;

    /// <summary>Products with fewer multiply-adds than this take the direct loop.</summary>
    internal const long DirectPathMaxWork = 8 * 8 * 8;

    /// <summary>Products whose B has at most this many columns, or whose depth is at most this, skip packing.</summary>
    internal const int UnpackedMaxNarrow = 16;

    /// <summary>Products with fewer multiply-adds than this stay on one thread.</summary>
    internal const long ParallelMinWork = 1 << 21;

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
                    c.AsSpan(cOffset + j * ldc, m).Clear();
                }
            }

            return;
        }

        // Every choice below depends on the shape and strides only, never on the thread count, so each
        // element of C is reduced by the same code in the same order whatever the degree of parallelism.
        var work = (long)m * n * k;
        if (work < DirectPathMaxWork || !Vector256.IsHardwareAccelerated)
        {
            MultiplyDirect(m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);
            return;
        }

        if ((n == 1 || k == 1) && MultiplyThin(m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate))
        {
            if (scale != T.One)
            {
                ScaleBlock(m, n, scale, c, cOffset, ldc);
            }

            return;
        }

        if (IsUnpackedShape<T>(m, n, k, aRowStride, accumulate))
        {
            MultiplyUnpacked(m, n, k, scale, a, aOffset, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc);
            return;
        }

        var threads = work < ParallelMinWork ? 1 : Math.Max(1, maxDegreeOfParallelism);
        if (threads == 1)
        {
            MultiplyPacked(m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);
            return;
        }

        MultiplyParallel(m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate, threads);
    }

    /// <summary>
    /// True for the products that skip packing: a narrow B (a mini-batch of a few samples: W·A) or a shallow
    /// depth (δ·Aᵀ over a few samples), where packing would copy as much as the product computes. A must be
    /// column-major and C at least one 256-bit tile tall and two columns wide; the work stays under the threading threshold.
    /// </summary>
    internal static bool IsUnpackedShape<T>(int m, int n, int k, int aRowStride, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        => !accumulate && aRowStride == 1 && (n <= UnpackedMaxNarrow || k <= UnpackedMaxNarrow)
            && m >= 2 * Vector256<T>.Count && n >= 2 && (long)m * n * k < ParallelMinWork;

    /// <summary><c>C = scale·A·B</c> tile by tile straight from A's columns and B's elements, no packing.</summary>
    internal static void MultiplyUnpacked<T>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int lda,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc)
        where T : struct, IFloatingPointIeee754<T>
    {
        // 512-bit tiles where C has the rows for them, else 256-bit tiles (C of 16 floats or 8 doubles and up).
        if (MicroKernel<T>.UsesVector512 && m >= 2 * Vector512<T>.Count)
        {
            MultiplyUnpacked<T, Vector512<T>, Vector512Operations<T>>(m, n, k, scale, a, aOffset, lda, b, bOffset, bRowStride, bColStride, c, cOffset, ldc);
        }
        else
        {
            MultiplyUnpacked<T, Vector256<T>, Vector256Operations<T>>(m, n, k, scale, a, aOffset, lda, b, bOffset, bRowStride, bColStride, c, cOffset, ldc);
        }
    }

    /// <summary>
    /// The unpacked product at one vector width (m ≥ 2 vectors), with tiles of at most
    /// <paramref name="maxTileColumns"/> columns (0: what the processor's registers allow).
    /// </summary>
    internal static void MultiplyUnpacked<T, TVector, TOps>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int lda,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc, int maxTileColumns = 0)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        var mr = 2 * TOps.Count;
        ref var aRef = ref MemoryMarshal.GetArrayDataReference(a);
        ref var bRef = ref MemoryMarshal.GetArrayDataReference(b);
        ref var cRef = ref MemoryMarshal.GetArrayDataReference(c);

        // Columns: a mini-batch of up to 12 samples in one tile where the processor has 32 vector registers (A is then
        // read once); otherwise in as few tiles as six columns allow, their widths differing by at most one
        // (10 = 5 + 5, 784 = 129·6 + 2·5), so no tile computes a column twice. Rows: the last tile overlaps the one
        // before it rather than run short; it recomputes a few elements with the same operations in the same order,
        // so the values written twice are equal.
        var widest = maxTileColumns > 0 ? maxTileColumns : HasThirtyTwoVectorRegisters ? WideTileColumns : NR;
        var tiles = (n + widest - 1) / widest;
        var j = 0;
        for (var tile = 0; tile < tiles; tile++)
        {
            var width = (n - j) / (tiles - tile);
            ref var bColumn = ref Unsafe.Add(ref bRef, bOffset + (j * bColStride));
            ref var cColumn = ref Unsafe.Add(ref cRef, cOffset + (j * ldc));
            for (var i = 0; i < m; i += mr)
            {
                var i0 = Math.Min(i, m - mr);
                RunUnpackedTile<T, TVector, TOps>(width, k, ref Unsafe.Add(ref aRef, aOffset + i0), lda, ref bColumn, bRowStride, bColStride,
                    ref Unsafe.Add(ref cColumn, i0), ldc, mr, scale);
            }

            j += width;
        }
    }

    /// <summary>
    /// Columns per tile of the unpacked product on processors with 32 vector registers: 24 accumulators, leaving room
    /// for A's two vectors and B's broadcast.
    /// </summary>
    internal const int WideTileColumns = 12;

    /// <summary>
    /// True when the JIT can use 32 vector registers (AVX-512's EVEX encoding, for 256-bit vectors too), so a tile of
    /// <see cref="WideTileColumns"/> columns (24 accumulators) does not spill.
    /// </summary>
    internal static bool HasThirtyTwoVectorRegisters => System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    /// <summary>One full-height tile of <paramref name="width"/> columns (1 to 12) of the unpacked product.</summary>
    private static void RunUnpackedTile<T, TVector, TOps>(
        int width, int k, ref T a, int lda, ref T b, int bRowStride, int bColStride, ref T c, int ldc, int mr, T scale)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        switch (width)
        {
            case 12:
                RegisterTile<T, TVector, TOps, TwelveColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 12, overwrite: true, scale, default);
                break;
            case 11:
                RegisterTile<T, TVector, TOps, ElevenColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 11, overwrite: true, scale, default);
                break;
            case 10:
                RegisterTile<T, TVector, TOps, TenColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 10, overwrite: true, scale, default);
                break;
            case 9:
                RegisterTile<T, TVector, TOps, NineColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 9, overwrite: true, scale, default);
                break;
            case 8:
                RegisterTile<T, TVector, TOps, EightColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 8, overwrite: true, scale, default);
                break;
            case 7:
                RegisterTile<T, TVector, TOps, SevenColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 7, overwrite: true, scale, default);
                break;
            case 6:
                RegisterTile<T, TVector, TOps, SixColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 6, overwrite: true, scale, default);
                break;
            case 5:
                RegisterTile<T, TVector, TOps, FiveColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 5, overwrite: true, scale, default);
                break;
            case 4:
                RegisterTile<T, TVector, TOps, FourColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 4, overwrite: true, scale, default);
                break;
            case 3:
                RegisterTile<T, TVector, TOps, ThreeColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 3, overwrite: true, scale, default);
                break;
            case 2:
                RegisterTile<T, TVector, TOps, TwoColumns>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 2, overwrite: true, scale, default);
                break;
            default:
                RegisterTile<T, TVector, TOps, OneColumn>.Run(k, ref a, lda, ref b, bRowStride, bColStride, ref c, ldc, mr, 1, overwrite: true, scale, default);
                break;
        }
    }

    /// <summary><c>C ← scale·C</c> on an <c>m×n</c> block.</summary>
    private static void ScaleBlock<T>(int m, int n, T scale, T[] c, int cOffset, int ldc)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var j = 0; j < n; j++)
        {
            ElementwiseKernels.Scale<T>(c.AsSpan(cOffset + (j * ldc), m), scale);
        }
    }

    private static void MultiplyParallel<T>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate, int threads)
        where T : struct, IFloatingPointIeee754<T>
    {
        // Split the output, never the reduction: whole micro-panels of columns when C is wide,
        // whole micro-panels of rows when it is tall (a mini-batch of 10 is narrow).
        var mr = MicroKernel<T>.MR;
        var splitColumns = n / NR >= m / mr;
        var panels = splitColumns ? (n + NR - 1) / NR : (m + mr - 1) / mr;
        var chunks = Math.Min(threads, panels);
        if (chunks <= 1)
        {
            MultiplyPacked(m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);
            return;
        }

        ParallelProduct<T>.Run(m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc,
            accumulate, splitColumns, panels, chunks);
    }

    /// <summary>
    /// One sample's products, where packing would waste five of every six columns: a matrix times a vector
    /// (<c>n = 1</c>: W·a forward, Wᵀ·δ backward) as vectorised column sums or dot products, and an outer
    /// product (<c>k = 1</c>: δ·aᵀ) as scaled columns. Returns false for layouts it does not cover.
    /// </summary>
    internal static bool MultiplyThin<T>(
        int m, int n, int k,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (n == 1 && aRowStride == 1)
        {
            // c = Σₚ A(:,p)·b(p): W·a forward, four columns of W per pass over c.
            ThinProducts.ColumnsTimesVector(m, k, a, aOffset, aColStride, b, bOffset, bRowStride, c, cOffset, accumulate);
            return true;
        }

        if (n == 1 && aColStride == 1 && bRowStride == 1)
        {
            // cᵢ = A(i,:)·b: Wᵀ·δ backward, where the rows of Wᵀ (columns of W) and δ are contiguous.
            ThinProducts.RowsTimesVector(m, k, a, aOffset, aRowStride, b, bOffset, c, cOffset, accumulate);
            return true;
        }

        if (k == 1 && aRowStride == 1)
        {
            // C(:,j) = A(:,0)·B(0,j): δ·aᵀ, the outer product.
            ThinProducts.OuterProduct(m, n, a, aOffset, b, bOffset, bColStride, c, cOffset, ldc, accumulate);
            return true;
        }

        return false;
    }

    /// <summary>The direct loop for small products: one dot product per element of C.</summary>
    internal static void MultiplyDirect<T>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var aRef = ref MemoryMarshal.GetArrayDataReference(a);
        ref var bRef = ref MemoryMarshal.GetArrayDataReference(b);
        ref var cRef = ref MemoryMarshal.GetArrayDataReference(c);
        for (var j = 0; j < n; j++)
        {
            var bColumn = bOffset + j * bColStride;
            for (var i = 0; i < m; i++)
            {
                var aRow = aOffset + i * aRowStride;
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum += Unsafe.Add(ref aRef, aRow + p * aColStride) * Unsafe.Add(ref bRef, bColumn + p * bRowStride);
                }

                sum *= scale;
                ref var target = ref Unsafe.Add(ref cRef, cOffset + i + j * ldc);
                target = accumulate ? target + sum : sum;
            }
        }
    }

    /// <summary>The packed, register-blocked product on one thread, at the machine's vector width.</summary>
    internal static void MultiplyPacked<T>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (MicroKernel<T>.UsesVector512)
        {
            MultiplyPacked<T, Vector512<T>, Vector512Operations<T>>(
                m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);
        }
        else
        {
            MultiplyPacked<T, Vector256<T>, Vector256Operations<T>>(
                m, n, k, scale, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, accumulate);
        }
    }

    /// <summary>The packed, register-blocked product on one thread, at one vector width.</summary>
    internal static void MultiplyPacked<T, TVector, TOps>(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        var mr = 2 * TOps.Count;
        var mc = 8 * mr; // eight tiles: an MC×KC block of A fills 256 KiB at 512 bits (128 KiB at 256), well inside L2
        var buffers = PackingBuffers<T>.ForCurrentThread();
        var nc = Math.Min(n, PackingBuffers<T>.NC);
        ref var cRef = ref MemoryMarshal.GetArrayDataReference(c);
        for (var jc = 0; jc < n; jc += nc)
        {
            var ncb = Math.Min(nc, n - jc);
            for (var pc = 0; pc < k; pc += KC)
            {
                var kcb = Math.Min(KC, k - pc);
                var overwrite = !accumulate && pc == 0;
                PackB(kcb, ncb, b, bOffset + pc * bRowStride + jc * bColStride, bRowStride, bColStride, buffers.PackedB);
                ref var packedB = ref MemoryMarshal.GetArrayDataReference(buffers.PackedB);
                for (var ic = 0; ic < m; ic += mc)
                {
                    var mcb = Math.Min(mc, m - ic);
                    PackA(mcb, kcb, mr, a, aOffset + ic * aRowStride + pc * aColStride, aRowStride, aColStride, buffers.PackedA);
                    ref var packedA = ref MemoryMarshal.GetArrayDataReference(buffers.PackedA);
                    for (var jr = 0; jr < ncb; jr += NR)
                    {
                        var nrb = Math.Min(NR, ncb - jr);
                        for (var ir = 0; ir < mcb; ir += mr)
                        {
                            var mrb = Math.Min(mr, mcb - ir);
                            RegisterTile<T, TVector, TOps, SixColumns>.Run(
                                kcb, ref Unsafe.Add(ref packedA, ir * kcb), mr, ref Unsafe.Add(ref packedB, jr * kcb), NR, 1,
                                ref Unsafe.Add(ref cRef, cOffset + (ic + ir) + ((jc + jr) * ldc)), ldc, mrb, nrb, overwrite, scale, buffers.Tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs a <c>kc×nc</c> block of B into NR-column panels, each stored as kc rows of NR values.</summary>
    private static void PackB<T>(int kc, int nc, T[] b, int offset, int rowStride, int colStride, T[] packed)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var source = ref MemoryMarshal.GetArrayDataReference(b);
        ref var target = ref MemoryMarshal.GetArrayDataReference(packed);
        var t = 0;
        for (var j0 = 0; j0 < nc; j0 += NR)
        {
            var width = Math.Min(NR, nc - j0);
            if (rowStride == 1 && width == NR)
            {
                // Column-major B: six column streams read in step, each panel row written contiguously.
                ref var c0 = ref Unsafe.Add(ref source, offset + (j0 * colStride));
                ref var c1 = ref Unsafe.Add(ref c0, colStride);
                ref var c2 = ref Unsafe.Add(ref c1, colStride);
                ref var c3 = ref Unsafe.Add(ref c2, colStride);
                ref var c4 = ref Unsafe.Add(ref c3, colStride);
                ref var c5 = ref Unsafe.Add(ref c4, colStride);
                ref var row = ref Unsafe.Add(ref target, t);
                for (var p = 0; p < kc; p++)
                {
                    row = Unsafe.Add(ref c0, p);
                    Unsafe.Add(ref row, 1) = Unsafe.Add(ref c1, p);
                    Unsafe.Add(ref row, 2) = Unsafe.Add(ref c2, p);
                    Unsafe.Add(ref row, 3) = Unsafe.Add(ref c3, p);
                    Unsafe.Add(ref row, 4) = Unsafe.Add(ref c4, p);
                    Unsafe.Add(ref row, 5) = Unsafe.Add(ref c5, p);
                    row = ref Unsafe.Add(ref row, NR);
                }

                t += kc * NR;
                continue;
            }

            if (rowStride == 1)
            {
                // Column-major B, the last, narrower panel: read each column contiguously, write it strided, pad with zeros.
                for (var jr = 0; jr < NR; jr++)
                {
                    var column = offset + (j0 + jr) * colStride;
                    for (var p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref target, t + p * NR + jr) = jr < width ? Unsafe.Add(ref source, column + p) : T.Zero;
                    }
                }

                t += kc * NR;
                continue;
            }

            for (var p = 0; p < kc; p++)
            {
                var row = offset + p * rowStride + j0 * colStride;
                var jr = 0;
                for (; jr < width; jr++)
                {
                    Unsafe.Add(ref target, t++) = Unsafe.Add(ref source, row + jr * colStride);
                }

                for (; jr < NR; jr++)
                {
                    Unsafe.Add(ref target, t++) = T.Zero;
                }
            }
        }
    }

    /// <summary>Packs an <c>mc×kc</c> block of A into MR-row panels, each stored as kc columns of MR values.</summary>
    private static void PackA<T>(int mc, int kc, int mr, T[] a, int offset, int rowStride, int colStride, T[] packed)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var source = ref MemoryMarshal.GetArrayDataReference(a);
        ref var target = ref MemoryMarshal.GetArrayDataReference(packed);
        var t = 0;
        for (var i0 = 0; i0 < mc; i0 += mr)
        {
            var height = Math.Min(mr, mc - i0);
            if (rowStride == 1 && height == mr)
            {
                // Column-major A: each packed column is a contiguous copy, whole 256-bit vectors at a time.
                var vectors = mr / Vector256<T>.Count;
                for (var p = 0; p < kc; p++)
                {
                    ref var from = ref Unsafe.Add(ref source, offset + i0 + p * colStride);
                    ref var to = ref Unsafe.Add(ref target, t);
                    for (var v = 0; v < vectors; v++)
                    {
                        var at = (nuint)(v * Vector256<T>.Count);
                        Vector256.LoadUnsafe(ref from, at).StoreUnsafe(ref to, at);
                    }

                    t += mr;
                }

                continue;
            }

            if (colStride == 1)
            {
                // Transposed A (Wᵀ): read each row contiguously, write it strided into the panel.
                for (var ir = 0; ir < mr; ir++)
                {
                    var row = offset + (i0 + ir) * rowStride;
                    for (var p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref target, t + p * mr + ir) = ir < height ? Unsafe.Add(ref source, row + p) : T.Zero;
                    }
                }

                t += kc * mr;
                continue;
            }

            for (var p = 0; p < kc; p++)
            {
                var column = offset + i0 * rowStride + p * colStride;
                var ir = 0;
                for (; ir < height; ir++)
                {
                    Unsafe.Add(ref target, t++) = Unsafe.Add(ref source, column + ir * rowStride);
                }

                for (; ir < mr; ir++)
                {
                    Unsafe.Add(ref target, t++) = T.Zero;
                }
            }
        }
    }
}
