using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The rectified linear unit <c>max(0, z)</c>; the derivative is 1 for <c>z &gt; 0</c> and 0 otherwise.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ReluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The entry in model files: <c>relu</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("relu", [], _ => Relu);

    public override string Name => Kind.Name;

    public override string Formula => "max(0, z)";

    public override string DerivativeFormula => "1 if z > 0, else 0";

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override bool CanDie => true;

    public override T Value(T weightedInput) => weightedInput > T.Zero ? weightedInput : T.Zero;

    public override T Derivative(T weightedInput) => weightedInput > T.Zero ? T.One : T.Zero;

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
        ReluOperator<T>.Activate(weightedInputs, activations);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        ReluOperator<T>.MultiplyByDerivative(weightedInputs, activations, gradient);
    }

    internal override SmallLayerKernel<T> SmallLayerKernel => SmallLayerKernel<T, ReluOperator<T>>.Instance;

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = graph.AddNode("Relu", [weightedInput]);
        return true;
    }
}

/// <summary>The rectified linear unit's span forms (see <see cref="IActivationOperator{T}"/>).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct ReluOperator<T> : IActivationOperator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public static void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations) => TensorPrimitives.Max(weightedInputs, T.Zero, activations);

    public static void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient)
        => ElementwiseKernels.ScaleWherePositive(weightedInputs, gradient, T.Zero);
}
