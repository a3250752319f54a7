using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// The softplus <c>ln(1 + e^z)</c>, a smooth ReLU, computed as <c>max(z, 0) + log1p(e^(−|z|))</c> so it never
/// overflows and keeps full relative precision far below 0; its derivative is the sigmoid <c>σ(z)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SoftplusActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The entry in model files: <c>softplus</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("softplus", [], _ => Softplus);

    public override string Name => Kind.Name;

    public override string Formula => "ln(1 + e^z)";

    public override string DerivativeFormula => "σ(z) = 1 / (1 + e^(−z))";

    public override T Value(T weightedInput) => ElementwiseKernels.Softplus(weightedInput);

    public override T Derivative(T weightedInput) => T.One / (T.One + T.Exp(-weightedInput));

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        if (HasNativeOnnxKernels)
        {
            activation = graph.AddNode("Softplus", [weightedInput]);
            return true;
        }

        // relu(z) + ln(1 + exp(−|z|)), which never overflows
        var expOfMinusAbs = graph.AddNode("Exp", [graph.AddNode("Neg", [graph.AddNode("Abs", [weightedInput])])]);
        var log1pExp = graph.AddNode("Log", [graph.AddNode("Add", [expOfMinusAbs, graph.AddScalar(1)])]);
        activation = graph.AddNode("Add", [graph.AddNode("Relu", [weightedInput]), log1pExp]);
        return true;
    }
}
