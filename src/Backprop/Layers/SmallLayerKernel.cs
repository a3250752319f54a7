using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// One sample through a small dense layer (at most <see cref="DenseLayer{T}.SmallLayerMaxWeights"/> weights), forward
/// and back, as plain loops: for such a layer the set-up of a general product costs more than its arithmetic. The
/// loops are shared by the layer's general path for a batch of one and by the fused per-sample step
/// (<see cref="TrainingEngine{T}"/>), so both compute the same bits; the kernel of one activation,
/// <see cref="SmallLayerKernel{T, TActivation}"/>, adds f and f′ as direct calls.
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
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var a = ref MemoryMarshal.GetReference(previousActivations);
        for (var i = 0; i < neurons; i++)
        {
            var sum = T.Zero;
            for (var j = 0; j < inputs; j++)
            {
                sum += Unsafe.Add(ref w, i + (j * neurons)) * Unsafe.Add(ref a, j);
            }

            weightedInputs[i] = biases.IsEmpty ? sum : sum + biases[i];
        }
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
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var g = ref MemoryMarshal.GetReference(weightGradient);
        ref var d = ref MemoryMarshal.GetReference(delta);
        var check = T.Zero;
        for (var j = 0; j < inputs; j++)
        {
            var input = previousActivations[j];
            var sum = T.Zero;
            for (var i = 0; i < neurons; i++)
            {
                var k = i + (j * neurons);
                var weight = Unsafe.Add(ref w, k);
                var gradient = Unsafe.Add(ref d, i) * input;
                Unsafe.Add(ref g, k) = gradient;
                sum += weight * Unsafe.Add(ref d, i);
                var updated = ElementwiseKernels.AddScaledOperator<T>.Invoke(weight, gradient, scale);
                check += updated - updated;
            }

            if (!previousDelta.IsEmpty)
            {
                previousDelta[j] = sum;
            }
        }

        if (!biases.IsEmpty)
        {
            delta.CopyTo(biasGradient);
            for (var i = 0; i < neurons; i++)
            {
                var updated = ElementwiseKernels.AddScaledOperator<T>.Invoke(biases[i], delta[i], scale);
                check += updated - updated;
            }
        }

        return check;
    }

    /// <summary>The gradient step <c>p ← p + scale·g</c> (<see cref="ElementwiseKernels.AddScaledOperator{T}"/>, as <see cref="ElementwiseKernels.AddScaled{T}"/> computes it) on a small segment.</summary>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> is shorter than <paramref name="parameters"/>.</exception>
    public static void Update(Span<T> parameters, ReadOnlySpan<T> gradient, T scale)
    {
        gradient = gradient[..parameters.Length];
        for (var k = 0; k < parameters.Length; k++)
        {
            parameters[k] = ElementwiseKernels.AddScaledOperator<T>.Invoke(parameters[k], gradient[k], scale);
        }
    }

    /// <summary>One sample forward: <c>z = W·a + b</c>, then <c>a = f(z)</c>.</summary>
    public abstract void Forward(DenseLayer<T> layer, ReadOnlySpan<T> previousActivations, Span<T> weightedInputs, Span<T> activations);

    /// <summary><c>g ← g ⊙ f′(z)</c> for one sample (BP1's and BP2's factor).</summary>
    public abstract void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient);

    /// <summary>
    /// One sample back, as <see cref="DenseLayer{T}"/> does it for a batch of one: below the output (BP2)
    /// <c>δ = (Wᵀδ)_above ⊙ f′(z)</c>, then <see cref="Gradients"/>.
    /// </summary>
    /// <returns>What <see cref="Gradients"/> returns for <paramref name="scale"/>.</returns>
    public abstract T Backward(DenseLayer<T> layer, in LayerBackwardBuffers<T> pass, T scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RequireShape(int weights, int neurons, int inputs, int outputs)
    {
        if (weights < neurons * inputs || outputs < neurons)
        {
            ThrowShape(weights, neurons, inputs, outputs);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowShape(int weights, int neurons, int inputs, int outputs)
        => throw new ArgumentException(FormattableString.Invariant($"A {neurons}×{inputs} layer's kernel got {weights} weights and room for {outputs} outputs."));
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

    public override void Forward(DenseLayer<T> layer, ReadOnlySpan<T> previousActivations, Span<T> weightedInputs, Span<T> activations)
    {
        // zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ)
        var neurons = layer.Neurons;
        WeightedInputs(layer.WeightValues, layer.BiasValues, neurons, previousActivations[..layer.InputSize], weightedInputs);
        TActivation.Activate(weightedInputs[..neurons], activations[..neurons]);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient)
        => TActivation.MultiplyByDerivative(weightedInputs, activations, gradient);

    public override T Backward(DenseLayer<T> layer, in LayerBackwardBuffers<T> pass, T scale)
    {
        var neurons = layer.Neurons;
        var delta = pass.Delta.AsSpan(0, neurons);
        if (!pass.IsOutput)
        {
            // (BP2) δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f′(zˡ)
            TActivation.MultiplyByDerivative(pass.WeightedInputs.AsSpan(0, neurons), pass.Activations.AsSpan(0, neurons), delta);
        }

        // (BP3) ∂C/∂bˡ = δˡ, (BP4) ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ, and (Wˡ)ᵀ δˡ for the layer below.
        return Gradients(
            layer.WeightValues, layer.BiasValues, delta, pass.PreviousActivations.AsSpan(0, layer.InputSize),
            pass.WeightGradient, pass.BiasGradient, pass.PreviousDelta, scale);
    }
}
