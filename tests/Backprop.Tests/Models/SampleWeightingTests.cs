using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

/// <summary>
/// Per-sample weights in training: the cost is <c>Σⱼ wⱼ Cⱼ / Σⱼ wⱼ</c> and backprop's gradient is its derivative,
/// checked for every loss against central finite differences of that cost computed independently, one
/// <see cref="Network{T}.Cost"/> per sample.
/// </summary>
public sealed class SampleWeightingTests
{
    private static readonly double[] Weights = [0.5, 2.0, 0.0, 1.25, 3.0];

    public static TheoryData<string> Losses() => ["squared-error", "mean-squared-error", "binary-cross-entropy", "categorical-cross-entropy"];

    [Theory]
    [MemberData(nameof(Losses))]
    public void The_weighted_gradient_equals_central_finite_differences_of_the_weighted_mean_cost(string lossName)
    {
        // Given a 3-4-2 network, a batch of five samples and their weights
        var (network, inputs, targets) = Problem(lossName);

        // When backprop runs with the weights
        var (cost, weightGradients, biasGradients) = WeightedBackprop(network, inputs, targets, Weights);

        // Then the cost is the weighted mean of the per-sample costs, and every derivative matches the finite difference
        cost.Should().BeApproximately(WeightedCost(network, inputs, targets), 1e-13);
        const double h = 1e-5;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var weights = layer.GetWeights();
            for (var i = 0; i < weights.RowCount; i++)
            {
                for (var k = 0; k < weights.ColumnCount; k++)
                {
                    var numeric = Difference(network, inputs, targets, h, w => layer.SetWeights(Changed(weights, i, k, w)), weights[i, k]);
                    layer.SetWeights(weights);
                    weightGradients[l][i, k].Should().BeApproximately(numeric, 1e-6 * Math.Max(1, Math.Abs(numeric)), $"∂C/∂W[{l}][{i},{k}]");
                }
            }

            var biases = layer.GetBiases()!;
            for (var i = 0; i < biases.Count; i++)
            {
                var numeric = Difference(network, inputs, targets, h, b =>
                {
                    var changed = biases.Clone();
                    changed[i] = b;
                    layer.SetBiases(changed);
                }, biases[i]);
                layer.SetBiases(biases);
                biasGradients[l][i].Should().BeApproximately(numeric, 1e-6 * Math.Max(1, Math.Abs(numeric)), $"∂C/∂b[{l}][{i}]");
            }
        }
    }

    [Fact]
    public void A_weight_of_two_trains_as_the_sample_given_twice()
    {
        // Given three samples with weights 1, 2, 1, and the same samples with the second one repeated
        var (first, inputs, targets) = Problem("squared-error");
        var second = first.Clone();
        var three = inputs.SubMatrix(0, 3, 0, 3);
        var threeTargets = targets.SubMatrix(0, 2, 0, 3);
        var four = Matrix<double>.Build.DenseOfColumns([three.Column(0), three.Column(1), three.Column(1), three.Column(2)]);
        var fourTargets = Matrix<double>.Build.DenseOfColumns([threeTargets.Column(0), threeTargets.Column(1), threeTargets.Column(1), threeTargets.Column(2)]);

        // When each trains one full-batch SGD epoch
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 3, Shuffle = false }
            .Fit(first, three, threeTargets, new FitOptions<double> { SampleWeights = [1.0, 2.0, 1.0] });
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 4, Shuffle = false }.Fit(second, four, fourTargets);

        // Then they end with the same weights (up to rounding)
        for (var l = 0; l < first.Layers.Count; l++)
        {
            var difference = (first.Layers[l].GetWeights() - second.Layers[l].GetWeights()).Enumerate().Max(Math.Abs);
            difference.Should().BeLessThan(1e-14);
        }
    }

    [Theory]
    [InlineData(-1.0, "Sample weight 2 is -1")]
    [InlineData(double.NaN, "Sample weight 2 is NaN")]
    [InlineData(double.PositiveInfinity, "Sample weight 2 is Infinity")]
    public void A_negative_or_non_finite_weight_is_refused_naming_its_index_and_nothing_changes(double bad, string message)
    {
        // Given a network and weights with one bad value
        var (network, inputs, targets) = Problem("squared-error");
        var before = network.Layers[0].GetWeights();
        double[] weights = [1, 1, bad, 1, 1];

        // When it is trained with them
        var act = () => new Trainer<double>(new SgdOptimizer<double>(0.1)).Fit(network, inputs, targets, new FitOptions<double> { SampleWeights = weights });

        // Then the fit is refused, naming the index, and the weights are untouched
        act.Should().Throw<ArgumentException>().WithMessage($"{message}*");
        network.Layers[0].GetWeights().Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Weights_of_the_wrong_count_or_all_zero_are_refused()
    {
        var (network, inputs, targets) = Problem("squared-error");
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.1));

        trainer.Invoking(t => t.Fit(network, inputs, targets, new FitOptions<double> { SampleWeights = [1.0, 2.0] }))
            .Should().Throw<ArgumentException>().WithMessage("Expected 5 sample weights (one per sample) but got 2.*");
        trainer.Invoking(t => t.Fit(network, inputs, targets, new FitOptions<double> { SampleWeights = [0.0, 0, 0, 0, 0] }))
            .Should().Throw<ArgumentException>().WithMessage("All 5 sample weights are 0*");
    }

    [Fact]
    public void An_unweighted_step_after_a_weighted_fit_is_unweighted()
    {
        // Given a network trained once with weights on the same batch size
        var (network, inputs, targets) = Problem("squared-error");
        new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 5 }.Fit(network, inputs, targets, new FitOptions<double> { SampleWeights = Weights });

        // When the gradients are computed without weights
        var gradients = network.ComputeGradients(inputs, targets);

        // Then the cost is the plain mean
        gradients.Cost.Should().BeApproximately(network.Cost(inputs, targets), 1e-13);
    }

    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) Problem(string lossName)
    {
        var random = new Random(11);
        var (output, loss) = lossName switch
        {
            "binary-cross-entropy" => (Activation<double>.Sigmoid, Loss<double>.BinaryCrossEntropy),
            "categorical-cross-entropy" => (Activation<double>.Softmax, Loss<double>.CategoricalCrossEntropy),
            "mean-squared-error" => (Activation<double>.Tanh, Loss<double>.MeanSquaredError),
            _ => (Activation<double>.Sigmoid, Loss<double>.SquaredError),
        };
        var network = new Network<double>(
            [
                new DenseLayer<double>(Matrix<double>.Build.Dense(4, 3, (_, _) => random.NextDouble() - 0.5), Vector<double>.Build.Dense(4, _ => random.NextDouble() - 0.5), Activation<double>.Tanh),
                new DenseLayer<double>(Matrix<double>.Build.Dense(2, 4, (_, _) => random.NextDouble() - 0.5), Vector<double>.Build.Dense(2, _ => random.NextDouble() - 0.5), output),
            ],
            loss);
        var inputs = Matrix<double>.Build.Dense(3, 5, (_, _) => (2 * random.NextDouble()) - 1);
        var targets = lossName == "categorical-cross-entropy"
            ? Matrix<double>.Build.Dense(2, 5, (i, j) => i == j % 2 ? 1 : 0)
            : Matrix<double>.Build.Dense(2, 5, (_, _) => random.NextDouble());
        return (network, inputs, targets);
    }

    /// <summary>Σⱼ wⱼ Cⱼ / Σⱼ wⱼ, each Cⱼ the network's own cost of sample j alone.</summary>
    private static double WeightedCost(Network<double> network, Matrix<double> inputs, Matrix<double> targets)
    {
        double sum = 0;
        for (var j = 0; j < inputs.ColumnCount; j++)
        {
            sum += Weights[j] * network.Cost(inputs.SubMatrix(0, inputs.RowCount, j, 1), targets.SubMatrix(0, targets.RowCount, j, 1));
        }

        return sum / Weights.Sum();
    }

    private static double Difference(Network<double> network, Matrix<double> inputs, Matrix<double> targets, double h, Action<double> set, double value)
    {
        set(value + h);
        var plus = WeightedCost(network, inputs, targets);
        set(value - h);
        var minus = WeightedCost(network, inputs, targets);
        return (plus - minus) / (2 * h);
    }

    private static Matrix<double> Changed(Matrix<double> weights, int i, int k, double value)
    {
        var changed = weights.Clone();
        changed[i, k] = value;
        return changed;
    }

    private static (double Cost, Matrix<double>[] WeightGradients, Vector<double>[] BiasGradients) WeightedBackprop(
        Network<double> network, Matrix<double> inputs, Matrix<double> targets, double[] weights)
    {
        var engine = network.Training;
        using var training = network.Guard.EnterTraining();
        var workspace = engine.LoadBatch(inputs, targets);
        weights.CopyTo(workspace.SampleWeights, 0);
        workspace.IsWeighted = true;
        engine.Forward(workspace);
        var cost = engine.Backward(workspace);
        var layers = network.Layers;
        return (
            cost,
            [.. Enumerable.Range(0, layers.Count).Select(l => Matrix<double>.Build.Dense(layers[l].Neurons, layers[l].InputSize, (double[])workspace.WeightGradients[l].Clone()))],
            [.. Enumerable.Range(0, layers.Count).Select(l => Vector<double>.Build.Dense((double[])workspace.BiasGradients[l].Clone()))]);
    }
}
