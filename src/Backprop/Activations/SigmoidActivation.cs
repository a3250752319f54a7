using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

    public override T Value(T weightedInput) => SigmoidOperator<T>.Value(weightedInput);

    public override T Derivative(T weightedInput)
    {
        var a = Value(weightedInput);
        return a * (T.One - a);
    }

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
        SigmoidOperator<T>.Activate(weightedInputs, activations);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        SigmoidOperator<T>.MultiplyByDerivative(weightedInputs, activations, gradient);
    }

    internal override SmallLayerKernel<T> SmallLayerKernel => SmallLayerKernel<T, SigmoidOperator<T>>.Instance;

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = graph.AddNode("Sigmoid", [weightedInput]);
        return true;
    }
}

/// <summary>The sigmoid's span forms (see <see cref="IActivationOperator{T}"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct SigmoidOperator<T> : IActivationOperator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary><c>σ(z) = 1 / (1 + e^(−z))</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value(T weightedInput) => T.One / (T.One + T.Exp(-weightedInput));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations)
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient)
    {
        if (gradient.Length < Vector256<T>.Count)
        {
            // Fewer values than one vector: the element-wise driver's scalar tail alone, without its set-up.
            activations = activations[..gradient.Length];
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = ElementwiseKernels.SigmoidDerivativeOperator<T>.Invoke(activations[i], gradient[i], T.Zero);
            }

            return;
        }

        ElementwiseKernels.MultiplyBySigmoidDerivative(activations, gradient);
    }
}
