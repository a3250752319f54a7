using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

/// <summary>
/// <see cref="GradientCheck"/>, the finite-difference oracle every gradient test relies on (through
/// <c>TestSupport/GradientChecks</c>): it passes a correct backward pass, fails and locates a wrong one, and leaves
/// the network as it was.
/// </summary>
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
    public void A_loss_gradient_off_by_one_percent_fails_the_check_in_every_layer_weights_and_biases()
    {
        // Given the squared error with dC/da scaled by 1.01 (the cost is right, its gradient is not)
        var network = CreateNetwork(Activation<double>.Tanh, new SquaredErrorWithBrokenGradient());

        // When the gradients are checked
        var report = GradientCheck.Run(network, Inputs, Targets);

        // Then every gradient is 1 % too large, so every layer's weights and biases fail by a relative error of
        // 0.01 / 1.01 ≈ 0.0099 (within the finite difference's own error of about 1e-9)
        report.Passed().Should().BeFalse();
        foreach (var layer in report.Layers)
        {
            layer.WeightRelativeError.Should().BeApproximately(0.01 / 1.01, 1e-6, "the weights of layer {0}", layer.Layer);
            layer.BiasRelativeError!.Value.Should().BeApproximately(0.01 / 1.01, 1e-6, "the biases of layer {0}", layer.Layer);
        }
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

    private static Network<double> CreateNetwork(Activation<double> hidden, Loss<double>? loss = null) => new(
        [
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.8 }, { 0.4, -0.6 }, { -0.3, 0.2 } }), Vector<double>.Build.DenseOfArray([0.1, -0.2, 0.05]), hidden),
            new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, 0.9, -0.5 } }), Vector<double>.Build.DenseOfArray([0.2]), Activation<double>.Sigmoid),
        ],
        loss ?? Loss<double>.SquaredError);

    /// <summary>½‖a − y‖² with dC/da scaled by 1.01: the cost is right, the gradient is not.</summary>
    private sealed class SquaredErrorWithBrokenGradient : Loss<double>
    {
        public override string Name => "squared-error-broken";

        public override double Cost(ReadOnlySpan<double> weightedInputs, ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputSize)
        {
            var cost = 0.0;
            for (var i = 0; i < outputs.Length; i++)
            {
                cost += 0.5 * (outputs[i] - targets[i]) * (outputs[i] - targets[i]);
            }

            return cost;
        }

        public override void Gradient(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, Span<double> gradient, int outputSize)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                gradient[i] = 1.01 * (outputs[i] - targets[i]);
            }
        }
    }

    /// <summary>tanh with f′ scaled by 1.01: the value is right, the derivative is not.</summary>
    private sealed class TanhWithBrokenDerivative : ElementwiseActivation<double>
    {
        public override string Name => "tanh-broken";

        public override double Value(double weightedInput) => Math.Tanh(weightedInput);

        public override double Derivative(double weightedInput) => 1.01 * (1 - (Math.Tanh(weightedInput) * Math.Tanh(weightedInput)));
    }
}
