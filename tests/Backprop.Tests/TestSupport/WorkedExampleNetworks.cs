using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// The two networks of <c>docs/worked-examples.md</c> with their one sample, built fresh on every call (training
/// changes the weights). The texts' W[l] is <c>Layers[l - 1].GetWeights()</c>; x and y are one column each.
/// </summary>
internal static class WorkedExampleNetworks
{
    /// <summary>
    /// Example 1 (Table 1.1): 2-2-1, sigmoid, no biases, squared error; W[1] = [[0.1, 0.8], [0.4, 0.6]],
    /// W[2] = [[0.3, 0.9]], x = (0.35, 0.9), y = 0.5. The example steps it with η = 1.
    /// </summary>
    public static Example TwoTwoOne() => new(
        new Network<double>(
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.8 }, { 0.4, 0.6 } }), Activation<double>.Sigmoid),
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, 0.9 } }), Activation<double>.Sigmoid)),
        Matrix<double>.Build.DenseOfArray(new[,] { { 0.35 }, { 0.9 } }),
        Matrix<double>.Build.DenseOfArray(new[,] { { 0.5 } }));

    /// <summary>
    /// Example 2 (Table 2.1): 2-3-2-1, sigmoid, biases on every layer, squared error; x = (1, 0.5), y = 1.
    /// </summary>
    public static Example TwoThreeTwoOne() => new(
        new Network<double>(
            new DenseLayer<double>(
                Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.2 }, { 0.3, 0.4 }, { 0.5, 0.6 } }),
                Vector<double>.Build.Dense([0.1, 0.1, 0.1]),
                Activation<double>.Sigmoid),
            new DenseLayer<double>(
                Matrix<double>.Build.DenseOfArray(new[,] { { 0.7, 0.8, 0.9 }, { 0.1, 0.2, 0.3 } }),
                Vector<double>.Build.Dense([0.2, 0.2]),
                Activation<double>.Sigmoid),
            new DenseLayer<double>(
                Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, 0.5 } }),
                Vector<double>.Build.Dense([0.3]),
                Activation<double>.Sigmoid)),
        Matrix<double>.Build.DenseOfArray(new[,] { { 1.0 }, { 0.5 } }),
        Matrix<double>.Build.DenseOfArray(new[,] { { 1.0 } }));

    /// <summary>A worked example's network (squared error, the default loss) and its sample.</summary>
    /// <param name="Network">The network with the example's weights and biases.</param>
    /// <param name="Input">x: inputs × 1.</param>
    /// <param name="Target">y: outputs × 1.</param>
    public sealed record Example(Network<double> Network, Matrix<double> Input, Matrix<double> Target);
}
