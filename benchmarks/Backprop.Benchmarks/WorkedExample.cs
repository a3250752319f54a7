using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// One of the sigmoid networks of docs/worked-examples.md (Tables 1.1 and 2.1): its weights (row i holds the
/// weights into neuron i), optional biases, the one training sample and the learning rate. Every implementation
/// the benchmarks compare is built from the same numbers.
/// </summary>
public sealed class WorkedExample
{
    private WorkedExample(string name, double[][][] weights, double[][]? biases, double[] input, double[] target, double learningRate)
    {
        Name = name;
        Weights = weights;
        Biases = biases;
        Input = input;
        Target = target;
        LearningRate = learningRate;
    }

    /// <summary>Example 1: 2-2-1, no biases, x = [0.35, 0.9], y = 0.5, η = 1.</summary>
    public static WorkedExample TwoTwoOne { get; } = new(
        "2-2-1",
        [
            [[0.1, 0.8], [0.4, 0.6]],
            [[0.3, 0.9]],
        ],
        biases: null,
        input: [0.35, 0.9],
        target: [0.5],
        learningRate: 1.0);

    /// <summary>Example 2: 2-3-2-1 with biases, x = [1.0, 0.5], y = 1, η = 0.5.</summary>
    public static WorkedExample TwoThreeTwoOne { get; } = new(
        "2-3-2-1",
        [
            [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]],
            [[0.7, 0.8, 0.9], [0.1, 0.2, 0.3]],
            [[0.4, 0.5]],
        ],
        biases: [[0.1, 0.1, 0.1], [0.2, 0.2], [0.3]],
        input: [1.0, 0.5],
        target: [1.0],
        learningRate: 0.5);

    public string Name { get; }

    /// <summary>Per layer, the weights as rows (neurons × inputs).</summary>
    public double[][][] Weights { get; }

    /// <summary>Per layer, the biases; null for a network without biases.</summary>
    public double[][]? Biases { get; }

    public double[] Input { get; }

    public double[] Target { get; }

    public double LearningRate { get; }

    /// <summary>The network in the library, with its own copy of the weights.</summary>
    public Network<double> BuildNetwork()
    {
        var layers = new DenseLayer<double>[Weights.Length];
        for (var l = 0; l < layers.Length; l++)
        {
            var biases = Biases is null ? null : Vector<double>.Build.DenseOfArray(Biases[l]);
            layers[l] = new DenseLayer<double>(Matrix<double>.Build.DenseOfRowArrays(Weights[l]), biases, Activation<double>.Sigmoid);
        }

        return new Network<double>(layers);
    }

    /// <summary>The input as a 2 × 1 matrix (one column per sample).</summary>
    public Matrix<double> InputColumn() => Matrix<double>.Build.DenseOfColumnArrays(Input);

    /// <summary>The target as a 1 × 1 matrix.</summary>
    public Matrix<double> TargetColumn() => Matrix<double>.Build.DenseOfColumnArrays(Target);
}
