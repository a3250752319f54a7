using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// <see cref="Trainer{T}"/> with <see cref="SgdOptimizer{T}"/>: one step is <c>W − η·g</c> with the gradient backprop reports, training is steps
/// over mini-batches, and what the trainer refuses leaves the network as it was.
/// </summary>
public sealed class SgdTrainingTests
{
    [Theory]
    [InlineData("2-3-1", 1)]
    [InlineData("2-3-1", 4)]
    [InlineData("6-9-5", 3)]
    [InlineData("20-16-8", 10)]
    public void One_step_moves_every_weight_and_bias_by_minus_learning_rate_times_its_gradient(string layerSizes, int batchSize)
    {
        // Given a tanh network, a batch, and the gradients backprop reports for it (copied before the step)
        const double learningRate = 0.7;
        var random = new Random(batchSize);
        var network = TestData.RandomNetwork(random, layerSizes, TestActivations.Named<double>("tanh"), hasBiases: true);
        var sizes = TestData.ParseSizes(layerSizes);
        var inputs = TestData.Uniform(random, sizes[0], batchSize);
        var targets = TestData.Uniform(random, sizes[^1], batchSize);
        var gradients = network.ComputeGradients(inputs, targets);
        var expectedCost = gradients.Cost;
        var weightGradients = gradients.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray();
        var biasGradients = gradients.Layers.Select(layer => layer.BiasGradient!.Clone()).ToArray();
        var before = ParameterSnapshot<double>.Of(network);

        // When the trainer makes one step
        var cost = new Trainer<double>(new SgdOptimizer<double>(learningRate)) { MiniBatchSize = 1 }.Step(network, inputs, targets);

        // Then it returned the cost before the update, and W ← W − η·dC/dW, b ← b − η·dC/db
        cost.Should().Be(expectedCost);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var expectedWeights = Matrix<double>.Build.Dense(
                network.Layers[l].Neurons, network.Layers[l].InputSize, before.Weights[l]) - (learningRate * weightGradients[l]);
            var expectedBiases = Vector<double>.Build.Dense(before.Biases[l]!) - (learningRate * biasGradients[l]);
            ShouldBeClose(network.Layers[l].GetWeights().Enumerate(), expectedWeights.Enumerate(), $"weights of layer {l}");
            ShouldBeClose(network.Layers[l].GetBiases()!, expectedBiases, $"biases of layer {l}");
        }
    }

    [Fact]
    public void A_small_step_lowers_the_cost_of_the_batch()
    {
        // Given a sigmoid network and a batch
        var random = new Random(2);
        var network = TestData.RandomNetwork(random, "3-5-2", TestActivations.Named<double>("sigmoid"), hasBiases: true);
        var inputs = TestData.Uniform(random, 3, 6);
        var targets = TestData.Uniform(random, 2, 6, 0, 1);
        var costBefore = network.Cost(inputs, targets);

        // When one step with a small learning rate is made
        var reported = new Trainer<double>(new SgdOptimizer<double>(0.05)) { MiniBatchSize = 1 }.Step(network, inputs, targets);

        // Then Step reported the cost before the update, and the cost went down (a descent direction)
        reported.Should().BeApproximately(costBefore, 1e-15);
        network.Cost(inputs, targets).Should().BeLessThan(costBefore);
    }

    [Fact]
    public void Fit_without_shuffling_equals_steps_over_consecutive_mini_batches()
    {
        // Given 5 samples, mini-batches of 2 (the last one of 1), 3 epochs, and two copies of one network
        var random = new Random(4);
        var network = TestData.RandomNetwork(random, "3-4-2", TestActivations.Named<double>("sigmoid"), hasBiases: true);
        var copy = network.Clone();
        var inputs = TestData.Uniform(random, 3, 5);
        var targets = TestData.Uniform(random, 2, 5, 0, 1);

        // When one copy is fitted and the other is stepped batch by batch
        var epochCosts = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 2, Epochs = 3, Shuffle = false }.Fit(network, inputs, targets).Losses;
        var stepper = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 1 };
        var expectedEpochCosts = new List<double>();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var sum = 0.0;
            foreach (var (start, size) in new[] { (0, 2), (2, 2), (4, 1) })
            {
                sum += size * stepper.Step(copy, inputs.SubMatrix(0, 3, start, size), targets.SubMatrix(0, 2, start, size));
            }

            expectedEpochCosts.Add(sum / 5);
        }

        // Then the weights are bit-identical and each epoch's cost is the sample-weighted mean of its batch costs
        ParameterSnapshot<double>.Of(copy).ShouldBeBitIdenticalTo(network);
        epochCosts.Should().Equal(expectedEpochCosts, (actual, expected) => Math.Abs(actual - expected) <= 1e-15);
    }

    [Fact]
    public void The_same_seed_shuffles_the_same_way_and_another_seed_differently()
    {
        // Given three copies of a network and 12 samples, trained one sample at a time
        var random = new Random(8);
        var network = TestData.RandomNetwork(random, "2-3-1", TestActivations.Named<double>("tanh"), hasBiases: true);
        var sameSeed = network.Clone();
        var otherSeed = network.Clone();
        var inputs = TestData.Uniform(random, 2, 12);
        var targets = TestData.Uniform(random, 1, 12);

        // When two are trained with seed 1 and one with seed 2
        new Trainer<double>(new SgdOptimizer<double>(0.3)) { MiniBatchSize = 1, Seed = 1 }.Fit(network, inputs, targets);
        new Trainer<double>(new SgdOptimizer<double>(0.3)) { MiniBatchSize = 1, Seed = 1 }.Fit(sameSeed, inputs, targets);
        new Trainer<double>(new SgdOptimizer<double>(0.3)) { MiniBatchSize = 1, Seed = 2 }.Fit(otherSeed, inputs, targets);

        // Then the same seed gives the same bits, and another order gives other weights
        ParameterSnapshot<double>.Of(sameSeed).ShouldBeBitIdenticalTo(network);
        otherSeed.Layers[0].GetWeights().Should().NotBe(network.Layers[0].GetWeights());
    }

    [Fact]
    public void A_float_step_follows_the_same_rule_in_float()
    {
        // Given a float network and its gradients
        const float learningRate = 0.25f;
        var random = new Random(6);
        var weights = Matrix<float>.Build.Dense(3, 5, (_, _) => (float)(random.NextDouble() - 0.5));
        var network = new Network<float>(
            new DenseLayer<float>(weights, Vector<float>.Build.Dense(3, 0.1f), TestActivations.Named<float>("sigmoid")));
        var inputs = Matrix<float>.Build.Dense(5, 4, (_, _) => (float)random.NextDouble());
        var targets = Matrix<float>.Build.Dense(3, 4, (_, _) => (float)random.NextDouble());
        var gradient = network.ComputeGradients(inputs, targets).Layers[0].WeightGradient.Clone();

        // When the float trainer steps
        new Trainer<float>(new SgdOptimizer<float>(learningRate)) { MiniBatchSize = 1 }.Step(network, inputs, targets);

        // Then W − η·g holds to float rounding
        var expected = weights - (learningRate * gradient);
        network.Layers[0].GetWeights().Enumerate().Zip(expected.Enumerate(), (a, e) => Math.Abs(a - e))
            .Should().OnlyContain(difference => difference <= 1e-7f);
    }

    private static void ShouldBeClose(IEnumerable<double> actual, IEnumerable<double> expected, string what)
    {
        // The update may be fused (one rounding instead of two): allow one unit in the last place of |W| ≤ 4.
        actual.Should().Equal(expected, (a, e) => Math.Abs(a - e) <= 1e-15 * Math.Max(1, Math.Abs(e)), what);
    }
}
