using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.WorkedExamples;

/// <summary>Example 1 of shared/WORKED_EXAMPLES.md: the 2-2-1 sigmoid network without biases, η = 1.</summary>
public sealed class TwoTwoOneExampleTests
{
    private const double Tolerance = 1e-12;

    private static readonly Matrix<double> Input = Matrix<double>.Build.DenseOfArray(new[,] { { 0.35 }, { 0.9 } });
    private static readonly Matrix<double> Target = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5 } });

    private static Network<double> CreateNetwork() => new(
        new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.8 }, { 0.4, 0.6 } }), Activation<double>.Sigmoid),
        new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, 0.9 } }), Activation<double>.Sigmoid));

    [Fact]
    public void First_forward_pass_gives_the_tables_hidden_outputs_output_and_cost()
    {
        // Given the example's network and sample
        var network = CreateNetwork();

        // When backprop runs once
        var gradients = network.ComputeGradients(Input, Target);

        // Then every forward quantity matches the table
        gradients.Layers[0].Activation[0, 0].Should().BeApproximately(0.6802671966986485, Tolerance);
        gradients.Layers[0].Activation[1, 0].Should().BeApproximately(0.6637386974043528, Tolerance);
        gradients.Layers[1].Activation[0, 0].Should().BeApproximately(0.6902834929076443, Tolerance);
        gradients.Cost.Should().BeApproximately(0.01810390383656677, Tolerance);
    }

    [Fact]
    public void One_sgd_step_gives_the_tables_weights_and_second_output()
    {
        var network = CreateNetwork();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(1.0)) { MiniBatchSize = 1 };

        trainer.Step(network, Input, Target);

        network.Layers[1].GetWeights()[0, 0].Should().BeApproximately(0.27232596506128215, Tolerance);
        network.Layers[1].GetWeights()[0, 1].Should().BeApproximately(0.8729983630089926, Tolerance);
        network.Layers[0].GetWeights()[0, 0].Should().BeApproximately(0.09907092883919034, Tolerance);
        network.Layers[0].GetWeights()[0, 1].Should().BeApproximately(0.7976109598722038, Tolerance);
        network.Layers[0].GetWeights()[1, 0].Should().BeApproximately(0.39713992422755456, Tolerance);
        network.Layers[0].GetWeights()[1, 1].Should().BeApproximately(0.592645519442283, Tolerance);
        network.Predict(Input)[0, 0].Should().BeApproximately(0.6820185832642942, Tolerance);
    }

    [Fact]
    public void One_hundred_sgd_steps_give_the_tables_cost_weights_and_output()
    {
        var network = CreateNetwork();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(1.0)) { MiniBatchSize = 1 };

        var costAtHundredthForwardPass = 0.0;
        for (var step = 1; step <= 100; step++)
        {
            costAtHundredthForwardPass = trainer.Step(network, Input, Target);
        }

        costAtHundredthForwardPass.Should().BeApproximately(3.266878922007038e-07, Tolerance);
        network.Layers[1].GetWeights()[0, 0].Should().BeApproximately(-0.3004722542926405, Tolerance);
        network.Layers[1].GetWeights()[0, 1].Should().BeApproximately(0.32533602822417995, Tolerance);
        network.Layers[0].GetWeights()[0, 0].Should().BeApproximately(0.09949728657532442, Tolerance);
        network.Layers[0].GetWeights()[0, 1].Should().BeApproximately(0.7987073083365487, Tolerance);
        network.Layers[0].GetWeights()[1, 0].Should().BeApproximately(0.3565002802682637, Tolerance);
        network.Layers[0].GetWeights()[1, 1].Should().BeApproximately(0.48814357783267737, Tolerance);
        network.Predict(Input)[0, 0].Should().BeApproximately(0.5007639651525848, Tolerance);
    }
}
