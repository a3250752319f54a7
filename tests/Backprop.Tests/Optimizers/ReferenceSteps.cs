using System.Globalization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// Runs an optimizer beside a reference written in the test from the published update rule, on the 2-3-2-1
/// network of worked example 2 (docs/worked-examples.md, Table 2.1) and a batch of four samples (the example's own
/// x = (1, 0.5), y = 1 and three more), and compares every parameter after each step.
/// </summary>
/// <remarks>
/// The reference sees the parameters and the gradient as flat arrays (each layer's weights column by column, then
/// its biases) and updates the parameters in place with plain scalar loops. Its gradient comes from
/// <see cref="Backpropagation.ComputeGradients"/> on a second copy of the network kept at the reference's parameters:
/// the backward pass is checked against finite differences elsewhere, so only the update rule is under test.
/// </remarks>
internal static class ReferenceSteps
{
    /// <summary>The number of parameters of the 2-3-2-1 network: 6 + 3, 6 + 2, 2 + 1.</summary>
    public const int ParameterCount = 20;

    /// <summary>The tolerance on every parameter after every step.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>One step of a reference update: the 1-based step number, the parameters (updated in place), the gradient and which entries are biases.</summary>
    public delegate void Update(int step, double[] parameters, double[] gradient, bool[] isBias);

    /// <summary>The batch's inputs: one column per sample.</summary>
    public static Matrix<double> Inputs { get; } = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0.5], [-0.4, 0.9], [0.3, -0.7], [-0.8, -0.2]);

    /// <summary>The batch's targets.</summary>
    public static Matrix<double> Targets { get; } = Matrix<double>.Build.DenseOfRowArrays([1.0, 0.0, 1.0, 0.0]);

    /// <summary>The worked example's 2-3-2-1 sigmoid network with squared error.</summary>
    public static Network<double> ExampleTwoNetwork() => WorkedExampleNetworks.TwoThreeTwoOne().Network;

    /// <summary>
    /// Makes <paramref name="steps"/> updates with the optimizer (through <see cref="Trainer{T}.Step"/>, one full batch
    /// each) and with the reference, and asserts after each that every parameter agrees to <see cref="Tolerance"/>
    /// and that the step moved the parameters by far more than that.
    /// </summary>
    public static void ShouldMatch(Optimizer<double> optimizer, Update reference, int steps = 3)
    {
        var network = ExampleTwoNetwork();
        var referenceNetwork = ExampleTwoNetwork();
        var trainer = new Trainer<double>(optimizer) { MiniBatchSize = Inputs.ColumnCount };
        var isBias = IsBias(referenceNetwork);
        for (var step = 1; step <= steps; step++)
        {
            var before = Parameters(referenceNetwork);
            var gradients = referenceNetwork.ComputeGradients(Inputs, Targets);
            var gradient = Flatten(gradients.Layers.Select(layer => (layer.WeightGradient, layer.BiasGradient)));
            var expected = (double[])before.Clone();
            reference(step, expected, gradient, isBias);
            SetParameters(referenceNetwork, expected);

            trainer.Step(network, Inputs, Targets);

            var actual = Parameters(network);
            var largestMove = expected.Zip(before, (after, old) => Math.Abs(after - old)).Max();
            largestMove.Should().BeGreaterThan(1e-6, "step {0} must move the parameters for the comparison to mean anything", step);
            for (var i = 0; i < ParameterCount; i++)
            {
                actual[i].Should().BeApproximately(
                    expected[i],
                    Tolerance,
                    string.Create(CultureInfo.InvariantCulture, $"parameter {i} after step {step} (reference {expected[i]:R})"));
            }
        }
    }

    /// <summary>The network's parameters as one flat array, in the order of <see cref="Update"/>.</summary>
    public static double[] Parameters(Network<double> network)
        => Flatten(network.Layers.Select(layer => (layer.GetWeights(), layer.GetBiases())));

    private static bool[] IsBias(Network<double> network)
        => [.. network.Layers.SelectMany(layer => Enumerable.Repeat(false, layer.GetWeights().RowCount * layer.GetWeights().ColumnCount)
            .Concat(Enumerable.Repeat(true, layer.GetBiases()?.Count ?? 0)))];

    private static double[] Flatten(IEnumerable<(Matrix<double> Weights, Vector<double>? Biases)> layers)
        => [.. layers.SelectMany(layer => layer.Weights.ToColumnMajorArray().Concat(layer.Biases?.ToArray() ?? []))];

    private static void SetParameters(Network<double> network, double[] values)
    {
        var offset = 0;
        foreach (var layer in network.Layers)
        {
            var count = layer.Neurons * layer.InputSize;
            layer.SetWeights(Matrix<double>.Build.Dense(layer.Neurons, layer.InputSize, values[offset..(offset + count)]));
            offset += count;
            if (layer.GetBiases() is not null)
            {
                layer.SetBiases(Vector<double>.Build.Dense(values[offset..(offset + layer.Neurons)]));
                offset += layer.Neurons;
            }
        }
    }
}
