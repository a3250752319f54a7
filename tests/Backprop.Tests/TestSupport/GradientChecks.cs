using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// The one finite-difference check of the gradient tests: the library's public <see cref="GradientCheck"/>
/// (central differences <c>(C(θ + h) − C(θ − h)) / 2h</c> in float64, h = 1e-5, every weight and bias), asserted
/// to agree with backprop everywhere, and the random problems it is run on.
/// </summary>
/// <remarks>
/// <see cref="GradientCheck"/> is itself checked by <c>GradientCheckTests</c>: a derivative off by 1 % fails it, in
/// the layer it belongs to. Its relative error is <c>|g − fd| / max(|g|, |fd|, 1e-4·max(1, C))</c>, so a gradient
/// below the floor is compared absolutely, to 1e-10·max(1, C): about five times the rounding error of the
/// difference (<c>ε·C/h</c> ≈ 2e-11·C).
/// </remarks>
internal static class GradientChecks
{
    /// <summary>The largest relative error allowed between backprop and the finite difference, in float64.</summary>
    public const double MaxRelativeError = 1e-6;

    /// <summary>
    /// No weighted input of a drawn problem is closer than this to the kink at 0 of ReLU, leaky ReLU and ELU (whose
    /// second derivative jumps even for α = 1): a step h = 1e-5 of a weight moves z by far less, so no difference
    /// straddles the kink.
    /// </summary>
    public const double KinkMargin = 1e-3;

    /// <summary>
    /// Runs <see cref="GradientCheck"/> on the batch and asserts that it covered every layer (biases exactly where the
    /// layer has them) and that every relative error is at most <paramref name="tolerance"/>. Without dropout it also
    /// asserts that the training cost the check differentiates is <see cref="Network{T}.Cost"/>, the cost of the
    /// prediction path, so that a training forward pass that disagreed with prediction could not pass unseen.
    /// </summary>
    /// <returns>The report, for further assertions.</returns>
    public static GradientCheckReport ShouldAgreeWithBackprop(
        Network<double> network, Matrix<double> inputs, Matrix<double> targets, int dropoutSeed = 0, double tolerance = MaxRelativeError)
    {
        if (network.Layers.All(layer => layer.DropoutRate == 0))
        {
            var predictionCost = network.Cost(inputs, targets);
            network.ComputeGradients(inputs, targets).Cost.Should().BeApproximately(
                predictionCost, 1e-13 * Math.Max(1, predictionCost), "the training cost is the cost of the predictions");
        }

        var report = GradientCheck.Run(network, inputs, targets, step: 1e-5, dropoutSeed: dropoutSeed);

        report.Layers.Select(layer => layer.Layer).Should().Equal(Enumerable.Range(0, network.Layers.Count));
        report.Layers.Select(layer => layer.BiasRelativeError.HasValue).Should().Equal(network.Layers.Select(layer => layer.HasBiases));
        report.MaxRelativeError.Should().BeLessThanOrEqualTo(tolerance, "backprop must agree with central finite differences:\n{0}", report);
        return report;
    }

    /// <summary>
    /// A network with the given sizes (inputs first), one activation per layer, biases or none, dropout rates per
    /// layer (none when null), weights uniform in [−1, 1), biases in [−0.5, 0.5), and a batch: inputs uniform in
    /// [−1, 1); targets uniform in [0, 1), or for categorical cross-entropy one probability distribution per column.
    /// The first seed whose weighted inputs all keep <see cref="KinkMargin"/> away from 0 is taken (under the
    /// dropout masks of <paramref name="dropoutSeed"/>).
    /// </summary>
    public static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) DrawProblem(
        int[] sizes, Activation<double>[] activations, Loss<double>? loss, int batchSize, bool hasBiases = true, double[]? dropoutRates = null, int dropoutSeed = 0)
    {
        for (var seed = 1; seed < 1000; seed++)
        {
            var random = new Random(seed);
            var layers = new DenseLayer<double>[sizes.Length - 1];
            for (var l = 0; l < layers.Length; l++)
            {
                var weights = TestData.Uniform(random, sizes[l + 1], sizes[l]);
                var biases = hasBiases ? TestData.UniformVector(random, sizes[l + 1], -0.5, 0.5) : null;
                layers[l] = new DenseLayer<double>(weights, biases, activations[l], dropoutRates?[l] ?? 0);
            }

            var network = new Network<double>(layers, loss);
            var inputs = TestData.Uniform(random, sizes[0], batchSize);
            var targets = TestData.Uniform(random, sizes[^1], batchSize, 0, 1);
            if (ReferenceEquals(network.Loss, Loss<double>.CategoricalCrossEntropy))
            {
                targets = targets.NormalizeColumns(1.0);
            }

            network.ResetDropout(dropoutSeed);
            var gradients = network.ComputeGradients(inputs, targets);
            if (gradients.Layers.All(layer => layer.WeightedInput.Enumerate().All(z => Math.Abs(z) >= KinkMargin)))
            {
                return (network, inputs, targets);
            }
        }

        throw new InvalidOperationException("No draw kept every weighted input away from 0.");
    }
}
