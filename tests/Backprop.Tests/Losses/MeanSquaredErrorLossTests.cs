using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Losses;

/// <summary><see cref="Loss{T}.MeanSquaredError"/>: <c>C = (1/n)‖a − y‖²</c> per sample of <c>n</c> outputs, <c>dC/da = 2(a − y)/n</c>.</summary>
public sealed class MeanSquaredErrorLossTests
{
    [Fact]
    public void Cost_is_the_mean_over_outputs_of_the_squared_differences_and_gradient_is_two_differences_over_n()
    {
        // Given two samples of three outputs
        double[] a = [0.5, -1.0, 2.0, 0.25, 0.0, 1.5];
        double[] y = [1.0, -1.0, 0.0, 0.75, 1.0, 1.0];
        var gradient = new double[6];

        // When the loss computes the summed cost and dC/da
        var cost = Loss<double>.MeanSquaredError.Cost(a, a, y, outputSize: 3);
        Loss<double>.MeanSquaredError.Gradient(a, y, gradient, outputSize: 3);

        // Then the cost is (0.25 + 0 + 4)/3 + (0.25 + 1 + 0.25)/3 and dC/da = 2(a − y)/3
        cost.Should().BeApproximately((4.25 / 3) + (1.5 / 3), 1e-15);
        gradient.Should().Equal(a.Zip(y, (output, target) => 2 * (output - target) / 3));
    }

    [Fact]
    public void A_network_reports_the_batch_mean_which_is_two_over_n_times_the_squared_error()
    {
        // Given a 3-3 identity layer with identity weights (a = x) and a batch of two samples
        var inputs = Matrix<double>.Build.DenseOfColumnArrays([0.5, -1.0, 2.0], [0.25, 0.0, 1.5]);
        var targets = Matrix<double>.Build.DenseOfColumnArrays([1.0, -1.0, 0.0], [0.75, 1.0, 1.0]);
        Network<double> Create(Loss<double> loss)
            => new([new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(3), Activation<double>.Identity)], loss);

        // When the mean squared error and the squared error of the batch are computed
        var meanSquared = Create(Loss<double>.MeanSquaredError);
        var squared = Create(Loss<double>.SquaredError);
        var gradients = meanSquared.ComputeGradients(inputs, targets);

        // Then the cost is the mean of the two samples' (1/3)Σ(a − y)², which is 2/3 of ½Σ(a − y)², and δ = 2(a − y)/3
        var expected = ((4.25 / 3) + (1.5 / 3)) / 2;
        gradients.Cost.Should().BeApproximately(expected, 1e-15);
        meanSquared.Cost(inputs, targets).Should().BeApproximately(expected, 1e-15);
        squared.Cost(inputs, targets).Should().BeApproximately(expected * 3 / 2, 1e-15);
        (gradients.Layers[0].Delta - ((inputs - targets) * (2.0 / 3))).Enumerate().Should().OnlyContain(d => Math.Abs(d) <= 1e-15);
    }
}
