using System.Numerics;
using System.Runtime.InteropServices;

namespace Backprop;

/// <summary>
/// One small layer's part of the fused per-sample step, bound once to the layer's parameters and to the buffers of a
/// workspace of one sample: each call then runs the kernel's loops (<see cref="SmallLayerKernel{T}"/>) on references
/// checked at construction, with no span or shape to set up per call.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal abstract class SmallLayerStep<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T[] _weights;
    private readonly T[] _biases;
    private readonly T[] _previousActivations;
    private readonly T[] _weightGradient;
    private readonly T[] _biasGradient;
    private readonly T[] _previousDelta;

    /// <exception cref="ArgumentException">A buffer does not fit the layer's shape for one sample.</exception>
    protected SmallLayerStep(DenseLayer<T> layer, in LayerBackwardBuffers<T> buffers)
    {
        Neurons = layer.Neurons;
        Inputs = layer.InputSize;
        IsOutput = buffers.IsOutput;
        _weights = layer.WeightValues;
        _biases = layer.BiasValues ?? [];
        WeightedInputValues = buffers.WeightedInputs;
        ActivationValues = buffers.Activations;
        DeltaValues = buffers.Delta;
        _previousActivations = buffers.PreviousActivations;
        _weightGradient = buffers.WeightGradient;
        _biasGradient = buffers.BiasGradient;
        _previousDelta = buffers.PreviousDelta ?? [];

        // The per-call loops index without checks: every buffer is checked here, once.
        if (buffers.Batch != 1 || buffers.DropoutMask.Length != 0 || WeightedInputValues.Length != Neurons || ActivationValues.Length != Neurons
            || DeltaValues.Length != Neurons || _weights.Length != Neurons * Inputs || _weightGradient.Length != _weights.Length
            || _biasGradient.Length != _biases.Length || (_biases.Length != 0 && _biases.Length != Neurons)
            || _previousActivations.Length < Inputs || (_previousDelta.Length != 0 && _previousDelta.Length < Inputs))
        {
            throw new ArgumentException(FormattableString.Invariant($"The buffers of a one-sample step do not fit the {Neurons}×{Inputs} layer {layer}."), nameof(buffers));
        }
    }

    /// <summary>The layer's number of neurons.</summary>
    public int Neurons { get; }

    /// <summary>The layer's number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>True for the output layer, whose δ the loss writes (BP1).</summary>
    public bool IsOutput { get; }

    /// <summary>z of the layer, <see cref="Neurons"/> values.</summary>
    public ReadOnlySpan<T> WeightedInputs => WeightedInputValues;

    /// <summary>a = f(z) of the layer, <see cref="Neurons"/> values.</summary>
    public ReadOnlySpan<T> Activations => ActivationValues;

    /// <summary>δ of the layer, <see cref="Neurons"/> values: the loss writes the output layer's (BP1).</summary>
    public Span<T> Delta => DeltaValues;

    /// <summary>The buffer behind <see cref="WeightedInputs"/>.</summary>
    protected T[] WeightedInputValues { get; }

    /// <summary>The buffer behind <see cref="Activations"/>.</summary>
    protected T[] ActivationValues { get; }

    /// <summary>The buffer behind <see cref="Delta"/>.</summary>
    protected T[] DeltaValues { get; }

    /// <summary>One sample forward: <c>z = W·a + b</c>, then <c>a = f(z)</c>.</summary>
    public abstract void Forward();

    /// <summary><c>δ ← δ ⊙ f′(z)</c> (BP1's factor at the output, BP2's below it).</summary>
    public abstract void MultiplyDeltaByDerivative();

    /// <summary>
    /// One sample back: below the output (BP2) <c>δ = (Wᵀδ)_above ⊙ f′(z)</c>; then (BP3) <c>∂C/∂b = δ</c>,
    /// (BP4) <c>∂C/∂W = δ·aᵀ</c> and <c>Wᵀδ</c> for the layer below (<see cref="SmallLayerKernel{T}.Gradients(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, T)"/>).
    /// </summary>
    /// <param name="scale">The step's <c>−η</c>, for the check of the updated parameters.</param>
    /// <returns>0 when every updated parameter <c>p + scale·g</c> would be finite, NaN otherwise.</returns>
    public T Backward(T scale)
    {
        if (!IsOutput)
        {
            // (BP2) δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f′(zˡ)
            MultiplyDeltaByDerivative();
        }

        // (BP3) ∂C/∂bˡ = δˡ, (BP4) ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ, and (Wˡ)ᵀ δˡ for the layer below.
        return SmallLayerKernel<T>.Gradients(
            ref MemoryMarshal.GetArrayDataReference(_weights), ref MemoryMarshal.GetArrayDataReference(_biases), _biases.Length != 0,
            ref MemoryMarshal.GetArrayDataReference(DeltaValues), Neurons, ref MemoryMarshal.GetArrayDataReference(_previousActivations), Inputs,
            ref MemoryMarshal.GetArrayDataReference(_weightGradient), ref MemoryMarshal.GetArrayDataReference(_biasGradient),
            ref MemoryMarshal.GetArrayDataReference(_previousDelta), _previousDelta.Length != 0, scale);
    }

    /// <summary>The gradient step <c>p ← p + scale·g</c> of the layer's weights and biases, from the gradients of <see cref="Backward"/>.</summary>
    public void Update(T scale)
    {
        SmallLayerKernel<T>.Update(ref MemoryMarshal.GetArrayDataReference(_weights), ref MemoryMarshal.GetArrayDataReference(_weightGradient), _weights.Length, scale);
        SmallLayerKernel<T>.Update(ref MemoryMarshal.GetArrayDataReference(_biases), ref MemoryMarshal.GetArrayDataReference(_biasGradient), _biases.Length, scale);
    }

    /// <summary><c>z = W·a + b</c> of <see cref="Forward"/>.</summary>
    protected void ComputeWeightedInputs()
        => SmallLayerKernel<T>.WeightedInputs(
            ref MemoryMarshal.GetArrayDataReference(_weights), ref MemoryMarshal.GetArrayDataReference(_biases), _biases.Length != 0, Neurons, Inputs,
            ref MemoryMarshal.GetArrayDataReference(_previousActivations), ref MemoryMarshal.GetArrayDataReference(WeightedInputValues));
}

/// <summary>A small layer's step with one activation, whose f and f′ are direct calls.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TActivation">The activation's span forms.</typeparam>
internal sealed class SmallLayerStep<T, TActivation> : SmallLayerStep<T>
    where T : struct, IFloatingPointIeee754<T>
    where TActivation : struct, IActivationOperator<T>
{
    /// <exception cref="ArgumentException">A buffer does not fit the layer's shape for one sample.</exception>
    public SmallLayerStep(DenseLayer<T> layer, in LayerBackwardBuffers<T> buffers)
        : base(layer, buffers)
    {
    }

    public override void Forward()
    {
        // zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ)
        ComputeWeightedInputs();
        TActivation.Activate(WeightedInputValues, ActivationValues);
    }

    public override void MultiplyDeltaByDerivative() => TActivation.MultiplyByDerivative(WeightedInputValues, ActivationValues, DeltaValues);
}
