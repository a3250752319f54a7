namespace Backprop.Diagnostics;

/// <summary>
/// What the explainer page says about a network besides its numbers: the layer sizes and, for each layer and the
/// loss, the formulas they write for themselves (<see cref="Activation{T}.Formula"/>, <see cref="Loss{T}.OutputDeltaFormula"/>).
/// </summary>
internal sealed record ExplainNetwork(
    IReadOnlyList<int> Sizes,
    IReadOnlyList<ExplainNetwork.LayerPart> Layers,
    string LossName,
    string LossFormula,
    string OutputDeltaFormula)
{
    /// <summary>True when no layer (nor the input) has more nodes than the page draws.</summary>
    public bool IsDrawn => Sizes.All(size => size <= Explainer.MaxDrawnNodesPerLayer);

    /// <summary>The page's title, e.g. "2-3-2-1 network, sigmoid, squared-error".</summary>
    public string Title => $"{string.Join("-", Sizes)} network, {string.Join(" / ", Layers.Select(l => l.ActivationName).Distinct())}, {LossName}";

    public static ExplainNetwork Describe<T>(Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => new(
            [network.InputSize, .. network.Layers.Select(layer => layer.Neurons)],
            network.Layers.Select((layer, l) => new LayerPart(
                l + 1, layer.Activation.Name, layer.Activation.Formula, layer.Activation.DerivativeFormula,
                layer.GetBiases() is not null, layer.DropoutRate)).ToArray(),
            network.Loss.Name,
            network.Loss.Formula,
            network.Loss.OutputDeltaFormula);

    /// <summary>One layer: its texts' number (from 1), activation and formulas, whether it has biases, its dropout rate.</summary>
    public sealed record LayerPart(int Layer, string ActivationName, string Formula, string DerivativeFormula, bool HasBiases, double DropoutRate);
}
