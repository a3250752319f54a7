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
