using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Properties;

/// <summary>
/// For every generated architecture, the gradient of a mini-batch is the mean of the gradients of its samples
/// taken one at a time (and its cost the mean of their costs), to rounding.
/// </summary>
[Properties(Arbitrary = [typeof(NetworkArbitraries)])]
public sealed class MiniBatchGradientProperties
{
    /// <summary>
    /// Relative to the largest per-sample gradient of the layer: the batch sums its columns in another order
    /// (one matrix product over the batch instead of one per sample), so only rounding may differ.
    /// </summary>
    public const double Tolerance = 1e-12;

    /// <summary>
    /// A batch's z and a single sample's z may round differently (by about 1e-16); a z this close to a kink
    /// could then take the other side of it, so such cases are discarded.
    /// </summary>
    public const double KinkMargin = 1e-9;

    [Property(MaxTest = 200, MaxRejected = 400)]
    public Property A_mini_batch_gradient_is_the_mean_of_the_per_sample_gradients(NetworkCase c)
    {
        // Given a generated network and a batch of 1–5 samples
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();
        var targets = c.CreateTargets();
        var awayFromKinks = c.SmallestWeightedInputAtKinks(network, inputs, targets) >= KinkMargin;

        return Prop.When(awayFromKinks, () =>
        {
            // When the gradients of the whole batch and of each sample alone are computed
            var batch = network.ComputeGradients(inputs, targets);
            var batchCost = batch.Cost;
            var batchWeights = batch.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray();
            var batchBiases = batch.Layers.Select(layer => layer.BiasGradient?.Clone()).ToArray();
            var samples = Enumerable.Range(0, c.BatchSize).Select(j =>
            {
                var sample = network.ComputeGradients(inputs.SubMatrix(0, c.InputSize, j, 1), targets.SubMatrix(0, c.OutputSize, j, 1));
                return (sample.Cost,
                        Weights: sample.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray(),
                        Biases: sample.Layers.Select(layer => layer.BiasGradient?.Clone()).ToArray());
            }).ToArray();

            // Then the batch cost is the mean of the sample costs, and every layer's dC/dW and dC/db the mean of theirs
            var meanCost = samples.Average(sample => sample.Cost);
            Math.Abs(batchCost - meanCost).Should().BeLessThanOrEqualTo(Tolerance * Math.Max(1, samples.Max(sample => Math.Abs(sample.Cost))), "the cost of {0}", c);
            for (var l = 0; l < c.Layers.Count; l++)
            {
                var layer = l;
                ShouldBeMean(batchWeights[l], samples.Select(sample => sample.Weights[layer]).ToArray(), $"dC/dW of layer {l} of {c}");
                if (batchBiases[l] is { } biases)
                {
                    ShouldBeMean(biases.ToColumnMatrix(), samples.Select(sample => sample.Biases[layer]!.ToColumnMatrix()).ToArray(), $"dC/db of layer {l} of {c}");
                }
            }
        }).Collect($"batch {c.BatchSize}");
    }

    private static void ShouldBeMean(Matrix<double> batch, Matrix<double>[] perSample, string what)
    {
        var mean = perSample.Aggregate((sum, next) => sum + next) / perSample.Length;
        var scale = Math.Max(perSample.Max(gradient => gradient.Enumerate().Max(Math.Abs)), double.Epsilon);
        var difference = (batch - mean).Enumerate().Max(Math.Abs);
        difference.Should().BeLessThanOrEqualTo(Tolerance * scale, "{0} must be the mean of the per-sample gradients (largest per-sample |g| {1:E2})", what, scale);
    }
}
