using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The rule a saved network must meet besides finite weights, checked on save and on load alike: an input of all
/// zeros and an input of all ones give finite outputs. Weights and biases that are each finite can still overflow the
/// element type together (all weights 1e308: every prediction NaN); such a file is refused instead of loading a model
/// whose predictions are all NaN, and such a network is not written, so every file a save writes loads.
/// </summary>
internal static class FiniteOutputRule
{
    /// <summary>What breaks the rule ("its output 0 for an input of all ones is NaN …"), or null when it holds.</summary>
    public static string? Problem<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        var inputs = new T[network.InputSize * 2];
        inputs.AsSpan(network.InputSize).Fill(T.One); // column 0 all zeros, column 1 all ones
        var outputs = new T[network.OutputSize * 2];
        network.PredictInto(inputs, 2, outputs, outputWeightedInputs: null);
        for (var i = 0; i < outputs.Length; i++)
        {
            if (!T.IsFinite(outputs[i]))
            {
                var (layer, largest) = LargestParameter(network);
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"its output {i % network.OutputSize} for an input of all {(i < network.OutputSize ? "zeros" : "ones")} is {outputs[i]}: the weights overflow {typeof(T).Name} (the largest |weight or bias| is {largest} in layer {layer}), so every prediction would be NaN or infinite.");
            }
        }

        return null;
    }

    /// <summary>Throws the loader's exception when a loaded network breaks the rule.</summary>
    /// <exception cref="ModelFormatException">The rule does not hold.</exception>
    public static void RequireOnLoad<T>(Network<T> network, string path)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (Problem(network) is { } problem)
        {
            throw new ModelFormatException(path, $"the network is unusable: {problem}");
        }
    }

    /// <summary>Throws before anything is written when a network to be saved breaks the rule.</summary>
    /// <exception cref="InvalidOperationException">The rule does not hold.</exception>
    public static void RequireOnSave<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        string? problem;
        try
        {
            problem = Problem(network);
        }
        catch (InvalidOperationException)
        {
            return; // the weights are changing (training on another thread): the save's own consistency check refuses it
        }

        if (problem is not null)
        {
            throw new InvalidOperationException($"The network was not saved, since its file would not load: {problem}");
        }
    }

    private static (int Layer, T Largest) LargestParameter<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (layer, largest) = (0, T.Zero);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var values = network.Layers[l].WeightValues.Concat(network.Layers[l].BiasValues ?? []);
            foreach (var value in values)
            {
                if (T.Abs(value) > largest)
                {
                    (layer, largest) = (l, T.Abs(value));
                }
            }
        }

        return (layer, largest);
    }
}
