using System.Numerics;

namespace Backprop.Tests.TestSupport;

/// <summary>A copy of every weight and bias of a network, to check later that they did (or did not) change.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ParameterSnapshot<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private ParameterSnapshot(T[][] weights, T[]?[] biases)
    {
        Weights = weights;
        Biases = biases;
    }

    /// <summary>Per layer, the column-major weights.</summary>
    public T[][] Weights { get; }

    /// <summary>Per layer, the biases, or null for a layer without biases.</summary>
    public T[]?[] Biases { get; }

    /// <summary>Copies the network's current parameters.</summary>
    public static ParameterSnapshot<T> Of(Network<T> network)
        => new(
            [.. network.Layers.Select(layer => layer.GetWeights().ToColumnMajorArray())],
            [.. network.Layers.Select(layer => layer.GetBiases()?.ToArray())]);

    /// <summary>Asserts that the network's parameters are bit for bit the ones in this snapshot.</summary>
    public void ShouldBeBitIdenticalTo(Network<T> network, string because = "")
    {
        var now = Of(network);
        for (var l = 0; l < Weights.Length; l++)
        {
            Bitwise.ShouldEqual(Weights[l], now.Weights[l], $"layer {l} weights {because}");
            if (Biases[l] is { } biases)
            {
                Bitwise.ShouldEqual(biases, now.Biases[l]!, $"layer {l} biases {because}");
            }
        }
    }

    /// <summary>True when every parameter is finite.</summary>
    public bool AllFinite()
        => Weights.All(layer => layer.All(T.IsFinite)) && Biases.All(layer => layer is null || layer.All(T.IsFinite));
}
