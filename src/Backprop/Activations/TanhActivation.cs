using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The hyperbolic tangent, with <c>tanh′(z) = 1 − tanh²(z)</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class TanhActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "tanh";

    public override T Value(T weightedInput) => T.Tanh(weightedInput);

    public override T Derivative(T weightedInput)
    {
        var a = T.Tanh(weightedInput);
        return T.One - (a * a);
    }

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
        => TensorPrimitives.Tanh(weightedInputs, activations);

    // tanh′ from the stored output: δ = g ⊙ (1 − a²).
    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
        => ElementwiseKernels.MultiplyByTanhDerivative(activations, gradient);
}
