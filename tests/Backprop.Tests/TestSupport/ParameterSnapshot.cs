using System.Numerics;

namespace Backprop.Tests.TestSupport;

/// <summary>Infers the element type of <see cref="ParameterSnapshot{T}"/>: <c>ParameterSnapshot.Of(network)</c>.</summary>
internal static class ParameterSnapshot
{
    /// <summary>Copies the network's current parameters.</summary>
    public static ParameterSnapshot<T> Of<T>(Network<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ParameterSnapshot<T>.Of(network);
}

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

    /// <summary>
    /// Asserts that the network has as many layers, biases in the same layers, and parameters bit for bit the ones in
    /// this snapshot.
    /// </summary>
    public void ShouldBeBitIdenticalTo(Network<T> network, string because = "")
    {
        var now = Of(network);
        now.Weights.Should().HaveSameCount(Weights, "the networks must have as many layers {0}", because);
        now.Biases.Select(biases => biases is not null).Should().Equal(Biases.Select(biases => biases is not null), "biases must be in the same layers {0}", because);
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
