using System.Globalization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// The backward pass of <see cref="Network{T}"/> against an independent computation: central finite
/// differences of <see cref="Network{T}.Cost"/>, and single-sample gradients for a mini-batch.
/// </summary>
public sealed class NetworkBackwardTests
{
    /// <summary>The step h of the central difference <c>(C(w + h) − C(w − h)) / 2h</c>, in float64.</summary>
    /// <remarks>
    /// Near the optimum <c>ε^(1/3)</c> for float64: the truncation error (about <c>h²·C‴/6</c>) and the rounding
    /// error (about <c>ε·C/h</c>) are then both near 1e-11.
    /// </remarks>
    private const double Step = 1e-5;

    /// <summary>The largest relative error allowed between backprop and the finite difference.</summary>
    private const double MaxRelativeError = 1e-6;

    /// <summary>
    /// The smallest magnitude the relative error is measured against: <c>|g − fd| / max(|g|, |fd|, Floor)</c>. A
    /// gradient smaller than this is compared absolutely (to <c>Floor · MaxRelativeError</c> = 1e-10), some twenty
    /// times the finite difference's own error on these problems (at most about 5e-12 when measured).
    /// </summary>
    private const double Floor = 1e-4;

    /// <summary>No weighted input may be closer than this to ReLU's kink at 0 (h moves z by far less).</summary>
    private const double KinkMargin = 1e-3;

    /// <summary>Layer sizes (inputs first) and batch sizes: 1 to 3 layers, widths including 1, batches of 1, 3 and 7.</summary>
    private static readonly (string LayerSizes, int BatchSize)[] Shapes =
    [
        ("1-1", 1),
        ("3-1", 7),
        ("2-4-1", 3),
        ("1-3-2", 7),
        ("4-1-3", 3),
        ("3-5-4-2", 1),
        ("2-3-1-2", 7),
        ("5-6-3-4", 3),
    ];

    public static TheoryData<string, bool, string, int> FiniteDifferenceCases()
    {
        var cases = new TheoryData<string, bool, string, int>();
        foreach (var activation in TestData.ActivationNames)
        {
            foreach (var hasBiases in new[] { true, false })
            {
                foreach (var (layerSizes, batchSize) in Shapes)
                {
                    cases.Add(activation, hasBiases, layerSizes, batchSize);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(FiniteDifferenceCases))]
    public void Backward_matches_central_finite_differences_for_every_weight_and_bias(
        string activation, bool hasBiases, string layerSizes, int batchSize)
    {
        // Given a random network and batch with squared error, no weighted input near a kink
        var (network, inputs, targets) = DrawProblem(activation, hasBiases, layerSizes, batchSize);

        // When backprop computes the mean gradients
        var gradients = network.ComputeGradients(inputs, targets);
        var weightGradients = gradients.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray();
        var biasGradients = gradients.Layers.Select(layer => layer.BiasGradient?.Clone()).ToArray();

        // Then every dC/dW and dC/db entry agrees with the central difference of the mean cost
        var failures = new List<string>();
        var checkedEntries = 0;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            for (var i = 0; i < layer.Neurons; i++)
            {
                for (var j = 0; j < layer.InputSize; j++)
                {
                    var finiteDifference = WeightFiniteDifference(network, l, i, j, inputs, targets);
                    Check(weightGradients[l][i, j], finiteDifference, $"dC/dW layer {l} [{i},{j}]", failures);
                    checkedEntries++;
                }

                if (hasBiases)
                {
                    var finiteDifference = BiasFiniteDifference(network, l, i, inputs, targets);
                    Check(biasGradients[l]![i], finiteDifference, $"dC/db layer {l} [{i}]", failures);
                    checkedEntries++;
                }
                else
                {
                    biasGradients[l].Should().BeNull("layer {0} has no biases", l);
                }
            }
        }

        checkedEntries.Should().Be(network.ParameterCount);
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Mini_batch_gradients_are_the_mean_of_the_per_sample_gradients()
    {
        // Given a 4-6-3 tanh network with biases and a batch of 5 samples
        var random = new Random(11);
        var network = TestData.RandomNetwork(random, "4-6-3", TestData.ActivationNamed<double>("tanh"), hasBiases: true);
        var inputs = TestData.Uniform(random, 4, 5);
        var targets = TestData.Uniform(random, 3, 5);

        // When the gradients are computed for each sample alone, then for the whole batch
        var single = Enumerable.Range(0, 5).Select(s =>
        {
            var sample = network.ComputeGradients(inputs.SubMatrix(0, 4, s, 1), targets.SubMatrix(0, 3, s, 1));
            return (
                Cost: sample.Cost,
                Weights: sample.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray(),
                Biases: sample.Layers.Select(layer => layer.BiasGradient!.Clone()).ToArray(),
                Deltas: sample.Layers.Select(layer => layer.Delta.Clone()).ToArray());
        }).ToArray();
        var batch = network.ComputeGradients(inputs, targets);

        // Then the batch's cost, dC/dW and dC/db are the means of the samples', and its δ holds each sample's own δ
        batch.BatchSize.Should().Be(5);
        batch.Cost.Should().BeApproximately(single.Average(s => s.Cost), 1e-12);
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var meanWeights = single.Select(s => s.Weights[l]).Aggregate((sum, next) => sum + next) / 5;
            var meanBiases = single.Select(s => s.Biases[l]).Aggregate((sum, next) => sum + next) / 5;
            (batch.Layers[l].WeightGradient - meanWeights).Enumerate().Should().OnlyContain(d => Math.Abs(d) <= 1e-12, "dC/dW of layer {0}", l);
            (batch.Layers[l].BiasGradient! - meanBiases).Enumerate().Should().OnlyContain(d => Math.Abs(d) <= 1e-12, "dC/db of layer {0}", l);
            for (var s = 0; s < 5; s++)
            {
                (batch.Layers[l].Delta.Column(s) - single[s].Deltas[l].Column(0)).Enumerate()
                    .Should().OnlyContain(d => Math.Abs(d) <= 1e-12, "δ of layer {0}, sample {1}", l, s);
            }
        }
    }

    [Fact]
    public void Forward_then_backward_gives_the_same_gradients_as_compute_gradients()
    {
        // Given a 3-4-2 sigmoid network and a batch of 3
        var random = new Random(5);
        var network = TestData.RandomNetwork(random, "3-4-2", TestData.ActivationNamed<double>("sigmoid"), hasBiases: true);
        var inputs = TestData.Uniform(random, 3, 3);
        var targets = TestData.Uniform(random, 2, 3, 0, 1);
        var expected = network.ComputeGradients(inputs, targets);
        var expectedCost = expected.Cost;
        var expectedWeights = expected.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray();

        // When the two passes are called one by one (after an unrelated batch went through)
        network.ComputeGradients(TestData.Uniform(random, 3, 3), TestData.Uniform(random, 2, 3));
        var outputs = network.Forward(inputs);
        var gradients = network.Backward(targets);

        // Then Forward returns the output activations and Backward the same cost and gradients
        outputs.Should().Be(gradients.Layers[1].Activation);
        gradients.Cost.Should().Be(expectedCost);
        for (var l = 0; l < 2; l++)
        {
            gradients.Layers[l].WeightGradient.Should().Be(expectedWeights[l]);
        }
    }

    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) DrawProblem(
        string activation, bool hasBiases, string layerSizes, int batchSize)
    {
        var sizes = TestData.ParseSizes(layerSizes);
        for (var seed = 1; seed < 1000; seed++)
        {
            var random = new Random(seed);
            var network = TestData.RandomNetwork(random, layerSizes, TestData.ActivationNamed<double>(activation), hasBiases);
            var inputs = TestData.Uniform(random, sizes[0], batchSize);
            var targets = TestData.Uniform(random, sizes[^1], batchSize, 0, 1);
            var gradients = network.ComputeGradients(inputs, targets);
            if (gradients.Layers.All(layer => layer.WeightedInput.Enumerate().All(z => Math.Abs(z) >= KinkMargin)))
            {
                return (network, inputs, targets);
            }
        }

        throw new InvalidOperationException("No draw kept every weighted input away from 0.");
    }

    private static double WeightFiniteDifference(Network<double> network, int l, int i, int j, Matrix<double> inputs, Matrix<double> targets)
    {
        var layer = network.Layers[l];
        var original = layer.GetWeights().Clone();
        var perturbed = original.Clone();
        var plus = original[i, j] + Step;
        var minus = original[i, j] - Step;
        perturbed[i, j] = plus;
        layer.SetWeights(perturbed);
        var costPlus = network.Cost(inputs, targets);
        perturbed[i, j] = minus;
        layer.SetWeights(perturbed);
        var costMinus = network.Cost(inputs, targets);
        layer.SetWeights(original);
        return (costPlus - costMinus) / (plus - minus);
    }

    private static double BiasFiniteDifference(Network<double> network, int l, int i, Matrix<double> inputs, Matrix<double> targets)
    {
        var layer = network.Layers[l];
        var original = layer.GetBiases()!.Clone();
        var perturbed = original.Clone();
        var plus = original[i] + Step;
        var minus = original[i] - Step;
        perturbed[i] = plus;
        layer.SetBiases(perturbed);
        var costPlus = network.Cost(inputs, targets);
        perturbed[i] = minus;
        layer.SetBiases(perturbed);
        var costMinus = network.Cost(inputs, targets);
        layer.SetBiases(original);
        return (costPlus - costMinus) / (plus - minus);
    }

    private static void Check(double gradient, double finiteDifference, string what, List<string> failures)
    {
        var relativeError = Math.Abs(gradient - finiteDifference) / Math.Max(Floor, Math.Max(Math.Abs(gradient), Math.Abs(finiteDifference)));
        if (!(relativeError <= MaxRelativeError))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{what}: backprop {gradient:R}, finite difference {finiteDifference:R}, relative error {relativeError:E2}"));
        }
    }
}
