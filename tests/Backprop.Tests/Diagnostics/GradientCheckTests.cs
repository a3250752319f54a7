using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

public sealed class GradientCheckTests
{
    private static readonly Matrix<double> Inputs = Matrix<double>.Build.DenseOfArray(new[,] { { 0.35, -0.2, 0.7 }, { 0.9, 0.4, -0.5 } });
    private static readonly Matrix<double> Targets = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, 0.1, 0.9 } });

    [Fact]
    public void A_correct_backward_pass_passes_the_check_with_errors_far_below_1e_6()
    {
        // Given a 2-3-1 tanh/sigmoid network with biases
        var network = CreateNetwork(Activation<double>.Tanh);

        // When the gradients are checked against central differences
        var report = GradientCheck.Run(network, Inputs, Targets);

        // Then every layer agrees, and the report names its step
        report.Passed().Should().BeTrue(report.ToString());
        report.MaxRelativeError.Should().BeLessThan(1e-8);
        report.Layers.Should().HaveCount(2);
        report.Step.Should().Be(1e-5);
    }

    [Fact]
    public void A_derivative_off_by_one_percent_fails_the_check_and_is_named_as_the_worst()
    {
        // Given a hidden activation whose derivative is 1 % too large (a bug a learner might make)
        var network = CreateNetwork(new TanhWithBrokenDerivative());

        // When the gradients are checked
        var report = GradientCheck.Run(network, Inputs, Targets);

        // Then the check fails in the hidden layer, by about the 1 % of the error
        report.Passed().Should().BeFalse();
        report.Worst.Layer.Should().Be(0);
        report.Layers[0].WeightRelativeError.Should().BeInRange(5e-3, 2e-2);
        report.Layers[1].WeightRelativeError.Should().BeLessThan(1e-6, "the output layer's own gradient does not use the hidden derivative");
    }

    [Fact]
    public void The_check_leaves_every_weight_exactly_as_it_was()
    {
        var network = CreateNetwork(Activation<double>.Sigmoid);
        var before = network.Layers.Select(layer => layer.GetWeights().Clone()).ToArray();

        GradientCheck.Run(network, Inputs, Targets);

        for (var l = 0; l < before.Length; l++)
        {
            network.Layers[l].GetWeights().Should().BeEquivalentTo(before[l]);
        }
    }

    private static Network<double> CreateNetwork(Activation<double> hidden) => new(
        [
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.8 }, { 0.4, -0.6 }, { -0.3, 0.2 } }), Vector<double>.Build.DenseOfArray([0.1, -0.2, 0.05]), hidden),
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, 0.9, -0.5 } }), Vector<double>.Build.DenseOfArray([0.2]), Activation<double>.Sigmoid),
        ],
        Loss<double>.SquaredError);

    /// <summary>tanh with f′ scaled by 1.01: the value is right, the derivative is not.</summary>
    private sealed class TanhWithBrokenDerivative : ElementwiseActivation<double>
    {
        public override string Name => "tanh-broken";

        public override double Value(double weightedInput) => Math.Tanh(weightedInput);

        public override double Derivative(double weightedInput) => 1.01 * (1 - (Math.Tanh(weightedInput) * Math.Tanh(weightedInput)));
    }
}
