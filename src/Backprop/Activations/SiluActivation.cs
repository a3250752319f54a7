using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The sigmoid-weighted linear unit SiLU, also called swish (Elfwing, Uchibe &amp; Doya, 2018; Ramachandran, Zoph &amp;
/// Le, 2017): <c>f(z) = z·σ(z)</c>, with <c>f′(z) = σ(z) + z·σ(z)(1 − σ(z)) = σ(z)(1 + z(1 − σ(z)))</c>. Like ReLU it
/// is about <c>z</c> for large <c>z</c> and about 0 far below 0, but smooth, and it dips to its minimum of about
/// −0.278 at <c>z ≈ −1.278</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SiluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    // The left tail is flat: f′ falls to its minimum ≈ −0.0998 at z ≈ −2.40, then creeps back to 0, and |f′| < 0.01
    // below z ≈ −6.2614 (where f′ = −0.01). The right side never saturates: f′ → 1.
    private static readonly T SaturationEdge = T.CreateChecked(-6.2614);

    /// <summary>The entry in model files: <c>silu</c>.</summary>
    internal static ActivationKind<T> Kind { get; } = new("silu", [], _ => Silu);

    public override string Name => Kind.Name;

    public override string Formula => "z·σ(z)";

    public override string DerivativeFormula => "σ(z)(1 + z(1 − σ(z)))";

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override (T Low, T High)? SaturatedOutside => (SaturationEdge, T.PositiveInfinity);

    // z / (1 + e^(−z)) is z·σ(z) with one rounding fewer; far below 0, e^(−z) = ∞ gives −0, not NaN. The span methods
    // are the base class's element-by-element loops: they work in place (the inference pass), and training and
    // inference compute the same bits.
    public override T Value(T weightedInput) => weightedInput / (T.One + T.Exp(-weightedInput));

    public override T Derivative(T weightedInput)
    {
        var sigma = T.One / (T.One + T.Exp(-weightedInput));
        return sigma * (T.One + (weightedInput * (T.One - sigma)));
    }

    // z·σ(z): ONNX has Sigmoid but no SiLU operator at opset 20.
    public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = graph.AddNode("Mul", [weightedInput, graph.AddNode("Sigmoid", [weightedInput])]);
        return true;
    }
}
