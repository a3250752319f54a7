using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Backprop;

/// <summary>The identity <c>f(z) = z</c>, with <c>f′(z) = 1</c>: a linear output for regression.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class IdentityActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The entry in model files: <c>identity</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("identity", [], _ => Identity);

    public override string Name => Kind.Name;

    public override string Formula => "z";

    public override string DerivativeFormula => "1";

    public override T Value(T weightedInput) => weightedInput;

    public override T Derivative(T weightedInput) => T.One;

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
        IdentityOperator<T>.Activate(weightedInputs, activations);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        IdentityOperator<T>.MultiplyByDerivative(weightedInputs, activations, gradient);
    }

    internal override SmallLayerKernel<T> SmallLayerKernel => SmallLayerKernel<T, IdentityOperator<T>>.Instance;

    // a = z: no node.
    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = weightedInput;
        return true;
    }
}

/// <summary>The identity's span forms (see <see cref="IActivationOperator{T}"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct IdentityOperator<T> : IActivationOperator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public static void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations) => weightedInputs.CopyTo(activations);

    // f′ = 1: the gradient is already the delta.
    public static void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient)
    {
    }
}
