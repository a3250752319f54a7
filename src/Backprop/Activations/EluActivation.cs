using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The exponential linear unit (Clevert et al., 2016): <c>z</c> for <c>z &gt; 0</c>, <c>α(e^z − 1)</c>
/// otherwise; the derivative is 1 or <c>α·e^z = a + α</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class EluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T _alpha;

    public EluActivation(double alpha)
    {
        _alpha = ActivationKind<T>.Parameter(alpha, nameof(alpha), value => value > 0, "The ELU α must be finite and greater than 0.");
        Alpha = alpha;
    }

    /// <summary>The entry in model files: <c>elu(alpha)</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("elu", ["alpha"], values => new EluActivation<T>(values[0]));

    public double Alpha { get; }

    public override string Name => Kind.NameWith(Alpha);

    public override string Formula => string.Create(CultureInfo.InvariantCulture, $"z if z > 0, else {Alpha:R}(e^z − 1)");

    public override string DerivativeFormula => string.Create(CultureInfo.InvariantCulture, $"1 if z > 0, else {Alpha:R}·e^z");

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override T Value(T weightedInput) => weightedInput > T.Zero ? weightedInput : _alpha * (T.Exp(weightedInput) - T.One);

    public override T Derivative(T weightedInput) => weightedInput > T.Zero ? T.One : _alpha * T.Exp(weightedInput);

    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        if (HasNativeOnnxKernels)
        {
            activation = graph.AddNode("Elu", [weightedInput], OnnxAttribute.Of("alpha", Alpha));
            return true;
        }

        // relu(z) + α·(exp(min(z, 0)) − 1)
        var expm1OfNegativePart = graph.AddNode("Sub", [graph.AddNode("Exp", [graph.AddNode("Min", [weightedInput, graph.AddScalar(0)])]), graph.AddScalar(1)]);
        var negativePart = graph.AddNode("Mul", [expm1OfNegativePart, graph.AddScalar(Alpha)]);
        activation = graph.AddNode("Add", [graph.AddNode("Relu", [weightedInput]), negativePart]);
        return true;
    }
}
