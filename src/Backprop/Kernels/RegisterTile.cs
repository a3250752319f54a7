using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Kernels;

/// <summary>
/// The register-blocked inner kernel of <see cref="Gemm"/>: an <c>MR×NR</c> tile of C (two vectors down a
/// column, up to <see cref="UnpackedProduct.WideTileColumns"/> columns) held in up to 24 vector accumulators, updated by
/// one fused multiply-add per accumulator for each step of the depth: a panel of the packed product, or, unpacked, a
/// mini-batch whose tile spans every sample so that A is read once.
/// </summary>
/// <remarks>
/// The same loop serves packed operands (A advances by the panel's rows per step, MR or one vector; B by NR, B's
/// columns adjacent) and operands read in place (A advances by its leading dimension, B by its row stride, B's columns
/// <c>bColumnStride</c> apart), so products can skip packing without a second kernel.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TVector">The vector type.</typeparam>
/// <typeparam name="TOps">The operations on <typeparamref name="TVector"/>.</typeparam>
/// <typeparam name="TColumns">The columns per tile (the packed product uses twelve, or six twice with 16 vector registers; a narrower tile skips the rest).</typeparam>
/// <typeparam name="TRows">
/// The vectors down a column of the tile: two, or one for the last rows of a product when they fill at most one vector (a
/// 100-row product's last 4 rows), which then costs half the multiply-adds of a full tile.
/// </typeparam>
internal static class RegisterTile<T, TVector, TOps, TColumns, TRows>
    where T : struct, IFloatingPointIeee754<T>
    where TVector : struct
    where TOps : struct, IVectorOperations<TVector, T>
    where TColumns : struct, ITileColumns
    where TRows : struct, ITileRows
{
    /// <summary>Rows of C per tile: one or two vectors.</summary>
    public static int MR => TRows.Count * TOps.Count;

    /// <summary>
    /// C(tile) = scale·Σₚ A(:,p)·B(p,:) over <paramref name="k"/> steps, written over C when
    /// <paramref name="overwrite"/>, else added to it. Only the first <paramref name="rows"/> ×
    /// <paramref name="columns"/> elements of the tile are stored; a partial tile goes through
    /// <paramref name="tile"/> (MR·NR elements).
    /// </summary>
    /// <param name="k">The depth.</param>
    /// <param name="a">A(0, 0) of the tile: the tile's rows (MR, or one vector) consecutive at each step.</param>
    /// <param name="aStep">Elements between A(0, p) and A(0, p + 1).</param>
    /// <param name="b">B(0, 0) of the tile.</param>
    /// <param name="bStep">Elements between B(p, 0) and B(p + 1, 0).</param>
    /// <param name="bColumnStride">Elements between B(p, j) and B(p, j + 1).</param>
    /// <param name="c">C(0, 0) of the tile, column-major.</param>
    /// <param name="ldc">C's leading dimension.</param>
    /// <param name="rows">Rows of the tile to store (≤ MR).</param>
    /// <param name="columns">Columns of the tile to store (≤ <typeparamref name="TColumns"/>'s count).</param>
    /// <param name="overwrite">Write C instead of adding to it.</param>
    /// <param name="scale">The factor applied to the sum before it is stored.</param>
    /// <param name="tile">Scratch for a partial tile.</param>
    public static void Run(
        int k, ref T a, nint aStep, ref T b, nint bStep, nint bColumnStride,
        ref T c, nint ldc, int rows, int columns, bool overwrite, T scale, Span<T> tile)
    {
        var width = (nuint)TOps.Count;
        var b1 = bColumnStride;
        var b2 = 2 * bColumnStride;
        var b3 = 3 * bColumnStride;
        var b4 = 4 * bColumnStride;
        var b5 = 5 * bColumnStride;
        var b6 = 6 * bColumnStride;
        var b7 = 7 * bColumnStride;
        var b8 = 8 * bColumnStride;
        var b9 = 9 * bColumnStride;
        var b10 = 10 * bColumnStride;
        var b11 = 11 * bColumnStride;
        var c00 = TOps.Zero;
        var c10 = TOps.Zero;
        var c01 = TOps.Zero;
        var c11 = TOps.Zero;
        var c02 = TOps.Zero;
        var c12 = TOps.Zero;
        var c03 = TOps.Zero;
        var c13 = TOps.Zero;
        var c04 = TOps.Zero;
        var c14 = TOps.Zero;
        var c05 = TOps.Zero;
        var c15 = TOps.Zero;
        var c06 = TOps.Zero;
        var c16 = TOps.Zero;
        var c07 = TOps.Zero;
        var c17 = TOps.Zero;
        var c08 = TOps.Zero;
        var c18 = TOps.Zero;
        var c09 = TOps.Zero;
        var c19 = TOps.Zero;
        var c0a = TOps.Zero;
        var c1a = TOps.Zero;
        var c0b = TOps.Zero;
        var c1b = TOps.Zero;
        ref var ap = ref a;
        ref var bp = ref b;
        for (var p = 0; p < k; p++)
        {
            var a0 = TOps.Load(ref ap, 0);
            var a1 = TRows.Count > 1 ? TOps.Load(ref ap, width) : a0;
            var s = TOps.Broadcast(bp);
            c00 = TOps.MultiplyAdd(a0, s, c00);
            if (TRows.Count > 1)
            {
                c10 = TOps.MultiplyAdd(a1, s, c10);
            }

            if (TColumns.Count > 1)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b1));
                c01 = TOps.MultiplyAdd(a0, s, c01);
                if (TRows.Count > 1)
                {
                    c11 = TOps.MultiplyAdd(a1, s, c11);
                }
            }

            if (TColumns.Count > 2)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b2));
                c02 = TOps.MultiplyAdd(a0, s, c02);
                if (TRows.Count > 1)
                {
                    c12 = TOps.MultiplyAdd(a1, s, c12);
                }
            }

            if (TColumns.Count > 3)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b3));
                c03 = TOps.MultiplyAdd(a0, s, c03);
                if (TRows.Count > 1)
                {
                    c13 = TOps.MultiplyAdd(a1, s, c13);
                }
            }

            if (TColumns.Count > 4)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b4));
                c04 = TOps.MultiplyAdd(a0, s, c04);
                if (TRows.Count > 1)
                {
                    c14 = TOps.MultiplyAdd(a1, s, c14);
                }
            }

            if (TColumns.Count > 5)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b5));
                c05 = TOps.MultiplyAdd(a0, s, c05);
                if (TRows.Count > 1)
                {
                    c15 = TOps.MultiplyAdd(a1, s, c15);
                }
            }

            if (TColumns.Count > 6)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b6));
                c06 = TOps.MultiplyAdd(a0, s, c06);
                if (TRows.Count > 1)
                {
                    c16 = TOps.MultiplyAdd(a1, s, c16);
                }
            }

            if (TColumns.Count > 7)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b7));
                c07 = TOps.MultiplyAdd(a0, s, c07);
                if (TRows.Count > 1)
                {
                    c17 = TOps.MultiplyAdd(a1, s, c17);
                }
            }

            if (TColumns.Count > 8)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b8));
                c08 = TOps.MultiplyAdd(a0, s, c08);
                if (TRows.Count > 1)
                {
                    c18 = TOps.MultiplyAdd(a1, s, c18);
                }
            }

            if (TColumns.Count > 9)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b9));
                c09 = TOps.MultiplyAdd(a0, s, c09);
                if (TRows.Count > 1)
                {
                    c19 = TOps.MultiplyAdd(a1, s, c19);
                }
            }

            if (TColumns.Count > 10)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b10));
                c0a = TOps.MultiplyAdd(a0, s, c0a);
                if (TRows.Count > 1)
                {
                    c1a = TOps.MultiplyAdd(a1, s, c1a);
                }
            }

            if (TColumns.Count > 11)
            {
                s = TOps.Broadcast(Unsafe.Add(ref bp, b11));
                c0b = TOps.MultiplyAdd(a0, s, c0b);
                if (TRows.Count > 1)
                {
                    c1b = TOps.MultiplyAdd(a1, s, c1b);
                }
            }

            ap = ref Unsafe.Add(ref ap, aStep);
            bp = ref Unsafe.Add(ref bp, bStep);
        }

        if (scale != T.One)
        {
            var factor = TOps.Broadcast(scale);
            c00 = TOps.Multiply(c00, factor);
            c10 = TOps.Multiply(c10, factor);
            c01 = TOps.Multiply(c01, factor);
            c11 = TOps.Multiply(c11, factor);
            c02 = TOps.Multiply(c02, factor);
            c12 = TOps.Multiply(c12, factor);
            c03 = TOps.Multiply(c03, factor);
            c13 = TOps.Multiply(c13, factor);
            c04 = TOps.Multiply(c04, factor);
            c14 = TOps.Multiply(c14, factor);
            c05 = TOps.Multiply(c05, factor);
            c15 = TOps.Multiply(c15, factor);
            c06 = TOps.Multiply(c06, factor);
            c16 = TOps.Multiply(c16, factor);
            c07 = TOps.Multiply(c07, factor);
            c17 = TOps.Multiply(c17, factor);
            c08 = TOps.Multiply(c08, factor);
            c18 = TOps.Multiply(c18, factor);
            c09 = TOps.Multiply(c09, factor);
            c19 = TOps.Multiply(c19, factor);
            c0a = TOps.Multiply(c0a, factor);
            c1a = TOps.Multiply(c1a, factor);
            c0b = TOps.Multiply(c0b, factor);
            c1b = TOps.Multiply(c1b, factor);
        }

        if (rows == MR && columns == TColumns.Count)
        {
            Store(ref c, c00, c10, overwrite);
            if (TColumns.Count > 1)
            {
                Store(ref Unsafe.Add(ref c, 1 * ldc), c01, c11, overwrite);
            }

            if (TColumns.Count > 2)
            {
                Store(ref Unsafe.Add(ref c, 2 * ldc), c02, c12, overwrite);
            }

            if (TColumns.Count > 3)
            {
                Store(ref Unsafe.Add(ref c, 3 * ldc), c03, c13, overwrite);
            }

            if (TColumns.Count > 4)
            {
                Store(ref Unsafe.Add(ref c, 4 * ldc), c04, c14, overwrite);
            }

            if (TColumns.Count > 5)
            {
                Store(ref Unsafe.Add(ref c, 5 * ldc), c05, c15, overwrite);
            }

            if (TColumns.Count > 6)
            {
                Store(ref Unsafe.Add(ref c, 6 * ldc), c06, c16, overwrite);
            }

            if (TColumns.Count > 7)
            {
                Store(ref Unsafe.Add(ref c, 7 * ldc), c07, c17, overwrite);
            }

            if (TColumns.Count > 8)
            {
                Store(ref Unsafe.Add(ref c, 8 * ldc), c08, c18, overwrite);
            }

            if (TColumns.Count > 9)
            {
                Store(ref Unsafe.Add(ref c, 9 * ldc), c09, c19, overwrite);
            }

            if (TColumns.Count > 10)
            {
                Store(ref Unsafe.Add(ref c, 10 * ldc), c0a, c1a, overwrite);
            }

            if (TColumns.Count > 11)
            {
                Store(ref Unsafe.Add(ref c, 11 * ldc), c0b, c1b, overwrite);
            }

            return;
        }

        // A partial tile: where the processor has masked stores, each column's rows that exist go straight to C (a spill
        // through scratch read back element by element stalls on store-to-load forwarding: it cost a 100-row product over
        // 1,000 columns a tenth of its time).
        if (TOps.HasMaskedAccess)
        {
            StorePartialColumn(ref c, c00, c10, rows, overwrite);
            if (TColumns.Count > 1 && columns > 1)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 1 * ldc), c01, c11, rows, overwrite);
            }

            if (TColumns.Count > 2 && columns > 2)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 2 * ldc), c02, c12, rows, overwrite);
            }

            if (TColumns.Count > 3 && columns > 3)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 3 * ldc), c03, c13, rows, overwrite);
            }

            if (TColumns.Count > 4 && columns > 4)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 4 * ldc), c04, c14, rows, overwrite);
            }

            if (TColumns.Count > 5 && columns > 5)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 5 * ldc), c05, c15, rows, overwrite);
            }

            if (TColumns.Count > 6 && columns > 6)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 6 * ldc), c06, c16, rows, overwrite);
            }

            if (TColumns.Count > 7 && columns > 7)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 7 * ldc), c07, c17, rows, overwrite);
            }

            if (TColumns.Count > 8 && columns > 8)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 8 * ldc), c08, c18, rows, overwrite);
            }

            if (TColumns.Count > 9 && columns > 9)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 9 * ldc), c09, c19, rows, overwrite);
            }

            if (TColumns.Count > 10 && columns > 10)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 10 * ldc), c0a, c1a, rows, overwrite);
            }

            if (TColumns.Count > 11 && columns > 11)
            {
                StorePartialColumn(ref Unsafe.Add(ref c, 11 * ldc), c0b, c1b, rows, overwrite);
            }

            return;
        }

        // Else spill the accumulators, then copy just the rows and columns that exist.
        var mr = MR;
        ref var t = ref MemoryMarshal.GetReference(tile);
        Store(ref t, c00, c10, overwrite: true);
        if (TColumns.Count > 1)
        {
            Store(ref Unsafe.Add(ref t, 1 * mr), c01, c11, overwrite: true);
        }

        if (TColumns.Count > 2)
        {
            Store(ref Unsafe.Add(ref t, 2 * mr), c02, c12, overwrite: true);
        }

        if (TColumns.Count > 3)
        {
            Store(ref Unsafe.Add(ref t, 3 * mr), c03, c13, overwrite: true);
        }

        if (TColumns.Count > 4)
        {
            Store(ref Unsafe.Add(ref t, 4 * mr), c04, c14, overwrite: true);
        }

        if (TColumns.Count > 5)
        {
            Store(ref Unsafe.Add(ref t, 5 * mr), c05, c15, overwrite: true);
        }

        if (TColumns.Count > 6)
        {
            Store(ref Unsafe.Add(ref t, 6 * mr), c06, c16, overwrite: true);
        }

        if (TColumns.Count > 7)
        {
            Store(ref Unsafe.Add(ref t, 7 * mr), c07, c17, overwrite: true);
        }

        if (TColumns.Count > 8)
        {
            Store(ref Unsafe.Add(ref t, 8 * mr), c08, c18, overwrite: true);
        }

        if (TColumns.Count > 9)
        {
            Store(ref Unsafe.Add(ref t, 9 * mr), c09, c19, overwrite: true);
        }

        if (TColumns.Count > 10)
        {
            Store(ref Unsafe.Add(ref t, 10 * mr), c0a, c1a, overwrite: true);
        }

        if (TColumns.Count > 11)
        {
            Store(ref Unsafe.Add(ref t, 11 * mr), c0b, c1b, overwrite: true);
        }

        for (var j = 0; j < columns; j++)
        {
            ref var column = ref Unsafe.Add(ref c, j * ldc);
            for (var i = 0; i < rows; i++)
            {
                ref var target = ref Unsafe.Add(ref column, i);
                var value = Unsafe.Add(ref t, i + (j * mr));
                target = overwrite ? value : target + value;
            }
        }
    }

    /// <summary>The first <paramref name="rows"/> elements of one column of the tile, with masked loads and stores where the vectors are partial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePartialColumn(ref T destination, TVector upper, TVector lower, int rows, bool overwrite)
    {
        var width = TOps.Count;
        StorePartialVector(ref destination, upper, Math.Min(rows, width), overwrite);
        if (TRows.Count > 1 && rows > width)
        {
            StorePartialVector(ref Unsafe.Add(ref destination, width), lower, rows - width, overwrite);
        }
    }

    /// <summary>The first <paramref name="count"/> (1 to <c>Count</c>) elements of one vector of the tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePartialVector(ref T destination, TVector value, int count, bool overwrite)
    {
        if (count == TOps.Count)
        {
            TOps.Store(overwrite ? value : TOps.Add(value, TOps.Load(ref destination, 0)), ref destination, 0);
            return;
        }

        TOps.StoreFirst(overwrite ? value : TOps.Add(value, TOps.LoadFirst(ref destination, count)), ref destination, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref T destination, TVector upper, TVector lower, bool overwrite)
    {
        var width = (nuint)TOps.Count;
        if (!overwrite)
        {
            upper = TOps.Add(upper, TOps.Load(ref destination, 0));
        }

        TOps.Store(upper, ref destination, 0);
        if (TRows.Count > 1)
        {
            if (!overwrite)
            {
                lower = TOps.Add(lower, TOps.Load(ref destination, width));
            }

            TOps.Store(lower, ref destination, width);
        }
    }
}
