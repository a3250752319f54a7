using FsCheck;
using FsCheck.Fluent;

namespace Backprop.Tests.Properties;

/// <summary>
/// FsCheck generators for <see cref="NetworkCase"/>: 1–4 layers of width 1–16 on 1–16 inputs, every activation
/// in every layer (the output layer's restricted only by the loss: sigmoid for binary cross-entropy, softmax
/// for categorical cross-entropy), every loss, biases per layer yes or no, batches of 1–5 and a seed. A failing
/// case shrinks towards fewer layers, narrower layers, one sample and biases everywhere.
/// </summary>
public static class NetworkArbitraries
{
    /// <summary>The arbitrary FsCheck.Xunit picks up for <see cref="NetworkCase"/> parameters.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() => Arb.From(Cases(), Shrink);

    /// <summary>The generator of cases.</summary>
    public static Gen<NetworkCase> Cases() =>
        from inputSize in Gen.Choose(1, 16)
        from layerCount in Gen.Choose(1, 4)
        from hidden in Gen.ArrayOf(Layer(Gen.Elements(Properties.NetworkCase.ActivationNames.ToArray())), layerCount - 1)
        from loss in Gen.Elements(Properties.NetworkCase.LossNames.ToArray())
        from output in Layer(Properties.NetworkCase.RequiredOutputActivation(loss) is { } required
            ? Gen.Constant(required)
            : Gen.Elements(Properties.NetworkCase.ActivationNames.ToArray()))
        from batchSize in Gen.Choose(1, 5)
        from seed in Gen.Choose(0, int.MaxValue)
        select new NetworkCase(inputSize, [.. hidden, output], loss, batchSize, seed);

    /// <summary>Simpler cases that still satisfy the loss's output rule, simplest first.</summary>
    public static IEnumerable<NetworkCase> Shrink(NetworkCase c)
    {
        if (c.BatchSize > 1)
        {
            yield return c with { BatchSize = 1 };
        }

        for (var l = 0; l < c.Layers.Count - 1; l++)
        {
            yield return c with { Layers = [.. c.Layers.Where((_, i) => i != l)] };
        }

        if (c.InputSize > 1)
        {
            yield return c with { InputSize = c.InputSize / 2 };
        }

        for (var l = 0; l < c.Layers.Count; l++)
        {
            var layer = c.Layers[l];
            if (layer.Neurons > 1)
            {
                yield return c with { Layers = Replace(c.Layers, l, layer with { Neurons = layer.Neurons / 2 }) };
            }

            if (!layer.HasBiases)
            {
                yield return c with { Layers = Replace(c.Layers, l, layer with { HasBiases = true }) };
            }
        }
    }

    private static Gen<LayerSpec> Layer(Gen<string> activation) =>
        from neurons in Gen.Choose(1, 16)
        from name in activation
        from parameterTenths in Gen.Choose(1, 20)
        from hasBiases in Gen.Elements(true, false)
        select new LayerSpec(neurons, name, Parameter(name, parameterTenths), hasBiases);

    // Leaky ReLU: slope 0.015–0.3; ELU: α 0.1–2 (α = 1 is among them).
    private static double Parameter(string activation, int tenths)
        => activation == "leaky-relu" ? 0.015 * tenths : tenths / 10.0;

    private static LayerSpec[] Replace(IReadOnlyList<LayerSpec> layers, int index, LayerSpec replacement)
        => [.. layers.Select((layer, i) => i == index ? replacement : layer)];
}
