using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>Finiteness checks: of values, and of an update before it is stored.</content>
internal static partial class ElementwiseKernels
{
    /// <summary>True when every value is finite (no NaN, no ±∞).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Sum<T, FinitenessOperator<T, IdentityOperator<T>>>(values, values, T.Zero) == T.Zero;

    /// <summary>
    /// True when <c>target + scale·values</c> (<see cref="AddScaled{T}"/>'s result) would be finite everywhere; computed,
    /// not stored. The same pass sums <c>values²</c> (a gradient's squared norm, which the training diagnostics report):
    /// when the result is true, <paramref name="sumOfSquares"/> has the bits of <see cref="SumOfSquares{T}"/> of
    /// <paramref name="values"/>.
    /// </summary>
    public static bool AddScaledIsFinite<T>(ReadOnlySpan<T> target, ReadOnlySpan<T> values, T scale, out T sumOfSquares)
        where T : struct, IFloatingPointIeee754<T>
    {
        sumOfSquares = ElementwiseLoop.Sum<T, FinitenessPlusSquareOperator<T>>(target, values, scale);
        return !T.IsNaN(sumOfSquares);
    }

    /// <summary>
    /// <c>f(x, y; s) = u − u</c> with <c>u = TValue(x, y; s)</c>: 0 for every finite u, NaN for NaN and ±∞. A sum of these
    /// is 0 exactly when every u is finite (a sum of zeros cannot overflow).
    /// </summary>
    private readonly struct FinitenessOperator<T, TValue> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
        where TValue : struct, IElementwiseOperator<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s)
        {
            var u = TValue.Invoke(x, y, s);
            return u - u;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s)
        {
            var u = TValue.Invoke(x, y, s);
            return u - u;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s)
        {
            var u = TValue.Invoke(x, y, s);
            return u - u;
        }
    }

    /// <summary>
    /// <c>f(t, g; s) = (u − u) + g·g</c> with <c>u = t + s·g</c> (<see cref="FinitenessOperator{T, TValue}"/> of the update,
    /// plus <see cref="SquareOperator{T}"/>'s term): exactly g²
    /// when u is finite, NaN when it is not. A sum of these is NaN exactly when some u is not finite: its other terms
    /// are never negative, so they cannot make a NaN (a +∞ sum only means that Σg² overflowed).
    /// </summary>
    private readonly struct FinitenessPlusSquareOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s)
            => FinitenessOperator<T, AddScaledOperator<T>>.Invoke(x, y, s) + SquareOperator<T>.Invoke(x, y, s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s)
            => FinitenessOperator<T, AddScaledOperator<T>>.Invoke(x, y, s) + SquareOperator<T>.Invoke(x, y, s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s)
            => FinitenessOperator<T, AddScaledOperator<T>>.Invoke(x, y, s) + SquareOperator<T>.Invoke(x, y, s);
    }

    /// <summary><c>f(x) = x</c>.</summary>
    private readonly struct IdentityOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => x;
    }
}
