using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Losses;

/// <summary>
/// <see cref="Loss{T}.CategoricalCrossEntropy"/>: <c>C = −Σ y·ln a</c> on a softmax output, finite for any finite
/// weighted input, with output error <c>δ = a − y</c>; it refuses every other output activation.
/// </summary>
public sealed class CategoricalCrossEntropyLossTests
{
    [Fact]
    public void Cost_is_minus_the_sum_of_target_times_log_softmax()
    {
        // Given two samples of three weighted inputs, their softmax, and targets that sum to 1 (one soft, one one-hot)
        double[] z = [0.5, -1.2, 2.0, 3.0, 0.1, -0.4];
        double[] y = [0.2, 0.3, 0.5, 0.0, 1.0, 0.0];
        var a = new double[6];
        for (var column = 0; column < 2; column++)
        {
            var sum = Enumerable.Range(0, 3).Sum(i => Math.Exp(z[(3 * column) + i]));
            for (var i = 0; i < 3; i++)
            {
                a[(3 * column) + i] = Math.Exp(z[(3 * column) + i]) / sum;
            }
        }

        // When the loss computes the summed cost
        var cost = Loss<double>.CategoricalCrossEntropy.Cost(z, a, y, outputSize: 3);

        // Then it is −Σ y ln a over both samples
        var expected = -Enumerable.Range(0, 6).Sum(i => y[i] * Math.Log(a[i]));
        cost.Should().BeApproximately(expected, 1e-13 * expected);
    }

    [Fact]
    public void Output_error_is_the_chain_rule_of_minus_y_over_a_through_the_softmax_jacobian()
    {
        // Given a sample of four outputs with soft targets that sum to 1
        double[] z = [0.3, -0.8, 1.5, 0.0];
        double[] y = [0.1, 0.2, 0.6, 0.1];
        var a = new double[4];
        Activation<double>.Softmax.Activate(z, a, neurons: 4);
        var delta = new double[4];

        // When the fused output error is computed
        Loss<double>.CategoricalCrossEntropy.OutputDelta(Activation<double>.Softmax, z, a, y, delta, outputSize: 4);

        // Then δ = a − y, and it equals Jᵀ·(dC/da) with dC/da = −y/a and the Jacobian Jᵢⱼ = aᵢ(δᵢⱼ − aⱼ) written out
        for (var j = 0; j < 4; j++)
        {
            var chainRule = 0.0;
            for (var i = 0; i < 4; i++)
            {
                chainRule += (-y[i] / a[i]) * a[i] * ((i == j ? 1 : 0) - a[j]);
            }

            delta[j].Should().BeApproximately(a[j] - y[j], 1e-16);
            delta[j].Should().BeApproximately(chainRule, 1e-15);
        }
    }

    /// <remarks>
    /// Closed form: <c>C = ln(e^z₁ + e^z₂) − y·z</c> with <c>ln(e^1e4 + e^−1e4) = 1e4 + ln(1 + e^−2e4)</c>, and
    /// <c>e^−2e4</c> far below the smallest double: for the target on the first output the cost is 0, on the
    /// second 2e4. Naively, <c>e^1e4</c> overflows and <c>ln a₂ = ln 0</c>.
    /// </remarks>
    [Theory]
    [InlineData(1.0, 0.0, 0.0)]
    [InlineData(0.0, 1.0, 2e4)]
    public void Cost_and_output_error_stay_finite_for_weighted_inputs_of_plus_and_minus_ten_thousand(double y1, double y2, double expectedCost)
    {
        // Given a 2-2 softmax layer with identity weights and no biases, so that the input (1e4, −1e4) is z
        var network = IdentitySoftmaxNetwork();
        var input = Matrix<double>.Build.DenseOfColumnArrays([1e4, -1e4]);
        var target = Matrix<double>.Build.DenseOfColumnArrays([y1, y2]);

        // When the gradients and the cost are computed
        var gradients = network.ComputeGradients(input, target);
        var output = gradients.Layers[0];

        // Then z = (1e4, −1e4), a = (1, 0), the cost is the closed form, and δ = a − y, every value finite
        output.WeightedInput.Column(0).Should().Equal(1e4, -1e4);
        output.Activation.Column(0).Should().Equal(1.0, Math.Exp(-2e4));
        gradients.Cost.Should().BeApproximately(expectedCost, 1e-12 * Math.Max(1, expectedCost));
        network.Cost(input, target).Should().BeApproximately(expectedCost, 1e-12 * Math.Max(1, expectedCost));
        output.Delta.Column(0).Should().Equal(1.0 - y1, 0.0 - y2);
        output.WeightGradient.Enumerate().Should().OnlyContain(g => double.IsFinite(g));
    }

    [Fact]
    public void A_batch_of_saturated_samples_has_the_mean_closed_form_cost()
    {
        // Given two samples with z = (1e4, −1e4), one labelled first and one second, and a third with z = (−1e4, 1e4) labelled second
        var network = IdentitySoftmaxNetwork();
        var inputs = Matrix<double>.Build.DenseOfColumnArrays([1e4, -1e4], [1e4, -1e4], [-1e4, 1e4]);
        var targets = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0.0], [0.0, 1.0], [0.0, 1.0]);

        // When the gradients are computed
        var gradients = network.ComputeGradients(inputs, targets);

        // Then the cost is the mean of 0, 2e4 and 0, and δ = a − y for every sample
        gradients.Cost.Should().BeApproximately(2e4 / 3, 1e-8);
        gradients.Layers[0].Delta.Should().Be(gradients.Layers[0].Activation - targets);
        gradients.Layers[0].Delta.Enumerate().Should().Equal(0.0, 0.0, 1.0, -1.0, 0.0, 0.0);
    }

    public static TheoryData<string> OtherActivations() => new(TestActivations.All.Where(name => name != "softmax"));

    [Theory]
    [MemberData(nameof(OtherActivations))]
    public void A_network_with_categorical_cross_entropy_and_another_output_activation_is_refused_naming_it(string output)
    {
        // Given a hidden layer and an output layer that is not softmax
        var activation = TestActivations.Named(output);
        var hidden = new DenseLayer<double>(Matrix<double>.Build.Dense(3, 2, 0.1), Activation<double>.Tanh);
        var last = new DenseLayer<double>(Matrix<double>.Build.Dense(2, 3, 0.1), activation);

        // When a network is made with categorical cross-entropy
        var create = () => new Network<double>([hidden, last], Loss<double>.CategoricalCrossEntropy);

        // Then it throws an ArgumentException that names the activation it got and the one it needs
        create.Should().Throw<ArgumentException>()
            .WithMessage($"*{activation.Name}*")
            .And.Message.Should().Contain("softmax");
    }

    private static Network<double> IdentitySoftmaxNetwork()
        => new([new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(2), Activation<double>.Softmax)], Loss<double>.CategoricalCrossEntropy);
}
