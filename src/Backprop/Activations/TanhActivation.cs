using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The hyperbolic tangent, with <c>tanh′(z) = 1 − tanh²(z)</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class TanhActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    // tanh′ = 1 − a² < 0.02 where |a| > 0.99, that is where |z| > atanh(0.99) = ½ ln 199.
    private static readonly T SaturationEdge = T.CreateChecked(Math.Atanh(0.99));

    /// <summary>The entry in model files: <c>tanh</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("tanh", [], _ => Tanh);

    public override string Name => Kind.Name;

    public override string Formula => "tanh z";

    public override string DerivativeFormula => "1 − tanh² z";

    public override (T Low, T High)? SaturatedOutside => (-SaturationEdge, SaturationEdge);

    public override T Value(T weightedInput) => T.Tanh(weightedInput);

    public override T Derivative(T weightedInput)
    {
        var a = T.Tanh(weightedInput);
        return T.One - (a * a);
    }

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
        TanhOperator<T>.Activate(weightedInputs, activations);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        TanhOperator<T>.MultiplyByDerivative(weightedInputs, activations, gradient);
    }

    internal override SmallLayerKernel<T> SmallLayerKernel => SmallLayerKernel<T, TanhOperator<T>>.Instance;

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = graph.AddNode("Tanh", [weightedInput]);
        return true;
    }
}

/// <summary>The hyperbolic tangent's span forms (see <see cref="IActivationOperator{T}"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct TanhOperator<T> : IActivationOperator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public static void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations) => TensorPrimitives.Tanh(weightedInputs, activations);

    // tanh′ from the stored output: δ = g ⊙ (1 − a²).
    public static void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient)
        => ElementwiseKernels.MultiplyByTanhDerivative(activations, gradient);
}
