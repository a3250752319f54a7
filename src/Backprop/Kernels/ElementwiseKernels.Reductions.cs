using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>Sums over a pair of vectors, for the losses and metrics.</content>
internal static partial class ElementwiseKernels
{
    /// <summary><c>Σ (x[i] − y[i])²</c> over every element of <paramref name="x"/> (<paramref name="y"/> at least as long).</summary>
    public static T SumOfSquaredDifferences<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Sum<T, SquaredDifferenceOperator<T>>(x, y, T.Zero);

    /// <summary>
    /// <c>Σ values²</c> (a gradient's squared Frobenius norm; values whose squares would be subnormal count as 0), in the order of every <see cref="ElementwiseLoop.Sum{T, TOperator}"/>;
    /// the check of an update computes the same sum in its pass (<see cref="AddScaledIsFinite{T}"/>).
    /// </summary>
    public static T SumOfSquares<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Sum<T, SquareOperator<T>>(values, values, T.Zero);

    /// <summary>
    /// <c>f(x, y) = y·y</c> (the second operand, so that a check of <c>t + s·g</c> can add g²), with a y whose square would
    /// be subnormal (|y| &lt; 2⁻⁶³ for float32, 2⁻⁵¹¹ for float64) flushed to zero first: each such term is below the smallest
    /// normal number, and computing it would cost a microcode assist per vector on Intel processors (see
    /// <see cref="FlushSubnormals{T}"/>). NaN and ±∞ still square to NaN and +∞.
    /// </summary>
    private readonly struct SquareOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s)
        {
            y = FlushToZeroOperator<T>.Invoke(y, y, Subnormal<T>.SquareRootOfSmallestNormal);
            return y * y;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s)
        {
            y = FlushToZeroOperator<T>.Invoke(y, y, Vector256.Create(Subnormal<T>.SquareRootOfSmallestNormal));
            return y * y;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s)
        {
            y = FlushToZeroOperator<T>.Invoke(y, y, Vector512.Create(Subnormal<T>.SquareRootOfSmallestNormal));
            return y * y;
        }
    }

    /// <summary><c>f(x, y) = (x − y)²</c>.</summary>
    private readonly struct SquaredDifferenceOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s)
        {
            var difference = x - y;
            return difference * difference;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s)
        {
            var difference = x - y;
            return difference * difference;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s)
        {
            var difference = x - y;
            return difference * difference;
        }
    }
}
