namespace Backprop.PeerComparison;

/// <summary>
/// The per-sample SGD step written by hand on plain <c>double[]</c>: sigmoid in every layer, cost ½‖a − y‖²,
/// weights row-major (<c>w[l][i·inputs + j]</c> is the weight from input j to neuron i), optional biases.
/// No library, no allocation per step: the floor a library's per-step overhead is measured against.
/// </summary>
internal sealed class PlainSigmoidNetwork
{
    private readonly int[] _sizes;
    private readonly double[][] _weights;
    private readonly double[]?[] _biases;
    private readonly double[][] _activations;
    private readonly double[][] _deltas;

    public PlainSigmoidNetwork(int[] sizes, double[][] weights, double[]?[] biases)
    {
        _sizes = sizes;
        _weights = [.. weights.Select(w => (double[])w.Clone())];
        _biases = [.. biases.Select(b => (double[]?)b?.Clone())];
        _activations = [.. sizes.Select(n => new double[n])];
        _deltas = [.. sizes.Select(n => new double[n])];
    }

    /// <summary>Weights then biases of each layer, row-major.</summary>
    public IReadOnlyList<double> Parameters()
    {
        var all = new List<double>();
        for (var l = 0; l < _weights.Length; l++)
        {
            all.AddRange(_weights[l]);
            all.AddRange(_biases[l] ?? []);
        }

        return all;
    }

    public void Step(double[] input, double[] target, double learningRate)
    {
        input.CopyTo(_activations[0], 0);
        var layers = _weights.Length;

        // Forward: z = W·a + b, a = σ(z).
        for (var l = 0; l < layers; l++)
        {
            var inputs = _sizes[l];
            var previous = _activations[l];
            var current = _activations[l + 1];
            var w = _weights[l];
            var b = _biases[l];
            for (var i = 0; i < current.Length; i++)
            {
                var z = b is null ? 0.0 : b[i];
                for (var j = 0; j < inputs; j++)
                {
                    z += w[(i * inputs) + j] * previous[j];
                }

                current[i] = 1.0 / (1.0 + Math.Exp(-z));
            }
        }

        // (BP1) δᴸ = (a − y) ⊙ a(1 − a).
        var output = _activations[layers];
        var outputDelta = _deltas[layers];
        for (var i = 0; i < output.Length; i++)
        {
            outputDelta[i] = (output[i] - target[i]) * output[i] * (1.0 - output[i]);
        }

        for (var l = layers - 1; l >= 0; l--)
        {
            var inputs = _sizes[l];
            var previous = _activations[l];
            var delta = _deltas[l + 1];
            var w = _weights[l];

            // (BP2) δˡ⁻¹ = (Wˡ)ᵀδˡ ⊙ σ′, from the weights before this step's update.
            if (l > 0)
            {
                var previousDelta = _deltas[l];
                for (var j = 0; j < inputs; j++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < delta.Length; i++)
                    {
                        sum += w[(i * inputs) + j] * delta[i];
                    }

                    previousDelta[j] = sum * previous[j] * (1.0 - previous[j]);
                }
            }

            // (BP3, BP4) b −= η δ, W −= η δ aᵀ.
            var b = _biases[l];
            for (var i = 0; i < delta.Length; i++)
            {
                var step = learningRate * delta[i];
                for (var j = 0; j < inputs; j++)
                {
                    w[(i * inputs) + j] -= step * previous[j];
                }

                if (b is not null)
                {
                    b[i] -= step;
                }
            }
        }
    }
}
