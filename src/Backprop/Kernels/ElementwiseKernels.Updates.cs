using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>The scale and update loops over a layer's parameters, with ordinary stores so the weights stay cached.</content>
internal static partial class ElementwiseKernels
{
    /// <summary><c>x ← scale·x</c>.</summary>
    public static void Scale<T>(Span<T> values, T scale)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, MultiplyOperator<T>>(values, values, scale, values);

    /// <summary><c>target ← target + scale·values</c> (the gradient-descent update with <c>scale = −η</c>).</summary>
    /// <remarks>
    /// The operation <see cref="AddScaledIsFinite{T}"/> checks, element for element (<see cref="AddScaledOperator{T}"/>,
    /// unfused), so what it checked is what is stored.
    /// </remarks>
    public static void AddScaled<T>(Span<T> target, ReadOnlySpan<T> values, T scale)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, AddScaledOperator<T>>(target, values, scale, target);

    /// <summary><c>f(x; s) = x·s</c>.</summary>
    private readonly struct MultiplyOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => x * s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => x * s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => x * s;
    }

    /// <summary>
    /// <c>f(t, g; s) = t + s·g</c>, a multiply and an add with two roundings (no fused multiply-add): the one definition
    /// of the update that both <see cref="AddScaled{T}"/> and <see cref="AddScaledIsFinite{T}"/> compute.
    /// </summary>
    internal readonly struct AddScaledOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => x + (s * y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => x + (s * y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => x + (s * y);
    }
}
