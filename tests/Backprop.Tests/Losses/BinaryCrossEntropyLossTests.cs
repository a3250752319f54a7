using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Losses;

/// <summary>
/// <see cref="Loss{T}.BinaryCrossEntropy"/>: <c>C = −Σ [y·ln a + (1 − y)·ln(1 − a)]</c> on a sigmoid output, finite
/// for any finite weighted input, with output error <c>δ = a − y</c>; it refuses every other output activation.
/// </summary>
public sealed class BinaryCrossEntropyLossTests
{
    [Fact]
    public void Cost_is_minus_the_log_likelihood_of_the_targets()
    {
        // Given weighted inputs in [−5, 5], their sigmoids, and targets in [0, 1] (two samples of three outputs)
        double[] z = [-4.5, -0.7, 0.0, 0.3, 2.2, 5.0];
        double[] y = [0.0, 1.0, 0.5, 0.25, 1.0, 0.0];
        var a = z.Select(value => 1 / (1 + Math.Exp(-value))).ToArray();

        // When the loss computes the summed cost
        var cost = Loss<double>.BinaryCrossEntropy.Cost(z, a, y, outputSize: 3);

        // Then it is the textbook −Σ [y ln a + (1 − y) ln(1 − a)]
        var expected = -Enumerable.Range(0, z.Length).Sum(i => (y[i] * Math.Log(a[i])) + ((1 - y[i]) * Math.Log(1 - a[i])));
        cost.Should().BeApproximately(expected, 1e-13 * expected);
    }

    [Fact]
    public void Output_error_is_output_minus_target_which_is_the_chain_rule_through_the_sigmoid()
    {
        // Given sigmoid outputs and targets
        double[] z = [-3.0, -0.2, 0.9, 2.5];
        double[] y = [0.0, 1.0, 0.3, 1.0];
        var a = z.Select(value => 1 / (1 + Math.Exp(-value))).ToArray();
        var delta = new double[4];
        var gradient = new double[4];

        // When the fused output error δ = dC/dz and the plain dC/da are computed
        Loss<double>.BinaryCrossEntropy.OutputDelta(Activation<double>.Sigmoid, z, a, y, delta, outputSize: 4);
        Loss<double>.BinaryCrossEntropy.Gradient(a, y, gradient, outputSize: 4);

        // Then δ = a − y exactly, and it equals dC/da · σ′(z) = (a − y)/(a(1 − a)) · a(1 − a)
        delta.Should().Equal(a.Zip(y, (output, target) => output - target));
        for (var i = 0; i < 4; i++)
        {
            gradient[i].Should().BeApproximately((a[i] - y[i]) / (a[i] * (1 - a[i])), 1e-12 * Math.Abs(gradient[i]));
            (gradient[i] * a[i] * (1 - a[i])).Should().BeApproximately(delta[i], 1e-15);
        }
    }

    /// <remarks>
    /// Closed form: <c>C = Σ softplus(z) − y·z</c> with <c>softplus(1e4) = 1e4 + ln(1 + e^−1e4)</c> and
    /// <c>softplus(−1e4) = ln(1 + e^−1e4)</c>, where <c>e^−1e4</c> is far below the smallest double: for
    /// <c>z = (1e4, −1e4)</c> the cost is <c>1e4·(1 − y₁) + 1e4·y₂</c>. The naive formula would take <c>ln 0</c>.
    /// </remarks>
    [Theory]
    [InlineData(1.0, 0.0, 0.0)]
    [InlineData(0.0, 1.0, 2e4)]
    [InlineData(1.0, 1.0, 1e4)]
    [InlineData(0.0, 0.0, 1e4)]
    public void Cost_and_output_error_stay_finite_for_weighted_inputs_of_plus_and_minus_ten_thousand(double y1, double y2, double expectedCost)
    {
        // Given a 2-2 sigmoid layer with identity weights and no biases, so that the input (1e4, −1e4) is z
        var network = IdentitySigmoidNetwork();
        var input = Matrix<double>.Build.DenseOfColumnArrays([1e4, -1e4]);
        var target = Matrix<double>.Build.DenseOfColumnArrays([y1, y2]);

        // When the gradients and the cost are computed
        var gradients = network.ComputeGradients(input, target);
        var output = gradients.Layers[0];

        // Then z = (1e4, −1e4), the cost is the closed form, and δ = a − y = σ(z) − y, every value finite
        output.WeightedInput.Column(0).Should().Equal(1e4, -1e4);
        gradients.Cost.Should().BeApproximately(expectedCost, 1e-12 * Math.Max(1, expectedCost));
        network.Cost(input, target).Should().BeApproximately(expectedCost, 1e-12 * Math.Max(1, expectedCost));
        double[] expectedDelta = [(1 / (1 + Math.Exp(-1e4))) - y1, (1 / (1 + Math.Exp(1e4))) - y2];
        output.Delta.Column(0).Should().Equal(expectedDelta);
        output.Delta.Should().Be(output.Activation - target);
        output.WeightGradient.Enumerate().Should().OnlyContain(g => double.IsFinite(g));
    }

    [Fact]
    public void A_batch_of_saturated_samples_has_the_mean_closed_form_cost_on_the_vectorised_path()
    {
        // Given four samples with z = (1e4, −1e4) and the four target pairs (eight outputs: the vectorised sigmoid)
        var network = IdentitySigmoidNetwork();
        var inputs = Matrix<double>.Build.DenseOfColumnArrays([1e4, -1e4], [1e4, -1e4], [1e4, -1e4], [1e4, -1e4]);
        var targets = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]);

        // When the gradients are computed
        var gradients = network.ComputeGradients(inputs, targets);

        // Then the cost is the mean of 0, 2e4, 1e4 and 1e4, and δ = a − y for every sample, with a = (1, 0)
        gradients.Cost.Should().BeApproximately(1e4, 1e-8);
        gradients.Layers[0].Activation.Enumerate().Should().Equal(1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0);
        gradients.Layers[0].Delta.Should().Be(gradients.Layers[0].Activation - targets);
    }

    public static TheoryData<string> OtherActivations() => new(TestActivations.All.Where(name => name != "sigmoid"));

    [Theory]
    [MemberData(nameof(OtherActivations))]
    public void A_network_with_binary_cross_entropy_and_another_output_activation_is_refused_naming_it(string output)
    {
        // Given a hidden layer and an output layer that is not sigmoid
        var activation = TestActivations.Named(output);
        var hidden = new DenseLayer<double>(Matrix<double>.Build.Dense(3, 2, 0.1), Activation<double>.Sigmoid);
        var last = new DenseLayer<double>(Matrix<double>.Build.Dense(2, 3, 0.1), activation);

        // When a network is made with binary cross-entropy
        var create = () => new Network<double>([hidden, last], Loss<double>.BinaryCrossEntropy);

        // Then it throws an ArgumentException that names the activation it got and the one it needs
        create.Should().Throw<ArgumentException>()
            .WithMessage($"*{activation.Name}*")
            .And.Message.Should().Contain("sigmoid");
    }

    [Fact]
    public void The_builder_refuses_binary_cross_entropy_on_a_softmax_output()
    {
        var build = () => new NetworkBuilder<double>(2).AddDense(2, Activation<double>.Softmax).WithLoss(Loss<double>.BinaryCrossEntropy).Build();

        build.Should().Throw<ArgumentException>().WithMessage("*softmax*");
    }

    private static Network<double> IdentitySigmoidNetwork()
        => new([new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(2), Activation<double>.Sigmoid)], Loss<double>.BinaryCrossEntropy);
}
