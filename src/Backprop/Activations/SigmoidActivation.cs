using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The logistic sigmoid <c>σ(z) = 1 / (1 + e^(−z))</c>, with <c>σ′(z) = σ(z)(1 − σ(z))</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SigmoidActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "sigmoid";

    public override T Value(T weightedInput) => T.One / (T.One + T.Exp(-weightedInput));

    public override T Derivative(T weightedInput)
    {
        var a = Value(weightedInput);
        return a * (T.One - a);
    }

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        if (weightedInputs.Length <= 4)
        {
            // Tiny layers (the 2-2-1 network): a scalar loop beats the vector set-up.
            for (var i = 0; i < weightedInputs.Length; i++)
            {
                activations[i] = Value(weightedInputs[i]);
            }

            return;
        }

        TensorPrimitives.Sigmoid(weightedInputs, activations);
    }

    // σ′ from the stored output: δ = g ⊙ a ⊙ (1 − a).
    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
        => ElementwiseKernels.MultiplyBySigmoidDerivative(activations, gradient);
}
