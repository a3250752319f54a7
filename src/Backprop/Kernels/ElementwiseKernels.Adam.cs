using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <content>Adam's update of one parameter segment, in 256-bit vectors with the scalar tail.</content>
internal static partial class ElementwiseKernels
{
    /// <summary>
    /// Adam's step on every element, in the order and with the roundings of the scalar formula:
    /// <c>m ← (β₁·m) + ((1 − β₁)·g)</c>, <c>v ← (β₂·v) + ((1 − β₂)·g·g)</c>, <c>W ← W − (η·(m/c₁)) / (√(v/c₂) + ε)</c>.
    /// </summary>
    /// <remarks>
    /// Every operation is an IEEE one rounded once (no fused multiply-add; division and square root are correctly
    /// rounded in a vector lane as in a scalar), so each element is bit for bit what the scalar loop gives.
    /// </remarks>
    /// <param name="parameters">W, updated in place.</param>
    /// <param name="gradient">g, as long as <paramref name="parameters"/>.</param>
    /// <param name="firstMoment">m, updated in place, as long as <paramref name="parameters"/>.</param>
    /// <param name="secondMoment">v, updated in place, as long as <paramref name="parameters"/>.</param>
    /// <param name="step">The step's constants.</param>
    /// <exception cref="ArgumentException">An operand's length differs from the parameters'.</exception>
    public static void AdamUpdate<T>(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> firstMoment, Span<T> secondMoment, in AdamStep<T> step)
        where T : struct, IFloatingPointIeee754<T>
    {
        var length = (nuint)parameters.Length;
        if ((nuint)gradient.Length != length || (nuint)firstMoment.Length != length || (nuint)secondMoment.Length != length)
        {
            throw new ArgumentException(
                $"Adam's operands must all hold {length} values, not {gradient.Length} (gradient), {firstMoment.Length} (m) and {secondMoment.Length} (v).",
                nameof(gradient));
        }

        ref var w = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        ref var m = ref MemoryMarshal.GetReference(firstMoment);
        ref var v = ref MemoryMarshal.GetReference(secondMoment);
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var width = (nuint)Vector256<T>.Count;
            var beta1 = Vector256.Create(step.Beta1);
            var oneMinusBeta1 = Vector256.Create(T.One - step.Beta1);
            var beta2 = Vector256.Create(step.Beta2);
            var oneMinusBeta2 = Vector256.Create(T.One - step.Beta2);
            var firstCorrection = Vector256.Create(step.FirstCorrection);
            var secondCorrection = Vector256.Create(step.SecondCorrection);
            var learningRate = Vector256.Create(step.LearningRate);
            var epsilon = Vector256.Create(step.Epsilon);
            for (; i + width <= length; i += width)
            {
                var gi = Vector256.LoadUnsafe(ref g, i);
                var mi = (beta1 * Vector256.LoadUnsafe(ref m, i)) + (oneMinusBeta1 * gi);
                var vi = (beta2 * Vector256.LoadUnsafe(ref v, i)) + (oneMinusBeta2 * gi * gi);
                mi.StoreUnsafe(ref m, i);
                vi.StoreUnsafe(ref v, i);
                var update = learningRate * (mi / firstCorrection) / (Vector256.Sqrt(vi / secondCorrection) + epsilon);
                (Vector256.LoadUnsafe(ref w, i) - update).StoreUnsafe(ref w, i);
            }
        }

        for (; i < length; i++)
        {
            var gi = Unsafe.Add(ref g, i);
            ref var mi = ref Unsafe.Add(ref m, i);
            ref var vi = ref Unsafe.Add(ref v, i);
            mi = (step.Beta1 * mi) + ((T.One - step.Beta1) * gi);
            vi = (step.Beta2 * vi) + ((T.One - step.Beta2) * gi * gi);
            Unsafe.Add(ref w, i) -= step.LearningRate * (mi / step.FirstCorrection) / (T.Sqrt(vi / step.SecondCorrection) + step.Epsilon);
        }
    }

    /// <summary>The constants of one Adam step, in the element type.</summary>
    /// <param name="Beta1">β₁.</param>
    /// <param name="Beta2">β₂.</param>
    /// <param name="FirstCorrection">c₁ = 1 − β₁ᵗ.</param>
    /// <param name="SecondCorrection">c₂ = 1 − β₂ᵗ.</param>
    /// <param name="LearningRate">η of this step.</param>
    /// <param name="Epsilon">ε.</param>
    internal readonly record struct AdamStep<T>(T Beta1, T Beta2, T FirstCorrection, T SecondCorrection, T LearningRate, T Epsilon)
        where T : struct, IFloatingPointIeee754<T>;
}
