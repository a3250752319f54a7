using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The leaky rectified linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>slope·z</c> otherwise.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class LeakyReluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T _slope;

    public LeakyReluActivation(double slope)
    {
        _slope = ActivationKind<T>.Parameter(slope, nameof(slope), value => value >= 0 && value < 1, "The leaky ReLU slope must be finite and in [0, 1).");
        Slope = slope;
    }

    /// <summary>The entry in model files: <c>leaky-relu(slope)</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("leaky-relu", ["slope"], values => new LeakyReluActivation<T>(values[0]));

    /// <summary>The slope for negative inputs.</summary>
    public double Slope { get; }

    public override string Name => Kind.NameWith(Slope);

    public override string Formula => string.Create(CultureInfo.InvariantCulture, $"z if z > 0, else {Slope:R}·z");

    public override string DerivativeFormula => string.Create(CultureInfo.InvariantCulture, $"1 if z > 0, else {Slope:R}");

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override bool CanDie => true;

    public override T Value(T weightedInput) => weightedInput > T.Zero ? weightedInput : _slope * weightedInput;

    public override T Derivative(T weightedInput) => weightedInput > T.Zero ? T.One : _slope;

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
        ElementwiseKernels.LeakyRectify(weightedInputs, activations, _slope);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        ElementwiseKernels.ScaleWherePositive(weightedInputs, gradient, _slope);
    }

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        if (HasNativeOnnxKernels)
        {
            activation = graph.AddNode("LeakyRelu", [weightedInput], OnnxAttribute.Of("alpha", Slope));
            return true;
        }

        // relu(z) − slope·relu(−z)
        var negativePart = graph.AddNode("Relu", [graph.AddNode("Neg", [weightedInput])]);
        var scaledNegativePart = graph.AddNode("Mul", [negativePart, graph.AddScalar(Slope)]);
        activation = graph.AddNode("Sub", [graph.AddNode("Relu", [weightedInput]), scaledNegativePart]);
        return true;
    }
}
