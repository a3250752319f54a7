using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// <see cref="AdamOptimizer{T}"/>: its first three steps equal Kingma &amp; Ba's Algorithm 1 written out, and it
/// learns XOR in fewer epochs than plain SGD from the same start.
/// </summary>
public sealed class AdamOptimizerTests
{
    /// <summary>
    /// Reference: Kingma &amp; Ba (2015), Algorithm 1: <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>,
    /// <c>m̂ = m/(1−β₁ᵗ)</c>, <c>v̂ = v/(1−β₂ᵗ)</c>, <c>θ ← θ − α·m̂/(√v̂ + ε)</c>; the paper's defaults and
    /// other values.
    /// </summary>
    [Theory]
    [InlineData(0.01, 0.9, 0.999, 1e-8, false)]
    [InlineData(0.02, 0.5, 0.9, 1e-3, true)]
    public void Steps_follow_algorithm_one_of_kingma_and_ba(double alpha, double beta1, double beta2, double epsilon, bool setHyperParameters)
    {
        var optimizer = setHyperParameters
            ? new AdamOptimizer<double>(alpha) { Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon }
            : new AdamOptimizer<double>(alpha);

        ReferenceSteps.ShouldMatch(optimizer, KingmaBa(alpha, beta1, beta2, epsilon));
    }

    [Fact]
    public void The_defaults_are_the_papers()
    {
        var adam = new AdamOptimizer<double>();

        adam.LearningRate.Should().Be(0.001);
        adam.Beta1.Should().Be(0.9);
        adam.Beta2.Should().Be(0.999);
        adam.Epsilon.Should().Be(1e-8);
    }

    /// <remarks>
    /// Reference: Kingma &amp; Ba's Algorithm 1 initialises <c>m₀ = 0</c>, <c>v₀ = 0</c> and <c>t = 0</c> together, so a
    /// fresh start's first step has <c>t = 1</c>; <see cref="Optimizer{T}.Reset"/> promises "as for a fresh start".
    /// This caught a bug (fixed): the moments restarted at zero but the bias correction kept the trainer's step count
    /// (t = 4 here), so the step was about 0.58 of a fresh start's; Adam now counts its own updates.
    /// </remarks>
    [Fact]
    public void After_reset_the_next_step_is_the_first_step_of_a_fresh_start()
    {
        // Given Adam that made three steps on the problem and was then reset, and a fresh Adam at the parameters reached
        var adam = new AdamOptimizer<double>(0.01);
        var network = ReferenceSteps.ExampleTwoNetwork();
        var trainer = new Trainer<double>(adam) { MiniBatchSize = 4 };
        for (var step = 0; step < 3; step++)
        {
            trainer.Step(network, ReferenceSteps.Inputs, ReferenceSteps.Targets);
        }

        adam.Reset();
        var fresh = network.Clone();
        var freshTrainer = new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 4 };

        // When both make one step
        trainer.Step(network, ReferenceSteps.Inputs, ReferenceSteps.Targets);
        freshTrainer.Step(fresh, ReferenceSteps.Inputs, ReferenceSteps.Targets);

        // Then they reach the same parameters
        var reset = ReferenceSteps.Parameters(network);
        var expected = ReferenceSteps.Parameters(fresh);
        for (var i = 0; i < ReferenceSteps.ParameterCount; i++)
        {
            reset[i].Should().BeApproximately(expected[i], 1e-15, "parameter {0}", i);
        }
    }

    /// <remarks>
    /// Behavioural, from fixed seeds (measured: Adam about 215 epochs, SGD about 1,600). SGD uses the learning rate
    /// of the README's XOR quick start (3.0); Adam 0.05. One epoch is one full-batch update.
    /// </remarks>
    [Fact]
    public void Adam_learns_xor_to_a_cost_below_one_thousandth_in_fewer_epochs_than_sgd_from_the_same_start()
    {
        // Given XOR, and one seeded 2-3-1 sigmoid start for both optimizers
        var inputs = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1, 1 }, { 0, 1, 0, 1 } });
        var targets = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });
        Network<double> Start() => new NetworkBuilder<double>(2)
            .AddDense(3, Activation<double>.Sigmoid)
            .AddDense(1, Activation<double>.Sigmoid)
            .WithSeed(1)
            .Build();

        // When each trains one epoch at a time until the cost is below 1e-3 (at most 5,000 epochs)
        var adamEpochs = EpochsToReach(Start(), new AdamOptimizer<double>(0.05), inputs, targets, 1e-3, 5000);
        var sgdEpochs = EpochsToReach(Start(), new SgdOptimizer<double>(3.0), inputs, targets, 1e-3, 5000);

        // Then Adam gets there, and sooner
        adamEpochs.Should().NotBeNull("Adam must reach the target cost");
        adamEpochs.Should().BeLessThan(sgdEpochs ?? int.MaxValue);
    }

    /// <summary>Kingma &amp; Ba's Algorithm 1 as a reference update with its own moment arrays.</summary>
    internal static ReferenceSteps.Update KingmaBa(double alpha, double beta1, double beta2, double epsilon)
    {
        var m = new double[ReferenceSteps.ParameterCount];
        var v = new double[ReferenceSteps.ParameterCount];
        return (t, theta, g, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                m[i] = (beta1 * m[i]) + ((1 - beta1) * g[i]);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g[i] * g[i]);
                var mHat = m[i] / (1 - Math.Pow(beta1, t));
                var vHat = v[i] / (1 - Math.Pow(beta2, t));
                theta[i] -= alpha * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        };
    }

    private static int? EpochsToReach(
        Network<double> network, Optimizer<double> optimizer, Matrix<double> inputs, Matrix<double> targets, double cost, int maximumEpochs)
    {
        var trainer = new Trainer<double>(optimizer) { MiniBatchSize = 4, Epochs = 1, Seed = 1 };
        for (var epoch = 1; epoch <= maximumEpochs; epoch++)
        {
            trainer.Fit(network, inputs, targets);
            if (network.Cost(inputs, targets) < cost)
            {
                return epoch;
            }
        }

        return null;
    }
}
