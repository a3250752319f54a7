namespace Backprop.Benchmarks;

/// <summary>
/// The baseline: per-sample SGD on a sigmoid network written by hand over plain <c>double[]</c>, as tight as a
/// competent programmer writes it without a library. Row-major weights, every buffer allocated once, Math.Exp.
/// One <see cref="Step"/> does what <c>Trainer&lt;double&gt;.Step</c> does for one sample (forward, cost,
/// backward, update), except the library's checks that the cost, gradients and new weights are finite.
/// </summary>
public sealed class PlainSigmoidNetwork
{
    private readonly double[][] _weights;
    private readonly double[]?[] _biases;
    private readonly double[][] _activations;
    private readonly double[][] _deltas;

    public PlainSigmoidNetwork(WorkedExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var layers = example.Weights.Length;
        _weights = new double[layers][];
        _biases = new double[layers][];
        _activations = new double[layers][];
        _deltas = new double[layers][];
        for (var l = 0; l < layers; l++)
        {
            _weights[l] = [.. example.Weights[l].SelectMany(row => row)];
            _biases[l] = example.Biases is null ? null : [.. example.Biases[l]];
            _activations[l] = new double[example.Weights[l].Length];
            _deltas[l] = new double[example.Weights[l].Length];
        }
    }

    /// <summary>The weights of layer <paramref name="layer"/>, row-major.</summary>
    public double[] Weights(int layer) => _weights[layer];

    /// <summary>One SGD step on one sample; returns the cost ½‖a − y‖² before the update.</summary>
    public double Step(double[] input, double[] target, double learningRate)
    {
        var last = _weights.Length - 1;

        // Forward: a[l] = σ(W[l] a[l-1] + b[l]).
        var previous = input;
        for (var l = 0; l <= last; l++)
        {
            var weights = _weights[l];
            var biases = _biases[l];
            var activations = _activations[l];
            var inputs = previous.Length;
            for (var i = 0; i < activations.Length; i++)
            {
                var z = biases is null ? 0.0 : biases[i];
                var row = i * inputs;
                for (var j = 0; j < inputs; j++)
                {
                    z += weights[row + j] * previous[j];
                }

                activations[i] = 1.0 / (1.0 + Math.Exp(-z));
            }

            previous = activations;
        }

        // Output error: δ[L] = (a − y) ⊙ a(1 − a).
        var output = _activations[last];
        var outputDelta = _deltas[last];
        var cost = 0.0;
        for (var i = 0; i < output.Length; i++)
        {
            var error = output[i] - target[i];
            cost += error * error;
            outputDelta[i] = error * output[i] * (1.0 - output[i]);
        }

        // Back: δ[l-1] = (W[l]ᵀ δ[l]) ⊙ a(1 − a), with the weights before the update.
        for (var l = last; l > 0; l--)
        {
            var weights = _weights[l];
            var delta = _deltas[l];
            var previousDelta = _deltas[l - 1];
            var previousActivations = _activations[l - 1];
            var inputs = previousDelta.Length;
            Array.Clear(previousDelta);
            for (var i = 0; i < delta.Length; i++)
            {
                var d = delta[i];
                var row = i * inputs;
                for (var j = 0; j < inputs; j++)
                {
                    previousDelta[j] += weights[row + j] * d;
                }
            }

            for (var j = 0; j < inputs; j++)
            {
                previousDelta[j] *= previousActivations[j] * (1.0 - previousActivations[j]);
            }
        }

        // Update: W[l] -= η δ[l] a[l-1]ᵀ, b[l] -= η δ[l].
        previous = input;
        for (var l = 0; l <= last; l++)
        {
            var weights = _weights[l];
            var biases = _biases[l];
            var delta = _deltas[l];
            var inputs = previous.Length;
            for (var i = 0; i < delta.Length; i++)
            {
                var step = learningRate * delta[i];
                var row = i * inputs;
                for (var j = 0; j < inputs; j++)
                {
                    weights[row + j] -= step * previous[j];
                }

                if (biases is not null)
                {
                    biases[i] -= step;
                }
            }

            previous = _activations[l];
        }

        return 0.5 * cost;
    }
}
