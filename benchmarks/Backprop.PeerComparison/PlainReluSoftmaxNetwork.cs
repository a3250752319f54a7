using System.Numerics;

namespace Backprop.PeerComparison;

/// <summary>
/// Prediction written by hand on plain arrays: <c>z = W·a + b</c> with the weights row-major (row i: the weights into
/// neuron i), ReLU in the hidden layers and a softmax at the output. No library, no allocation per call: the floor a
/// library's per-call overhead is measured against. The weights are copied from a Backprop network.
/// </summary>
internal sealed class PlainReluSoftmaxNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _sizes;
    private readonly T[][] _weights;
    private readonly T[][] _biases;
    private readonly T[][] _activations;

    public PlainReluSoftmaxNetwork(Network<T> network)
    {
        _sizes = [network.InputSize, .. network.Layers.Select(layer => layer.Neurons)];
        _weights = [.. network.Layers.Select(layer => layer.GetWeights().ToRowMajorArray())];
        _biases = [.. network.Layers.Select(layer => layer.GetBiases()!.ToArray())];
        _activations = [.. _sizes.Select(n => new T[n])];
    }

    public void Predict(T[] input, T[] output)
    {
        var previous = input;
        for (var l = 0; l < _weights.Length; l++)
        {
            var inputs = _sizes[l];
            var current = l == _weights.Length - 1 ? output : _activations[l + 1];
            var w = _weights[l];
            var b = _biases[l];
            for (var i = 0; i < current.Length; i++)
            {
                var sum = b[i];
                var row = i * inputs;
                for (var j = 0; j < inputs; j++)
                {
                    sum += w[row + j] * previous[j];
                }

                current[i] = l == _weights.Length - 1 || sum > T.Zero ? sum : T.Zero;
            }

            previous = current;
        }

        // Softmax: exp(z − max z) / Σ.
        var max = output[0];
        for (var i = 1; i < output.Length; i++)
        {
            max = T.Max(max, output[i]);
        }

        var total = T.Zero;
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = T.Exp(output[i] - max);
            total += output[i];
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i] /= total;
        }
    }
}
