using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>
/// Flush to zero: subnormal values (nonzero, below the smallest normal number: 2⁻¹²⁶ ≈ 1.2·10⁻³⁸ for float32, 2⁻¹⁰²² ≈
/// 2.2·10⁻³⁰⁸ for float64) replaced by +0 where training would otherwise go on computing with them.
/// </content>
/// <remarks>
/// An x86 multiply-add with a subnormal operand or result takes a microcode assist on Intel processors (about a hundred
/// times its usual cost; AMD's Zen runs them at full speed). Saturated outputs make them: a sigmoid output unit
/// far from its target gives <c>δᴸ = (a − y)·a·(1 − a)</c> near 10⁻⁴⁰, a softmax underflows, and the square of a gradient
/// element below 2⁻⁶³ (float32) is subnormal. On an Intel Xeon a float32 epoch of 784-1024-10 sigmoid on Fashion-MNIST
/// took 3.4–3.9 s with them and 1.9–2.0 s with them flushed here (the processor's own flush-to-zero mode: 1.7–2.0 s).
/// What is flushed differs from its exact value by less than the smallest normal number; NaN and ±∞ are kept.
/// </remarks>
internal static partial class ElementwiseKernels
{
    /// <summary>Replaces every subnormal value (and −0) by +0, in place; every other value (normals, ±∞, NaN) is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FlushSubnormals<T>(Span<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (values.Length < Vector256<T>.Count)
        {
            // A few outputs (one sample of a small network): the element-wise driver's scalar tail alone, inlined into the
            // caller without the driver's frame (the fused 2-2-1 step's flush of its one output then costs a compare).
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = FlushSubnormal(values[i]);
            }

            return;
        }

        FlushSubnormalsInVectors(values);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FlushSubnormalsInVectors<T>(Span<T> values)
        where T : struct, IFloatingPointIeee754<T>
        => ElementwiseLoop.Map<T, FlushToZeroOperator<T>>(values, values, Subnormal<T>.SmallestNormal, values);

    /// <summary><paramref name="value"/>, or +0 when it is subnormal or −0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FlushSubnormal<T>(T value)
        where T : struct, IFloatingPointIeee754<T>
        => FlushToZeroOperator<T>.Invoke(value, value, Subnormal<T>.SmallestNormal);

    /// <summary>The bounds of the subnormal range of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    internal static class Subnormal<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        /// <summary>The smallest positive normal number: 2⁻¹²⁶ (float32) or 2⁻¹⁰²² (float64).</summary>
        /// <remarks>A property of constants, not a static field: no class initialisation to check on the per-sample step.</remarks>
        public static T SmallestNormal
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => typeof(T) == typeof(float)
                ? T.CreateTruncating(BitConverter.Int32BitsToSingle(0x0080_0000))
                : T.CreateTruncating(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000));
        }

        /// <summary>
        /// 2⁻⁶³ (float32) or 2⁻⁵¹¹ (float64), the square root of <see cref="SmallestNormal"/>: a magnitude at least this has a
        /// normal square, a smaller nonzero one a subnormal (or zero) square.
        /// </summary>
        public static T SquareRootOfSmallestNormal
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => typeof(T) == typeof(float)
                ? T.CreateTruncating(BitConverter.Int32BitsToSingle(0x2000_0000))
                : T.CreateTruncating(BitConverter.Int64BitsToDouble(0x2000_0000_0000_0000));
        }
    }

    /// <summary>
    /// <c>f(x; s) = |x| &lt; s ? +0 : x</c> (NaN compares false and is kept; −0 becomes +0): with s the smallest normal
    /// number, flush to zero; with its square root, the values whose squares would be subnormal.
    /// </summary>
    private readonly struct FlushToZeroOperator<T> : IElementwiseOperator<T>
        where T : struct, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T x, T y, T s) => T.Abs(x) < s ? T.Zero : x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s) => Vector256.AndNot(x, Vector256.LessThan(Vector256.Abs(x), s));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s) => Vector512.AndNot(x, Vector512.LessThan(Vector512.Abs(x), s));
    }
}
