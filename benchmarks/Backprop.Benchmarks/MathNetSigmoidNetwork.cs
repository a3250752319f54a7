using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// For context: the same per-sample SGD step written plainly with MathNet operators (<c>W * a</c>,
/// <c>PointwiseMultiply</c>, <c>TransposeThisAndMultiply</c>, <c>OuterProduct</c>), allocating a new vector or
/// matrix for every intermediate result as ordinary MathNet code does.
/// </summary>
public sealed class MathNetSigmoidNetwork
{
    private readonly Matrix<double>[] _weights;
    private readonly Vector<double>?[] _biases;

    public MathNetSigmoidNetwork(WorkedExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        _weights = [.. example.Weights.Select(rows => Matrix<double>.Build.DenseOfRowArrays(rows))];
        _biases = [.. example.Weights.Select((_, l) => example.Biases is null ? null : Vector<double>.Build.DenseOfArray(example.Biases[l]))];
    }

    /// <summary>The weights of layer <paramref name="layer"/>.</summary>
    public Matrix<double> Weights(int layer) => _weights[layer];

    /// <summary>One SGD step on one sample; returns the cost ½‖a − y‖² before the update.</summary>
    public double Step(Vector<double> input, Vector<double> target, double learningRate)
    {
        var last = _weights.Length - 1;
        var activations = new Vector<double>[_weights.Length + 1];
        activations[0] = input;
        for (var l = 0; l <= last; l++)
        {
            var z = _weights[l] * activations[l];
            if (_biases[l] is { } b)
            {
                z += b;
            }

            activations[l + 1] = z.Map(Sigmoid);
        }

        var output = activations[^1];
        var error = output - target;
        var cost = 0.5 * error.DotProduct(error);
        var delta = error.PointwiseMultiply(output.PointwiseMultiply(1.0 - output));
        for (var l = last; l >= 0; l--)
        {
            var previous = activations[l];
            var weightGradient = delta.OuterProduct(previous);
            var previousDelta = l > 0
                ? _weights[l].TransposeThisAndMultiply(delta).PointwiseMultiply(previous.PointwiseMultiply(1.0 - previous))
                : null;
            _weights[l] -= learningRate * weightGradient;
            if (_biases[l] is { } b)
            {
                _biases[l] = b - (learningRate * delta);
            }

            delta = previousDelta!;
        }

        return cost;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
