using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Losses;

/// <summary><see cref="Loss{T}.SquaredError"/>: <c>C = ½‖a − y‖²</c> summed over samples, <c>dC/da = a − y</c>.</summary>
public sealed class SquaredErrorLossTests
{
    [Fact]
    public void Cost_of_the_worked_example_is_half_the_squared_difference()
    {
        // Given the 2-2-1 example's output and target
        double[] output = [0.6902834929076443];
        double[] target = [0.5];

        // When the cost is computed
        var cost = Loss<double>.SquaredError.Cost(output, output, target, outputSize: 1);

        // Then it is ½(o − y)², the table's first cost
        cost.Should().BeApproximately(0.01810390383656677, 1e-15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(64)]
    public void Cost_is_half_the_sum_of_squared_differences_and_gradient_is_output_minus_target(int length)
    {
        // Given one sample's outputs and targets (the weighted inputs do not enter the squared error)
        var random = new Random(length);
        var outputs = TestData.UniformArray<double>(random, length);
        var targets = TestData.UniformArray<double>(random, length);
        var gradient = new double[length];

        // When the loss computes its cost and gradient
        var cost = Loss<double>.SquaredError.Cost(outputs, outputs, targets, outputSize: length);
        Loss<double>.SquaredError.Gradient(outputs, targets, gradient, outputSize: length);

        // Then the cost is ½Σ(a − y)² and the gradient is a − y exactly
        var expected = 0.5 * outputs.Zip(targets, (a, y) => (a - y) * (a - y)).Sum();
        cost.Should().BeApproximately(expected, 1e-14 * Math.Max(1, expected), "summation order may differ");
        gradient.Should().Equal(outputs.Zip(targets, (a, y) => a - y));
    }

    [Fact]
    public void Squared_error_is_the_default_loss_of_a_network()
    {
        var network = new NetworkBuilder<double>(2).AddDense(1, Activation<double>.Sigmoid).Build();

        network.Loss.Should().BeSameAs(Loss<double>.SquaredError);
    }
}
