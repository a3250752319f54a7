using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Losses;

/// <summary>
/// The independent computation the gradient tests rely on: central finite differences, in float64, of a network's
/// mean cost with respect to every weight and bias, compared with the gradients backprop reported.
/// </summary>
internal static class FiniteDifferenceCheck
{
    /// <summary>The step h of the central difference <c>(C(θ + h) − C(θ − h)) / 2h</c>.</summary>
    /// <remarks>
    /// Near <c>ε^(1/3)</c> for float64, where the truncation error (about <c>h²·C‴/6</c>) and the rounding error
    /// (about <c>ε·C/h</c>) are both near 1e-11.
    /// </remarks>
    public const double Step = 1e-5;

    /// <summary>The largest relative error allowed between backprop and the finite difference.</summary>
    public const double MaxRelativeError = 1e-6;

    /// <summary>
    /// The smallest magnitude the relative error is measured against, <c>|g − fd| / max(|g|, |fd|, Floor)</c>: a
    /// gradient below it is compared absolutely, to <c>Floor · MaxRelativeError</c> = 1e-10, ten times the finite
    /// difference's own error.
    /// </summary>
    public const double Floor = 1e-4;

    /// <summary>No weighted input may be closer than this to a kink (ReLU, leaky ReLU, ELU with α ≠ 1) at 0.</summary>
    public const double KinkMargin = 1e-3;

    /// <summary>
    /// Compares the gradients backprop reported (copied first, since <paramref name="cost"/> may reuse the
    /// workspace) with the central differences of <paramref name="cost"/> for every weight and bias.
    /// </summary>
    /// <returns>How many parameters were checked, and a line for each that disagreed.</returns>
    public static (int Checked, List<string> Failures) Compare(Network<double> network, Gradients<double> gradients, Func<double> cost)
    {
        var weightGradients = gradients.Layers.Select(layer => layer.WeightGradient.Clone()).ToArray();
        var biasGradients = gradients.Layers.Select(layer => layer.BiasGradient?.Clone()).ToArray();
        var failures = new List<string>();
        var count = 0;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var weights = layer.GetWeights().Clone();
            for (var i = 0; i < layer.Neurons; i++)
            {
                for (var j = 0; j < layer.InputSize; j++)
                {
                    var difference = CentralDifference(
                        weights[i, j],
                        value =>
                        {
                            var perturbed = weights.Clone();
                            perturbed[i, j] = value;
                            layer.SetWeights(perturbed);
                        },
                        cost);
                    layer.SetWeights(weights);
                    Check(weightGradients[l][i, j], difference, $"dC/dW layer {l} [{i},{j}]", failures);
                    count++;
                }
            }

            if (layer.GetBiases() is not null)
            {
                var biases = layer.GetBiases()!;
                for (var i = 0; i < layer.Neurons; i++)
                {
                    var difference = CentralDifference(
                        biases[i],
                        value =>
                        {
                            var perturbed = biases.Clone();
                            perturbed[i] = value;
                            layer.SetBiases(perturbed);
                        },
                        cost);
                    layer.SetBiases(biases);
                    Check(biasGradients[l]![i], difference, $"dC/db layer {l} [{i}]", failures);
                    count++;
                }
            }
        }

        return (count, failures);
    }

    /// <summary>
    /// A network with the given sizes (inputs first), activations and dropout rates per layer, weights uniform in
    /// [−1, 1), biases in [−0.5, 0.5), and a batch: inputs uniform in [−1, 1); targets uniform in [0, 1), or for
    /// categorical cross-entropy one probability distribution per column. The first seed whose weighted inputs all
    /// keep <see cref="KinkMargin"/> away from 0 is taken (with the dropout masks of <paramref name="dropoutSeed"/>).
    /// </summary>
    public static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) DrawProblem(
        int[] sizes, Activation<double>[] activations, double[] dropoutRates, Loss<double> loss, int batchSize, int dropoutSeed = 0)
    {
        for (var seed = 1; seed < 1000; seed++)
        {
            var random = new Random(seed);
            var layers = new DenseLayer<double>[sizes.Length - 1];
            for (var l = 0; l < layers.Length; l++)
            {
                var weights = Matrix<double>.Build.Dense(sizes[l + 1], sizes[l], (_, _) => Uniform(random, -1, 1));
                var biases = Vector<double>.Build.Dense(sizes[l + 1], _ => Uniform(random, -0.5, 0.5));
                layers[l] = new DenseLayer<double>(weights, biases, activations[l], dropoutRates[l]);
            }

            var network = new Network<double>(layers, loss);
            var inputs = Matrix<double>.Build.Dense(sizes[0], batchSize, (_, _) => Uniform(random, -1, 1));
            var targets = Matrix<double>.Build.Dense(sizes[^1], batchSize, (_, _) => Uniform(random, 0, 1));
            if (ReferenceEquals(loss, Loss<double>.CategoricalCrossEntropy))
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

    private static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    private static double CentralDifference(double value, Action<double> set, Func<double> cost)
    {
        var plus = value + Step;
        var minus = value - Step;
        set(plus);
        var costPlus = cost();
        set(minus);
        var costMinus = cost();
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
