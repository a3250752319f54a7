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
    /// <c>Σ values²</c> (a gradient's squared Frobenius norm), in the order of every <see cref="ElementwiseLoop.Sum{T, TOperator}"/>;
    /// the check of an update computes the same sum in its pass (<see cref="AddScaledIsFinite{T}"/>).
    /// </summary>
    public static T SumOfSquares<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Sum<T, SquareOperator<T>>(values, values, T.Zero);

    /// <summary><c>f(x, y) = y·y</c> (the second operand, so that a check of <c>t + s·g</c> can add g²).</summary>
    private readonly struct SquareOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => y * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => y * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => y * y;
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
