using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The Gaussian error linear unit in its tanh approximation (Hendrycks &amp; Gimpel, 2016, as in BERT and
/// PyTorch's <c>approximate="tanh"</c>): <c>½z(1 + tanh(√(2/π)(z + 0.044715z³)))</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GeluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateChecked(0.5);
    private static readonly T Scale = T.CreateChecked(Math.Sqrt(2 / Math.PI));
    private static readonly T Cubic = T.CreateChecked(0.044715);
    private static readonly T CubicDerivative = T.CreateChecked(3 * 0.044715);

    /// <summary>The entry in model files: <c>gelu-tanh</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("gelu-tanh", [], _ => Gelu);

    public override string Name => Kind.Name;

    public override string Formula => "½z(1 + tanh(√(2/π)(z + 0.044715z³)))";

    public override string DerivativeFormula => "½(1 + t) + ½z(1 − t²)·√(2/π)(1 + 3·0.044715z²), t = tanh(√(2/π)(z + 0.044715z³))";

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override T Value(T weightedInput)
    {
        var z = weightedInput;
        return Half * z * (T.One + T.Tanh(Scale * (z + (Cubic * z * z * z))));
    }

    // d/dz = ½(1 + t) + ½z(1 − t²)·√(2/π)(1 + 3·0.044715z²), with t = tanh(√(2/π)(z + 0.044715z³)).
    public override T Derivative(T weightedInput)
    {
        var z = weightedInput;
        var t = T.Tanh(Scale * (z + (Cubic * z * z * z)));
        return (Half * (T.One + t)) + (Half * z * (T.One - (t * t)) * Scale * (T.One + (CubicDerivative * z * z)));
    }

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        if (HasNativeOnnxKernels)
        {
            activation = graph.AddNode("Gelu", [weightedInput], OnnxAttribute.Of("approximate", "tanh"));
            return true;
        }

        // ½z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))
        var z = weightedInput;
        var cubic = graph.AddNode("Mul", [graph.AddNode("Mul", [graph.AddNode("Mul", [graph.AddScalar(0.044715), z]), z]), z]);
        var inner = graph.AddNode("Mul", [graph.AddScalar(Math.Sqrt(2 / Math.PI)), graph.AddNode("Add", [z, cubic])]);
        var onePlusTanh = graph.AddNode("Add", [graph.AddNode("Tanh", [inner]), graph.AddScalar(1)]);
        activation = graph.AddNode("Mul", [graph.AddNode("Mul", [graph.AddScalar(0.5), z]), onePlusTanh]);
        return true;
    }
}
