using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>The activations' derivatives from their outputs or inputs, the leaky rectifier and softplus.</content>
internal static partial class ElementwiseKernels
{
    /// <summary><c>g ← g ⊙ a ⊙ (1 − a)</c>: the sigmoid's derivative from its output.</summary>
    public static void MultiplyBySigmoidDerivative<T>(ReadOnlySpan<T> activations, Span<T> gradient)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, SigmoidDerivativeOperator<T>>(activations, gradient, T.Zero, gradient);

    /// <summary><c>g ← g ⊙ (1 − a²)</c>: the hyperbolic tangent's derivative from its output.</summary>
    public static void MultiplyByTanhDerivative<T>(ReadOnlySpan<T> activations, Span<T> gradient)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, TanhDerivativeOperator<T>>(activations, gradient, T.Zero, gradient);

    /// <summary><c>g[i] ← z[i] &gt; 0 ? g[i] : negativeScale·g[i]</c>: the (leaky) ReLU derivative.</summary>
    public static void ScaleWherePositive<T>(ReadOnlySpan<T> weightedInputs, Span<T> gradient, T negativeScale)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, ScaleWherePositiveOperator<T>>(weightedInputs, gradient, negativeScale, gradient);

    /// <summary><c>a[i] ← z[i] &gt; 0 ? z[i] : slope·z[i]</c>.</summary>
    public static void LeakyRectify<T>(ReadOnlySpan<T> weightedInputs, Span<T> activations, T slope)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, ScaleWherePositiveOperator<T>>(weightedInputs, weightedInputs, slope, activations);

    /// <summary>
    /// <c>softplus(z) = ln(1 + e^z)</c> without overflow and with full relative precision for <c>z ≪ 0</c>:
    /// <c>max(z, 0) + log1p(e^(−|z|))</c>, where log1p is computed as <c>ln(u)·x/(u − 1)</c> with <c>u = 1 + x</c>
    /// (Goldberg's correction; .NET's <c>LogP1</c> rounds <c>1 + x</c> first and loses tiny <c>x</c>).
    /// </summary>
    public static T Softplus<T>(T z)
        where T : struct, IFloatingPointIeee754<T>
    {
        var x = T.Exp(-T.Abs(z));
        var u = T.One + x;
        var log1p = u == T.One ? x : T.Log(u) * x / (u - T.One);
        return T.Max(z, T.Zero) + log1p;
    }

    /// <summary><c>f(a, g) = g·(a·(1 − a))</c>.</summary>
    internal readonly struct SigmoidDerivativeOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => y * (x * (T.One - x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => y * (x * (Vector256.Create(T.One) - x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => y * (x * (Vector512.Create(T.One) - x));
    }

    /// <summary><c>f(a, g) = g·(1 − a·a)</c>.</summary>
    private readonly struct TanhDerivativeOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => y * (T.One - (x * x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => y * (Vector256.Create(T.One) - (x * x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => y * (Vector512.Create(T.One) - (x * x));
    }

    /// <summary><c>f(z, g; s) = z &gt; 0 ? g : s·g</c> (NaN counts as not positive in both forms).</summary>
    private readonly struct ScaleWherePositiveOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => x > T.Zero ? y : y * s;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s)
            => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), y, y * s);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s)
            => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), y, y * s);
    }
}
