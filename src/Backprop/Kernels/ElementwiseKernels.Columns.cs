using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>The bias across the columns of a batch: added to each (forward), summed over them (its gradient).</content>
internal static partial class ElementwiseKernels
{
    /// <summary>Adds the bias vector to every column of a <c>rows×columns</c> column-major matrix.</summary>
    public static void AddToEachColumn<T>(Span<T> matrix, int rows, ReadOnlySpan<T> bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var offset = 0; offset < matrix.Length; offset += rows)
        {
            var column = matrix.Slice(offset, rows);
            ElementwiseLoop.Map<T, AddOperator<T>>(column, bias, T.Zero, column);
        }
    }

    /// <summary>
    /// Writes <c>scale ·</c> the sum of the columns of a <c>rows×columns</c> column-major matrix (the row sums), the
    /// scale applied once to each finished sum, as the products apply theirs (the mean over a batch for BP3 and BP4).
    /// </summary>
    public static void SumColumns<T>(ReadOnlySpan<T> matrix, int rows, T scale, Span<T> sums)
        where T : struct, IFloatingPointIeee754<T>
    {
        matrix[..rows].CopyTo(sums);
        for (var offset = rows; offset < matrix.Length; offset += rows)
        {
            ElementwiseLoop.Map<T, AddOperator<T>>(sums, matrix.Slice(offset, rows), T.Zero, sums);
        }

        if (scale != T.One)
        {
            Scale(sums[..rows], scale);
        }
    }

    /// <summary><c>f(x, y) = x + y</c>.</summary>
    private readonly struct AddOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => x + y;
    }
}
