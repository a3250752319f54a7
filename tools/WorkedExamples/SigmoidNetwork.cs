namespace WorkedExamples;

/// <summary>
/// A fully connected network of sigmoid neurons with the squared-error cost C = ½‖a[L] − y‖², one sample at a
/// time, in plain scalar loops over <see cref="double"/>: each step is one line of the equations.
/// </summary>
/// <remarks>
/// Layers are numbered as in the texts, from 1 to L, and index 0 of every per-layer array is the input side:
/// <c>a[0] = x</c>, and <c>weights[l][i][j]</c> is the weight from neuron j of layer l − 1 into neuron i of layer l
/// (<c>weights[0]</c> is unused).
/// </remarks>
internal sealed class SigmoidNetwork
{
    private readonly double[][][] _weights;
    private readonly double[][]? _biases;

    /// <summary>Copies the weights (<c>[l][i][j]</c>, l from 1) and the biases (<c>[l][i]</c>, or null for none).</summary>
    public SigmoidNetwork(double[][][] weights, double[][]? biases)
    {
        _weights = [.. weights.Select(layer => layer.Select(row => row.ToArray()).ToArray())];
        _biases = biases?.Select(layer => layer.ToArray()).ToArray();
    }

    /// <summary>The number of layers L (not counting the input).</summary>
    public int Layers => _weights.Length - 1;

    /// <summary>A copy of W[l].</summary>
    public double[][] Weights(int layer) => [.. _weights[layer].Select(row => row.ToArray())];

    /// <summary>The forward pass: z[l] = W[l] a[l−1] + b[l], a[l] = σ(z[l]), and the cost C = ½ Σᵢ (a[L]ᵢ − yᵢ)².</summary>
    public Pass Forward(double[] x, double[] y)
    {
        var z = new double[Layers + 1][];
        var a = new double[Layers + 1][];
        z[0] = [];
        a[0] = [.. x];
        for (var l = 1; l <= Layers; l++)
        {
            var neurons = _weights[l].Length;
            z[l] = new double[neurons];
            a[l] = new double[neurons];
            for (var i = 0; i < neurons; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < a[l - 1].Length; j++)
                {
                    sum += _weights[l][i][j] * a[l - 1][j];
                }

                z[l][i] = _biases is null ? sum : sum + _biases[l][i];
                a[l][i] = Sigmoid(z[l][i]);
            }
        }

        var cost = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var error = a[Layers][i] - y[i];
            cost += 0.5 * error * error;
        }

        return new Pass(z, a, cost);
    }

    /// <summary>The backward pass of one sample: δ by BP1 and BP2, then ∂C/∂b by BP3 and ∂C/∂W by BP4.</summary>
    public Gradients Backward(Pass pass, double[] y)
    {
        var a = pass.Activations;
        var delta = new double[Layers + 1][];
        delta[0] = [];

        // (BP1) δ[L] = (a[L] − y) ⊙ σ′(z[L]), with σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)
        delta[Layers] = new double[a[Layers].Length];
        for (var i = 0; i < a[Layers].Length; i++)
        {
            delta[Layers][i] = (a[Layers][i] - y[i]) * a[Layers][i] * (1 - a[Layers][i]);
        }

        // (BP2) δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ′(z[l])
        for (var l = Layers - 1; l >= 1; l--)
        {
            delta[l] = new double[a[l].Length];
            for (var j = 0; j < a[l].Length; j++)
            {
                var sum = 0.0;
                for (var i = 0; i < delta[l + 1].Length; i++)
                {
                    sum += _weights[l + 1][i][j] * delta[l + 1][i];
                }

                delta[l][j] = sum * a[l][j] * (1 - a[l][j]);
            }
        }

        // (BP3) ∂C/∂b[l] = δ[l]; (BP4) ∂C/∂W[l] = δ[l] a[l−1]ᵀ, entry (i, j) = δ[l]ᵢ · a[l−1]ⱼ
        var weightGradients = new double[Layers + 1][][];
        weightGradients[0] = [];
        for (var l = 1; l <= Layers; l++)
        {
            weightGradients[l] = new double[delta[l].Length][];
            for (var i = 0; i < delta[l].Length; i++)
            {
                weightGradients[l][i] = new double[a[l - 1].Length];
                for (var j = 0; j < a[l - 1].Length; j++)
                {
                    weightGradients[l][i][j] = delta[l][i] * a[l - 1][j];
                }
            }
        }

        return new Gradients(delta, weightGradients, delta);
    }

    /// <summary>
    /// One SGD step on one sample: forward, backward, then W[l] ← W[l] − η ∂C/∂W[l] and b[l] ← b[l] − η ∂C/∂b[l].
    /// Returns the cost of this step's forward pass (before the update).
    /// </summary>
    public double Step(double[] x, double[] y, double learningRate)
    {
        var pass = Forward(x, y);
        var gradients = Backward(pass, y);
        for (var l = 1; l <= Layers; l++)
        {
            for (var i = 0; i < _weights[l].Length; i++)
            {
                for (var j = 0; j < _weights[l][i].Length; j++)
                {
                    _weights[l][i][j] -= learningRate * gradients.Weights[l][i][j];
                }

                if (_biases is not null)
                {
                    _biases[l][i] -= learningRate * gradients.Biases[l][i];
                }
            }
        }

        return pass.Cost;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}

/// <summary>What a forward pass keeps, per layer from 1 (index 0: empty for z, x for a), and the cost.</summary>
internal sealed record Pass(double[][] WeightedInputs, double[][] Activations, double Cost);

/// <summary>What a backward pass gives, per layer from 1: δ, ∂C/∂W and ∂C/∂b (which is δ, by BP3).</summary>
internal sealed record Gradients(double[][] Deltas, double[][][] Weights, double[][] Biases);
