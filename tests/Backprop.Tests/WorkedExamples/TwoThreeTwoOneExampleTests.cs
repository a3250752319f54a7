using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.WorkedExamples;

/// <summary>
/// Example 2 of shared/WORKED_EXAMPLES.md: the 2-3-2-1 sigmoid binary classifier with biases on every layer,
/// one sample. The texts number layers from 1; the library's <c>Layers[0]</c> is the texts' layer 1.
/// </summary>
public sealed class TwoThreeTwoOneExampleTests
{
    private const double Tolerance = 1e-12;

    private static readonly Matrix<double> Input = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0 }, { 0.5 } });
    private static readonly Matrix<double> Target = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0 } });

    // The table's values, texts' layer numbering.
    private static readonly double[] Z1 = [0.3, 0.6, 0.9];
    private static readonly double[] A1 = [0.574442516811659, 0.6456563062257954, 0.7109495026250039];
    private static readonly double[] Z2 = [1.7584893591113013, 0.5998603637138262];
    private static readonly double[] A2 = [0.8530203621302314, 0.6456243589944032];
    private static readonly double[] Z3 = [0.9640203243492942];
    private static readonly double[] A3 = [0.7239260185576639];
    private static readonly double[] Delta3 = [-0.055175355866110075];
    private static readonly double[] Delta2 = [-0.0027670799368627675, -0.0063118826620709315];
    private static readonly double[] Delta1 = [-0.0006278042006911604, -0.0007952632814490914, -0.0009009003478084829];
    private const double Cost = 0.03810842161471166;

    private static Network<double> CreateNetwork() => new(
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
            Activation<double>.Sigmoid));

    [Fact]
    public void Forward_pass_gives_the_tables_weighted_inputs_activations_and_cost()
    {
        // Given the example's network and sample
        var network = CreateNetwork();

        // When backprop runs once
        var gradients = network.ComputeGradients(Input, Target);

        // Then z and a of every layer and the cost match the table
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
        var network = CreateNetwork();

        var gradients = network.ComputeGradients(Input, Target);

        ShouldMatch(gradients.Layers[2].Delta, Delta3, "delta[3]");
        ShouldMatch(gradients.Layers[1].Delta, Delta2, "delta[2]");
        ShouldMatch(gradients.Layers[0].Delta, Delta1, "delta[1]");
    }

    [Fact]
    public void Weight_gradients_are_the_tables_values_and_delta_times_previous_activation()
    {
        var network = CreateNetwork();

        var gradients = network.ComputeGradients(Input, Target);

        // dC/dW[3] and dC/dW[1] as printed in the table
        var outputGradient = gradients.Layers[2].WeightGradient;
        outputGradient.RowCount.Should().Be(1);
        outputGradient.ColumnCount.Should().Be(2);
        outputGradient[0, 0].Should().BeApproximately(-0.0470657020415736, Tolerance);
        outputGradient[0, 1].Should().BeApproximately(-0.0356225537633454, Tolerance);

        var expectedFirst = new[,]
        {
            { -0.0006278042006911604, -0.0003139021003455802 },
            { -0.0007952632814490914, -0.0003976316407245457 },
            { -0.0009009003478084829, -0.00045045017390424146 },
        };
        var firstGradient = gradients.Layers[0].WeightGradient;
        firstGradient.RowCount.Should().Be(3);
        firstGradient.ColumnCount.Should().Be(2);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                firstGradient[i, j].Should().BeApproximately(expectedFirst[i, j], Tolerance, "dC/dW[1][{0},{1}]", i, j);
            }
        }

        // dC/dW[2] is not printed; (BP4) gives it from the table as delta[2][i] · a[1][j]
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
        var network = CreateNetwork();

        var gradients = network.ComputeGradients(Input, Target);

        // (BP3) dC/db = delta
        gradients.Layers[2].BiasGradient!.ToArray().Should().Equal(Delta3, (actual, expected) => Math.Abs(actual - expected) <= Tolerance);
        gradients.Layers[1].BiasGradient!.ToArray().Should().Equal(Delta2, (actual, expected) => Math.Abs(actual - expected) <= Tolerance);
        gradients.Layers[0].BiasGradient!.ToArray().Should().Equal(Delta1, (actual, expected) => Math.Abs(actual - expected) <= Tolerance);
    }

    [Fact]
    public void Predict_and_cost_give_the_tables_output_and_cost()
    {
        var network = CreateNetwork();

        var output = network.Predict(Input);
        var cost = network.Cost(Input, Target);

        output[0, 0].Should().BeApproximately(A3[0], Tolerance);
        cost.Should().BeApproximately(Cost, Tolerance);
    }

    private static void ShouldMatch(Matrix<double> actual, double[] expected, string quantity)
    {
        actual.RowCount.Should().Be(expected.Length, "{0} has one row per neuron", quantity);
        actual.ColumnCount.Should().Be(1, "{0} has one column per sample", quantity);
        for (var i = 0; i < expected.Length; i++)
        {
            actual[i, 0].Should().BeApproximately(expected[i], Tolerance, "{0}[{1}] is in the table", quantity, i);
        }
    }
}
