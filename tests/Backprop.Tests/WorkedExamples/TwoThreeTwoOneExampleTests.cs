using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.WorkedExamples;

/// <summary>
/// Example 2 of docs/worked-examples.md: the 2-3-2-1 sigmoid binary classifier with biases on every layer,
/// one sample (Tables 2.1 to 2.3). The texts number layers from 1; the library's <c>Layers[0]</c> is the texts' layer 1.
/// </summary>
public sealed class TwoThreeTwoOneExampleTests
{
    private const double Tolerance = 1e-12;

    // Tables 2.2 and 2.3, texts' layer numbering.
    private static readonly double[] Z1 = [0.30000000000000004, 0.6, 0.9];
    private static readonly double[] A1 = [0.574442516811659, 0.6456563062257954, 0.7109495026250039];
    private static readonly double[] Z2 = [1.7584893591113013, 0.5998603637138262];
    private static readonly double[] A2 = [0.8530203621302314, 0.6456243589944032];
    private static readonly double[] Z3 = [0.9640203243492942];
    private static readonly double[] A3 = [0.7239260185576639];
    private static readonly double[] Delta3 = [-0.055175355866110075];
    private static readonly double[] Delta2 = [-0.0027670799368627675, -0.0063118826620709315];
    private static readonly double[] Delta1 = [-0.0006278042006911604, -0.0007952632814490914, -0.0009009003478084829];
    private const double Cost = 0.03810842161471166;

    [Fact]
    public void Forward_pass_gives_the_tables_weighted_inputs_activations_and_cost()
    {
        // Given the example's network and sample (Table 2.1)
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        // When backprop runs once
        var gradients = network.ComputeGradients(x, y);

        // Then z and a of every layer and the cost match Table 2.2
        ShouldMatch(gradients.Layers[0].WeightedInput, Z1, "z[1]");
        ShouldMatch(gradients.Layers[0].Activation, A1, "a[1]");
        ShouldMatch(gradients.Layers[1].WeightedInput, Z2, "z[2]");
        ShouldMatch(gradients.Layers[1].Activation, A2, "a[2]");
        ShouldMatch(gradients.Layers[2].WeightedInput, Z3, "z[3]");
        ShouldMatch(gradients.Layers[2].Activation, A3, "a[3]");
        gradients.Cost.Should().BeApproximately(Cost, Tolerance);
    }

    [Fact]
    public void Backward_pass_gives_the_tables_errors_of_every_layer()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        var gradients = network.ComputeGradients(x, y);

        ShouldMatch(gradients.Layers[2].Delta, Delta3, "delta[3]");
        ShouldMatch(gradients.Layers[1].Delta, Delta2, "delta[2]");
        ShouldMatch(gradients.Layers[0].Delta, Delta1, "delta[1]");
    }

    [Fact]
    public void Weight_gradients_are_the_tables_values_and_delta_times_previous_activation()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        var gradients = network.ComputeGradients(x, y);

        // ∂C/∂W[3], ∂C/∂W[2] and ∂C/∂W[1] as printed in Table 2.3
        ShouldMatch(gradients.Layers[2].WeightGradient, new[,] { { -0.0470657020415736, -0.0356225537633454 } }, "dC/dW[3]");
        ShouldMatch(
            gradients.Layers[1].WeightGradient,
            new[,]
            {
                { -0.0015895283631504947, -0.0017865826110663216, -0.0019672541048362116 },
                { -0.0036258137622199003, -0.004075306844923358, -0.004487429839226714 },
            },
            "dC/dW[2]");
        ShouldMatch(
            gradients.Layers[0].WeightGradient,
            new[,]
            {
                { -0.0006278042006911604, -0.0003139021003455802 },
                { -0.0007952632814490914, -0.0003976316407245457 },
                { -0.0009009003478084829, -0.00045045017390424146 },
            },
            "dC/dW[1]");

        // And each is (BP4) δ[l] a[l−1]ᵀ of the table's δ and a
        var middleGradient = gradients.Layers[1].WeightGradient;
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                middleGradient[i, j].Should().BeApproximately(Delta2[i] * A1[j], Tolerance, "dC/dW[2][{0},{1}]", i, j);
            }
        }
    }

    [Fact]
    public void Bias_gradients_of_a_batch_of_one_equal_the_tables_errors()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        var gradients = network.ComputeGradients(x, y);

        // (BP3) dC/db = delta
        gradients.Layers[2].BiasGradient!.ToArray().Should().Equal(Delta3, (actual, expected) => Math.Abs(actual - expected) <= Tolerance);
        gradients.Layers[1].BiasGradient!.ToArray().Should().Equal(Delta2, (actual, expected) => Math.Abs(actual - expected) <= Tolerance);
        gradients.Layers[0].BiasGradient!.ToArray().Should().Equal(Delta1, (actual, expected) => Math.Abs(actual - expected) <= Tolerance);
    }

    [Fact]
    public void Predict_and_cost_give_the_tables_output_and_cost()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        var output = network.Predict(x);
        var cost = network.Cost(x, y);

        output[0, 0].Should().BeApproximately(A3[0], Tolerance);
        cost.Should().BeApproximately(Cost, Tolerance);
    }

    private static void ShouldMatch(Matrix<double> actual, double[,] expected, string quantity)
    {
        actual.RowCount.Should().Be(expected.GetLength(0), "{0} has one row per neuron", quantity);
        actual.ColumnCount.Should().Be(expected.GetLength(1), "{0} has one column per input of the layer", quantity);
        for (var i = 0; i < expected.GetLength(0); i++)
        {
            for (var j = 0; j < expected.GetLength(1); j++)
            {
                actual[i, j].Should().BeApproximately(expected[i, j], Tolerance, "{0}[{1},{2}] is in Table 2.3", quantity, i, j);
            }
        }
    }

    private static void ShouldMatch(Matrix<double> actual, double[] expected, string quantity)
    {
        actual.RowCount.Should().Be(expected.Length, "{0} has one row per neuron", quantity);
        actual.ColumnCount.Should().Be(1, "{0} has one column per sample", quantity);
        for (var i = 0; i < expected.Length; i++)
        {
            actual[i, 0].Should().BeApproximately(expected[i], Tolerance, "{0}[{1}] is in the tables", quantity, i);
        }
    }
}
