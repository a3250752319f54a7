using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// One sample through a small dense layer (at most <see cref="DenseLayer{T}.SmallLayerMaxWeights"/> weights), forward
/// and back, as plain loops: for such a layer the set-up of a general product costs more than its arithmetic. The
/// loops are shared by the layer's general path for a batch of one and by the fused per-sample step
/// (<see cref="SmallLayerStep{T}"/>), so both compute the same bits; the kernel of one activation,
/// <see cref="SmallLayerKernel{T, TActivation}"/>, binds a layer's step with f and f′ as direct calls.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>Weights are column-major (<c>w[i + j·neurons]</c> is the weight from input j to neuron i), as the layer stores them.</remarks>
internal abstract class SmallLayerKernel<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>
    /// <c>z = W·a + b</c> for one sample: each neuron's sum from 0 over the inputs in order, then its bias (the order
    /// the general product uses). <paramref name="biases"/> is empty for a layer without biases.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the layer's shape needs.</exception>
    public static void WeightedInputs(ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int neurons, ReadOnlySpan<T> previousActivations, Span<T> weightedInputs)
    {
        var inputs = previousActivations.Length;
        RequireShape(weights.Length, neurons, inputs, weightedInputs.Length);
        RequireLength(biases.Length, biases.IsEmpty ? 0 : neurons);
        WeightedInputs(
            ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(biases), !biases.IsEmpty, neurons, inputs,
            ref MemoryMarshal.GetReference(previousActivations), ref MemoryMarshal.GetReference(weightedInputs));
    }

    /// <summary>
    /// One sample's (BP3) <c>∂C/∂b = δ</c>, (BP4) <c>∂C/∂W = δ·aᵀ</c> and <c>Wᵀ·δ</c> for the layer below, in one loop over
    /// the weights; and whether the gradient step <c>p + scale·g</c> (<see cref="ElementwiseKernels.AddScaledOperator{T}"/>)
    /// would leave every weight and bias finite, for the fused step to check before it writes anything.
    /// </summary>
    /// <param name="weights">The layer's weights, <c>neurons × inputs</c>.</param>
    /// <param name="biases">The layer's biases, or empty.</param>
    /// <param name="delta">δ of the layer, <c>neurons</c> values.</param>
    /// <param name="previousActivations">What the layer saw, <c>inputs</c> values.</param>
    /// <param name="weightGradient">Receives ∂C/∂W.</param>
    /// <param name="biasGradient">Receives ∂C/∂b (empty for a layer without biases).</param>
    /// <param name="previousDelta">Receives <c>Wᵀ·δ</c>, or empty for the first layer.</param>
    /// <param name="scale">The step's <c>−η</c>; the general path, which checks later, passes 0 and ignores the result.</param>
    /// <returns><c>Σ (u − u)</c> over the updated parameters <c>u</c>: 0 when every one is finite, NaN otherwise.</returns>
    /// <exception cref="ArgumentException">A span is shorter than the layer's shape needs.</exception>
    public static T Gradients(
        ReadOnlySpan<T> weights,
        ReadOnlySpan<T> biases,
        ReadOnlySpan<T> delta,
        ReadOnlySpan<T> previousActivations,
        Span<T> weightGradient,
        Span<T> biasGradient,
        Span<T> previousDelta,
        T scale)
    {
        var neurons = delta.Length;
        var inputs = previousActivations.Length;
        RequireShape(weights.Length, neurons, inputs, neurons);
        RequireShape(weightGradient.Length, neurons, inputs, neurons);
        RequireLength(biases.Length, biases.IsEmpty ? 0 : neurons);
        RequireLength(biasGradient.Length, biases.IsEmpty ? 0 : neurons);
        RequireLength(previousDelta.Length, previousDelta.IsEmpty ? 0 : inputs);
        return Gradients(
            ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(biases), !biases.IsEmpty,
            ref MemoryMarshal.GetReference(delta), neurons, ref MemoryMarshal.GetReference(previousActivations), inputs,
            ref MemoryMarshal.GetReference(weightGradient), ref MemoryMarshal.GetReference(biasGradient),
            ref MemoryMarshal.GetReference(previousDelta), !previousDelta.IsEmpty, scale);
    }

    /// <summary>The gradient step <c>p ← p + scale·g</c> (<see cref="ElementwiseKernels.AddScaledOperator{T}"/>, as <see cref="ElementwiseKernels.AddScaled{T}"/> computes it) on a small segment.</summary>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> is shorter than <paramref name="parameters"/>.</exception>
    public static void Update(Span<T> parameters, ReadOnlySpan<T> gradient, T scale)
    {
        RequireLength(gradient.Length, parameters.Length);
        Update(ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradient), parameters.Length, scale);
    }

    /// <summary>The step of one layer on the buffers of a workspace of one sample (see <see cref="SmallLayerStep{T}"/>), with this kernel's activation.</summary>
    /// <exception cref="ArgumentException">A buffer does not fit the layer's shape.</exception>
    public abstract SmallLayerStep<T> StepOn(DenseLayer<T> layer, in LayerBackwardBuffers<T> buffers);

    /// <summary>The loop of <see cref="WeightedInputs(ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, Span{T})"/> on references its caller has checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WeightedInputs(ref T w, ref T b, bool hasBiases, int neurons, int inputs, ref T a, ref T z)
    {
        for (var i = 0; i < neurons; i++)
        {
            var sum = T.Zero;
            for (var j = 0; j < inputs; j++)
            {
                sum += Unsafe.Add(ref w, i + (j * neurons)) * Unsafe.Add(ref a, j);
            }

            Unsafe.Add(ref z, i) = hasBiases ? sum + Unsafe.Add(ref b, i) : sum;
        }
    }

    /// <summary>The loop of <see cref="Gradients(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, T)"/> on references its caller has checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Gradients(
        ref T w, ref T b, bool hasBiases, ref T d, int neurons, ref T a, int inputs, ref T weightGradient, ref T biasGradient, ref T previousDelta, bool hasPreviousDelta, T scale)
    {
        var check = T.Zero;
        for (var j = 0; j < inputs; j++)
        {
            var input = Unsafe.Add(ref a, j);
            var sum = T.Zero;
            for (var i = 0; i < neurons; i++)
            {
                var k = i + (j * neurons);
                var weight = Unsafe.Add(ref w, k);
                var delta = Unsafe.Add(ref d, i);
                var gradient = delta * input;
                Unsafe.Add(ref weightGradient, k) = gradient;
                sum += weight * delta;
                var updated = ElementwiseKernels.AddScaledOperator<T>.Invoke(weight, gradient, scale);
                check += updated - updated;
            }

            if (hasPreviousDelta)
            {
                Unsafe.Add(ref previousDelta, j) = sum;
            }
        }

        if (hasBiases)
        {
            for (var i = 0; i < neurons; i++)
            {
                var delta = Unsafe.Add(ref d, i);
                Unsafe.Add(ref biasGradient, i) = delta;
                var updated = ElementwiseKernels.AddScaledOperator<T>.Invoke(Unsafe.Add(ref b, i), delta, scale);
                check += updated - updated;
            }
        }

        return check;
    }

    /// <summary>The loop of <see cref="Update(Span{T}, ReadOnlySpan{T}, T)"/> on references its caller has checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Update(ref T parameters, ref T gradient, int length, T scale)
    {
        for (var k = 0; k < length; k++)
        {
            Unsafe.Add(ref parameters, k) = ElementwiseKernels.AddScaledOperator<T>.Invoke(Unsafe.Add(ref parameters, k), Unsafe.Add(ref gradient, k), scale);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RequireShape(int weights, int neurons, int inputs, int outputs)
    {
        if (weights < neurons * inputs || outputs < neurons)
        {
            ThrowShape(weights, neurons, inputs, outputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RequireLength(int length, int needed)
    {
        if (length < needed)
        {
            ThrowShorter(length, needed);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowShape(int weights, int neurons, int inputs, int outputs)
        => throw new ArgumentException(FormattableString.Invariant($"A {neurons}×{inputs} layer's kernel got {weights} weights and room for {outputs} outputs."));

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowShorter(int length, int needed)
        => throw new ArgumentException(FormattableString.Invariant($"A small layer's kernel got a span of {length} values where it needs {needed}."));
}

/// <summary>The one-sample kernel of a small dense layer with one activation, whose f and f′ the JIT calls directly.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TActivation">The activation's span forms.</typeparam>
internal sealed class SmallLayerKernel<T, TActivation> : SmallLayerKernel<T>
    where T : struct, IFloatingPointIeee754<T>
    where TActivation : struct, IActivationOperator<T>
{
    private SmallLayerKernel()
    {
    }

    /// <summary>The kernel (it holds no state).</summary>
    public static SmallLayerKernel<T, TActivation> Instance { get; } = new();

    public override SmallLayerStep<T> StepOn(DenseLayer<T> layer, in LayerBackwardBuffers<T> buffers) => new SmallLayerStep<T, TActivation>(layer, buffers);
}
