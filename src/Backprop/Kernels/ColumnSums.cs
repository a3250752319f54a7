using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// A column-major matrix times a vector, <c>y = Σₚ A(:,p)·x(p)</c> (one sample's forward product W·a), register-blocked:
/// a block of up to fifteen vectors of y (twelve at 512 bits) stays in registers for the whole depth while A's columns
/// stream past once, so y is neither loaded nor stored inside the loop, and A is read contiguously, once, where its rows
/// fit in one block (in stretches of columns, block after block, where they do not).
/// </summary>
/// <remarks>
/// Every element is the same chain <c>yᵢ ← fma(A(i,p), x(p), yᵢ)</c> for p = 0, 1, …, k − 1, from 0 (or from yᵢ when
/// accumulating), whatever the vector width or block, so the result is bit-identical to a scalar loop in that order.
/// A block whose rows are not a whole number of vectors ends with a vector that overlaps the one before it: the elements it
/// recomputes go through the same chain, so the values stored twice are equal.
/// </remarks>
internal static class ColumnSums
{
    /// <summary><c>y = (accumulate ? y : 0) + Σₚ A(:,p)·x(p)</c>, A column-major <c>m×k</c> with leading dimension <paramref name="lda"/>.</summary>
    public static void Multiply<T>(int m, int k, ref T a, nint lda, ref T x, nint xStride, ref T y, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && m >= Vector512<T>.Count)
        {
            Multiply<T, Vector512<T>, Vector512Operations<T>>(m, k, ref a, lda, ref x, xStride, ref y, accumulate);
        }
        else if (Vector256.IsHardwareAccelerated && m >= Vector256<T>.Count)
        {
            Multiply<T, Vector256<T>, Vector256Operations<T>>(m, k, ref a, lda, ref x, xStride, ref y, accumulate);
        }
        else
        {
            // Fewer rows than a vector: one column at a time, so the m chains run side by side rather than one after another.
            if (!accumulate)
            {
                MemoryMarshal.CreateSpan(ref y, m).Clear();
            }

            for (var p = 0; p < k; p++)
            {
                var xp = Unsafe.Add(ref x, p * xStride);
                ref var column = ref Unsafe.Add(ref a, p * lda);
                for (var i = 0; i < m; i++)
                {
                    ref var target = ref Unsafe.Add(ref y, i);
                    target = T.FusedMultiplyAdd(Unsafe.Add(ref column, i), xp, target);
                }
            }
        }
    }

    /// <summary>The product at one vector width, for m of at least one vector.</summary>
    private static void Multiply<T, TVector, TOps>(int m, int k, ref T a, nint lda, ref T x, nint xStride, ref T y, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        // As few blocks as the registers allow, since each block streams through every column of A (100 float32 rows at 256
        // bits: one block of 13 vectors, not 6 + 7), and as even as whole vectors allow, so that no block is left with a
        // vector or two whose accumulators wait on their multiply-adds' latency. Every block but the last is whole vectors,
        // and the last has at least as many as the others, so it keeps a whole vector of its own and never overlaps rows
        // an earlier block has stored.
        var width = TOps.Count;
        var vectors = (m + width - 1) / width;
        var perBlock = MaxVectorsPerBlock<TVector>();
        var blocks = (vectors + perBlock - 1) / perBlock;

        // Several blocks take A's columns a stretch at a time, every block over the stretch before the next, so the lines of
        // a column that one block leaves are read by the next while they are still near (bits unchanged: each element's
        // chain goes on from the y it stored). The blocks run at least once, so a depth of 0 stores y = 0 (or leaves it).
        var stretch = blocks == 1 ? k : ColumnsPerStretch;
        var p = 0;
        do
        {
            var depth = Math.Min(stretch, k - p);
            ref var ap = ref Unsafe.Add(ref a, p * lda);
            ref var xp = ref Unsafe.Add(ref x, p * xStride);
            var add = accumulate || p > 0;
            var left = vectors;
            var i = 0;
            for (var b = blocks; b > 1; b--)
            {
                var rows = left / b * width;
                Block<T, TVector, TOps>(rows, depth, ref Unsafe.Add(ref ap, i), lda, ref xp, xStride, ref Unsafe.Add(ref y, i), add);
                left -= rows / width;
                i += rows;
            }

            Block<T, TVector, TOps>(m - i, depth, ref Unsafe.Add(ref ap, i), lda, ref xp, xStride, ref Unsafe.Add(ref y, i), add);
            p += stretch;
        }
        while (p < k);
    }

    /// <summary>
    /// Columns of A per stretch when the rows take several blocks. Paired runs in one process on a Zen 3 (AVX2), one
    /// thread, against whole-depth blocks: 128 float32 rows 7.2–8.4 → 6.2–7.3 µs, 200 rows 13.0–14.0 → 11.1–12.1 µs, 64
    /// float64 rows 7.8–7.9 → 6.1–7.2 µs, 100 float64 rows 11.9–13.6 → 10.3–12.4 µs (depth 784; 8, 16 and 64 columns gained
    /// less, and 256 float32 rows, beyond L2, nothing).
    /// </summary>
    private const int ColumnsPerStretch = 32;

    /// <summary>
    /// Vectors of y per block: at 256 bits fifteen, every register but the broadcast's (A's loads are operands of the
    /// multiply-adds); at 512 bits twelve, the limit that held at every width before (more has not been measured on a
    /// processor with 32 vector registers).
    /// </summary>
    /// <remarks>
    /// A second block reads the other rows of every column of A, so A streams past twice, in strides: 100 float32 rows
    /// (a 784-100 layer's W·a) took 6.3 µs as blocks of 6 and 7 vectors and 4.4 µs as one of 13 (paired runs in one
    /// process on a Zen 3, AVX2), 112 rows 6.0 µs as 12 + 2 and 4.9 µs as 14, 120 rows 6.4 µs as 12 + 3 and 4.8 µs as 15.
    /// </remarks>
    private static int MaxVectorsPerBlock<TVector>()
        where TVector : struct
        => Unsafe.SizeOf<TVector>() == Unsafe.SizeOf<Vector512<byte>>() ? 12 : 15;

    /// <summary>One block of one to fifteen vectors' worth of rows (at least one whole vector), at the count the JIT specialises.</summary>
    private static void Block<T, TVector, TOps>(int rows, int k, ref T a, nint lda, ref T x, nint xStride, ref T y, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        var vectors = (rows + TOps.Count - 1) / TOps.Count;
        var last = (nuint)(rows - TOps.Count);
        switch (vectors)
        {
            case 15:
                Block<T, TVector, TOps, FifteenColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 14:
                Block<T, TVector, TOps, FourteenColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 13:
                Block<T, TVector, TOps, ThirteenColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 12:
                Block<T, TVector, TOps, TwelveColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 11:
                Block<T, TVector, TOps, ElevenColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 10:
                Block<T, TVector, TOps, TenColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 9:
                Block<T, TVector, TOps, NineColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 8:
                Block<T, TVector, TOps, EightColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 7:
                Block<T, TVector, TOps, SevenColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 6:
                Block<T, TVector, TOps, SixColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 5:
                Block<T, TVector, TOps, FiveColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 4:
                Block<T, TVector, TOps, FourColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 3:
                Block<T, TVector, TOps, ThreeColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            case 2:
                Block<T, TVector, TOps, TwoColumns>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
            default:
                Block<T, TVector, TOps, OneColumn>(k, ref a, lda, ref x, xStride, ref y, last, accumulate);
                break;
        }
    }

    /// <summary>
    /// One block of <typeparamref name="TCount"/> vectors of y: vector v at row <c>v·width</c>, except the last, at row
    /// <paramref name="last"/> (the block's rows less one vector, which overlaps the vector before it when the rows are
    /// not a whole number of vectors).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T, TVector, TOps, TCount>(int k, ref T a, nint lda, ref T x, nint xStride, ref T y, nuint last, bool accumulate)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
        where TCount : struct, ITileColumns
    {
        var w = (nuint)TOps.Count;
        var o1 = TCount.Count == 2 ? last : w;
        var o2 = TCount.Count == 3 ? last : 2 * w;
        var o3 = TCount.Count == 4 ? last : 3 * w;
        var o4 = TCount.Count == 5 ? last : 4 * w;
        var o5 = TCount.Count == 6 ? last : 5 * w;
        var o6 = TCount.Count == 7 ? last : 6 * w;
        var o7 = TCount.Count == 8 ? last : 7 * w;
        var o8 = TCount.Count == 9 ? last : 8 * w;
        var o9 = TCount.Count == 10 ? last : 9 * w;
        var o10 = TCount.Count == 11 ? last : 10 * w;
        var o11 = TCount.Count == 12 ? last : 11 * w;
        var o12 = TCount.Count == 13 ? last : 12 * w;
        var o13 = TCount.Count == 14 ? last : 13 * w;
        var o14 = last;
        var y0 = TOps.Zero;
        var y1 = TOps.Zero;
        var y2 = TOps.Zero;
        var y3 = TOps.Zero;
        var y4 = TOps.Zero;
        var y5 = TOps.Zero;
        var y6 = TOps.Zero;
        var y7 = TOps.Zero;
        var y8 = TOps.Zero;
        var y9 = TOps.Zero;
        var y10 = TOps.Zero;
        var y11 = TOps.Zero;
        var y12 = TOps.Zero;
        var y13 = TOps.Zero;
        var y14 = TOps.Zero;
        if (accumulate)
        {
            y0 = TOps.Load(ref y, TCount.Count == 1 ? last : 0);
            y1 = TCount.Count > 1 ? TOps.Load(ref y, o1) : y1;
            y2 = TCount.Count > 2 ? TOps.Load(ref y, o2) : y2;
            y3 = TCount.Count > 3 ? TOps.Load(ref y, o3) : y3;
            y4 = TCount.Count > 4 ? TOps.Load(ref y, o4) : y4;
            y5 = TCount.Count > 5 ? TOps.Load(ref y, o5) : y5;
            y6 = TCount.Count > 6 ? TOps.Load(ref y, o6) : y6;
            y7 = TCount.Count > 7 ? TOps.Load(ref y, o7) : y7;
            y8 = TCount.Count > 8 ? TOps.Load(ref y, o8) : y8;
            y9 = TCount.Count > 9 ? TOps.Load(ref y, o9) : y9;
            y10 = TCount.Count > 10 ? TOps.Load(ref y, o10) : y10;
            y11 = TCount.Count > 11 ? TOps.Load(ref y, o11) : y11;
            y12 = TCount.Count > 12 ? TOps.Load(ref y, o12) : y12;
            y13 = TCount.Count > 13 ? TOps.Load(ref y, o13) : y13;
            y14 = TCount.Count > 14 ? TOps.Load(ref y, o14) : y14;
        }

        // A one-vector block starts at its last (and only) vector, so that a block of one vector's rows reads no further.
        var o0 = TCount.Count == 1 ? last : 0;
        ref var column = ref a;
        ref var xp = ref x;
        for (var p = 0; p < k; p++)
        {
            var s = TOps.Broadcast(xp);
            y0 = TOps.MultiplyAdd(TOps.Load(ref column, o0), s, y0);
            if (TCount.Count > 1)
            {
                y1 = TOps.MultiplyAdd(TOps.Load(ref column, o1), s, y1);
            }

            if (TCount.Count > 2)
            {
                y2 = TOps.MultiplyAdd(TOps.Load(ref column, o2), s, y2);
            }

            if (TCount.Count > 3)
            {
                y3 = TOps.MultiplyAdd(TOps.Load(ref column, o3), s, y3);
            }

            if (TCount.Count > 4)
            {
                y4 = TOps.MultiplyAdd(TOps.Load(ref column, o4), s, y4);
            }

            if (TCount.Count > 5)
            {
                y5 = TOps.MultiplyAdd(TOps.Load(ref column, o5), s, y5);
            }

            if (TCount.Count > 6)
            {
                y6 = TOps.MultiplyAdd(TOps.Load(ref column, o6), s, y6);
            }

            if (TCount.Count > 7)
            {
                y7 = TOps.MultiplyAdd(TOps.Load(ref column, o7), s, y7);
            }

            if (TCount.Count > 8)
            {
                y8 = TOps.MultiplyAdd(TOps.Load(ref column, o8), s, y8);
            }

            if (TCount.Count > 9)
            {
                y9 = TOps.MultiplyAdd(TOps.Load(ref column, o9), s, y9);
            }

            if (TCount.Count > 10)
            {
                y10 = TOps.MultiplyAdd(TOps.Load(ref column, o10), s, y10);
            }

            if (TCount.Count > 11)
            {
                y11 = TOps.MultiplyAdd(TOps.Load(ref column, o11), s, y11);
            }

            if (TCount.Count > 12)
            {
                y12 = TOps.MultiplyAdd(TOps.Load(ref column, o12), s, y12);
            }

            if (TCount.Count > 13)
            {
                y13 = TOps.MultiplyAdd(TOps.Load(ref column, o13), s, y13);
            }

            if (TCount.Count > 14)
            {
                y14 = TOps.MultiplyAdd(TOps.Load(ref column, o14), s, y14);
            }

            column = ref Unsafe.Add(ref column, lda);
            xp = ref Unsafe.Add(ref xp, xStride);
        }

        TOps.Store(y0, ref y, o0);
        if (TCount.Count > 1)
        {
            TOps.Store(y1, ref y, o1);
        }

        if (TCount.Count > 2)
        {
            TOps.Store(y2, ref y, o2);
        }

        if (TCount.Count > 3)
        {
            TOps.Store(y3, ref y, o3);
        }

        if (TCount.Count > 4)
        {
            TOps.Store(y4, ref y, o4);
        }

        if (TCount.Count > 5)
        {
            TOps.Store(y5, ref y, o5);
        }

        if (TCount.Count > 6)
        {
            TOps.Store(y6, ref y, o6);
        }

        if (TCount.Count > 7)
        {
            TOps.Store(y7, ref y, o7);
        }

        if (TCount.Count > 8)
        {
            TOps.Store(y8, ref y, o8);
        }

        if (TCount.Count > 9)
        {
            TOps.Store(y9, ref y, o9);
        }

        if (TCount.Count > 10)
        {
            TOps.Store(y10, ref y, o10);
        }

        if (TCount.Count > 11)
        {
            TOps.Store(y11, ref y, o11);
        }

        if (TCount.Count > 12)
        {
            TOps.Store(y12, ref y, o12);
        }

        if (TCount.Count > 13)
        {
            TOps.Store(y13, ref y, o13);
        }

        if (TCount.Count > 14)
        {
            TOps.Store(y14, ref y, o14);
        }
    }
}
