using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// The backward pass of <see cref="Network{T}"/> against an independent computation: central finite
/// differences of the cost (<see cref="GradientChecks"/>: float64, h = 1e-5, relative error at most 1e-6), and
/// single-sample gradients for a mini-batch.
/// </summary>
public sealed class NetworkBackwardTests
{
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
        foreach (var activation in TestActivations.All)
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
        var sizes = TestData.ParseSizes(layerSizes);
        var (network, inputs, targets) = GradientChecks.DrawProblem(
            sizes, [.. Enumerable.Repeat(TestActivations.Named<double>(activation), sizes.Length - 1)], loss: null, batchSize, hasBiases);

        // When backprop computes the mean gradients
        var gradients = network.ComputeGradients(inputs, targets);

        // Then there are bias gradients exactly when there are biases, and every dC/dW and dC/db entry agrees with
        // the central difference of the mean cost
        gradients.Layers.Should().OnlyContain(layer => (layer.BiasGradient != null) == hasBiases);
        GradientChecks.ShouldAgreeWithBackprop(network, inputs, targets);
    }

    [Fact]
    public void Mini_batch_gradients_are_the_mean_of_the_per_sample_gradients()
    {
        // Given a 4-6-3 tanh network with biases and a batch of 5 samples
        var random = new Random(11);
        var network = TestData.RandomNetwork(random, "4-6-3", TestActivations.Named<double>("tanh"), hasBiases: true);
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
        var network = TestData.RandomNetwork(random, "3-4-2", TestActivations.Named<double>("sigmoid"), hasBiases: true);
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
}
