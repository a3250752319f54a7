using Backprop.Tests.TestSupport;

namespace Backprop.Tests.WorkedExamples;

/// <summary>
/// Example 1 of docs/worked-examples.md: the 2-2-1 sigmoid network without biases, η = 1 (Tables 1.1 to 1.6).
/// The texts number layers from 1; the library's <c>Layers[0]</c> is the texts' layer 1.
/// </summary>
public sealed class TwoTwoOneExampleTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void First_forward_pass_gives_the_tables_hidden_outputs_output_and_cost()
    {
        // Given the example's network and sample (Table 1.1)
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();

        // When backprop runs once
        var gradients = network.ComputeGradients(x, y);

        // Then every forward quantity matches Table 1.2
        gradients.Layers[0].WeightedInput[0, 0].Should().BeApproximately(0.7550000000000001, Tolerance);
        gradients.Layers[0].WeightedInput[1, 0].Should().BeApproximately(0.68, Tolerance);
        gradients.Layers[0].Activation[0, 0].Should().BeApproximately(0.6802671966986485, Tolerance);
        gradients.Layers[0].Activation[1, 0].Should().BeApproximately(0.6637386974043528, Tolerance);
        gradients.Layers[1].WeightedInput[0, 0].Should().BeApproximately(0.801444986673512, Tolerance);
        gradients.Layers[1].Activation[0, 0].Should().BeApproximately(0.6902834929076443, Tolerance);
        gradients.Cost.Should().BeApproximately(0.01810390383656677, Tolerance);
    }

    [Fact]
    public void First_backward_pass_gives_the_tables_errors_and_weight_gradients()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();

        var gradients = network.ComputeGradients(x, y);

        // Table 1.3: δ[2] (BP1), δ[1] (BP2), ∂C/∂W[2] and ∂C/∂W[1] (BP4); no biases, so no bias gradients
        gradients.Layers[1].Delta[0, 0].Should().BeApproximately(0.040681125112339026, Tolerance);
        gradients.Layers[0].Delta[0, 0].Should().BeApproximately(0.0026544890308847417, Tolerance);
        gradients.Layers[0].Delta[1, 0].Should().BeApproximately(0.008171645064129868, Tolerance);
        gradients.Layers[1].WeightGradient[0, 0].Should().BeApproximately(0.027674034938717864, Tolerance);
        gradients.Layers[1].WeightGradient[0, 1].Should().BeApproximately(0.027001636991007407, Tolerance);
        gradients.Layers[0].WeightGradient[0, 0].Should().BeApproximately(0.0009290711608096595, Tolerance);
        gradients.Layers[0].WeightGradient[0, 1].Should().BeApproximately(0.0023890401277962678, Tolerance);
        gradients.Layers[0].WeightGradient[1, 0].Should().BeApproximately(0.0028600757724454536, Tolerance);
        gradients.Layers[0].WeightGradient[1, 1].Should().BeApproximately(0.007354480557716881, Tolerance);
        gradients.Layers[0].BiasGradient.Should().BeNull();
        gradients.Layers[1].BiasGradient.Should().BeNull();
    }

    [Fact]
    public void One_sgd_step_gives_the_tables_weights_and_second_output()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(1.0)) { MiniBatchSize = 1 };

        trainer.Step(network, x, y);

        // Table 1.4
        network.Layers[1].GetWeights()[0, 0].Should().BeApproximately(0.27232596506128215, Tolerance);
        network.Layers[1].GetWeights()[0, 1].Should().BeApproximately(0.8729983630089926, Tolerance);
        network.Layers[0].GetWeights()[0, 0].Should().BeApproximately(0.09907092883919034, Tolerance);
        network.Layers[0].GetWeights()[0, 1].Should().BeApproximately(0.7976109598722038, Tolerance);
        network.Layers[0].GetWeights()[1, 0].Should().BeApproximately(0.39713992422755456, Tolerance);
        network.Layers[0].GetWeights()[1, 1].Should().BeApproximately(0.592645519442283, Tolerance);
        network.Predict(x)[0, 0].Should().BeApproximately(0.6820185832642942, Tolerance);
        network.Cost(x, y).Should().BeApproximately(0.016565382326770402, Tolerance);
    }

    [Fact]
    public void One_hundred_sgd_steps_give_the_tables_costs_weights_and_output()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(1.0)) { MiniBatchSize = 1 };

        var costs = new List<double>();
        for (var step = 1; step <= 100; step++)
        {
            costs.Add(trainer.Step(network, x, y));
        }

        // Table 1.5: the cost of the k-th forward pass, before the k-th update
        costs[0].Should().BeApproximately(0.01810390383656677, Tolerance);
        costs[49].Should().BeApproximately(9.218394472795947e-05, Tolerance);
        costs[99].Should().BeApproximately(3.266878922007038e-07, Tolerance);

        // Table 1.6
        network.Layers[1].GetWeights()[0, 0].Should().BeApproximately(-0.3004722542926405, Tolerance);
        network.Layers[1].GetWeights()[0, 1].Should().BeApproximately(0.32533602822417995, Tolerance);
        network.Layers[0].GetWeights()[0, 0].Should().BeApproximately(0.09949728657532442, Tolerance);
        network.Layers[0].GetWeights()[0, 1].Should().BeApproximately(0.7987073083365487, Tolerance);
        network.Layers[0].GetWeights()[1, 0].Should().BeApproximately(0.3565002802682637, Tolerance);
        network.Layers[0].GetWeights()[1, 1].Should().BeApproximately(0.48814357783267737, Tolerance);
        network.Predict(x)[0, 0].Should().BeApproximately(0.5007639651525848, Tolerance);
    }
}
