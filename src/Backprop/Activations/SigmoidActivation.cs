using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The logistic sigmoid <c>σ(z) = 1 / (1 + e^(−z))</c>, with <c>σ′(z) = σ(z)(1 − σ(z))</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SigmoidActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    // σ′ = σ(1 − σ) < 0.01 where σ < 0.01 or σ > 0.99, that is where |z| > logit(0.99) = ln 99.
    private static readonly T SaturationEdge = T.CreateChecked(Math.Log(99));

    /// <summary>The entry in model files: <c>sigmoid</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("sigmoid", [], _ => Sigmoid);

    public override string Name => Kind.Name;

    public override string Formula => "1 / (1 + e^(−z))";

    public override string DerivativeFormula => "σ(z)(1 − σ(z))";

    public override bool IsClassifierOutput => true;

    public override (T Low, T High)? SaturatedOutside => (-SaturationEdge, SaturationEdge);

    public override T Value(T weightedInput) => T.One / (T.One + T.Exp(-weightedInput));

    public override T Derivative(T weightedInput)
    {
        var a = Value(weightedInput);
        return a * (T.One - a);
    }

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
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
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        ElementwiseKernels.MultiplyBySigmoidDerivative(activations, gradient);
    }

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = graph.AddNode("Sigmoid", [weightedInput]);
        return true;
    }
}
