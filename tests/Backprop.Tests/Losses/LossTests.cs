using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Losses;

/// <summary>
/// The <see cref="Loss{T}"/> seam across every built-in loss: which output activations each accepts, and, for
/// every pairing it accepts, backprop's gradients against central finite differences (see
/// <see cref="GradientChecks"/>: float64, h = 1e-5, relative error at most 1e-6), with hidden layers of the
/// newer activations (ELU, softplus, GELU).
/// </summary>
public sealed class LossTests
{
    /// <summary>The squared errors pair with every output activation; each cross-entropy with its own only.</summary>
    public static TheoryData<string, string, string> AllowedPairingsWithHiddenActivations()
    {
        var pairings = new List<(string Loss, string Output)>();
        foreach (var output in TestActivations.All)
        {
            pairings.Add(("squared-error", output));
            pairings.Add(("mean-squared-error", output));
        }

        pairings.Add(("binary-cross-entropy", "sigmoid"));
        pairings.Add(("categorical-cross-entropy", "softmax"));

        var cases = new TheoryData<string, string, string>();
        foreach (var (loss, output) in pairings)
        {
            foreach (var hidden in new[] { "elu", "softplus", "gelu" })
            {
                cases.Add(loss, output, hidden);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(AllowedPairingsWithHiddenActivations))]
    public void Backward_matches_central_finite_differences_for_every_allowed_loss_and_output_activation(string loss, string output, string hidden)
    {
        // Given a 3-5-4-3 network (two hidden layers of the given activation, biases everywhere), a batch of 4,
        // and no weighted input near a kink
        var (network, inputs, targets) = GradientChecks.DrawProblem(
            [3, 5, 4, 3],
            [TestActivations.Named(hidden), TestActivations.Named(hidden), TestActivations.Named(output)],
            LossNamed(loss),
            batchSize: 4);

        // When backprop's mean gradients are compared with the central differences of the mean cost
        // Then every dC/dW and dC/db agrees
        GradientChecks.ShouldAgreeWithBackprop(network, inputs, targets);
    }

    [Theory]
    [InlineData("squared-error")]
    [InlineData("mean-squared-error")]
    public void Squared_errors_accept_every_output_activation(string loss)
    {
        foreach (var output in TestActivations.All)
        {
            // Given an output layer of the activation
            var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(2, 2, 0.5), TestActivations.Named(output));

            // When a network is made with the loss
            var create = () => new Network<double>([layer], LossNamed(loss));

            // Then it is accepted
            create.Should().NotThrow("{0} works with any output activation, including {1}", loss, output);
        }
    }

    [Fact]
    public void Each_loss_has_a_distinct_name()
    {
        string[] names =
        [
            Loss<double>.SquaredError.Name, Loss<double>.MeanSquaredError.Name,
            Loss<double>.BinaryCrossEntropy.Name, Loss<double>.CategoricalCrossEntropy.Name,
        ];

        names.Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
        Loss<double>.BinaryCrossEntropy.ToString().Should().Be(Loss<double>.BinaryCrossEntropy.Name);
    }

    private static Loss<double> LossNamed(string name)
        => name switch
        {
            "squared-error" => Loss<double>.SquaredError,
            "mean-squared-error" => Loss<double>.MeanSquaredError,
            "binary-cross-entropy" => Loss<double>.BinaryCrossEntropy,
            "categorical-cross-entropy" => Loss<double>.CategoricalCrossEntropy,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such loss in the tests."),
        };
}
