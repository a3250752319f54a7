using System.Numerics;

namespace Backprop;

/// <summary>The identity <c>f(z) = z</c>, with <c>f′(z) = 1</c>: a linear output for regression.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class IdentityActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "identity";

    public override T Value(T weightedInput) => weightedInput;

    public override T Derivative(T weightedInput) => T.One;

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
        => weightedInputs.CopyTo(activations);

    // f′ = 1: the gradient is already the delta.
    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
    }
}
