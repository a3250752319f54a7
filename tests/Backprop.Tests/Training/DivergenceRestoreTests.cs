using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// A step that diverges leaves nothing behind: the weights, the optimizer's state (moments, velocities, mean
/// squares, step sizes), the run's counters and the dropout masks' sequence are as before it, so a checkpoint saved
/// afterwards is byte for byte the one saved before, and it loads. A non-finite optimizer state is divergence.
/// </summary>
public sealed class DivergenceRestoreTests
{
    public static TheoryData<string> Optimizers() => new("adam", "adamw", "rmsprop", "sgd", "sgd-momentum", "sgd-nesterov");

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_diverged_step_puts_back_the_weights_the_optimizer_state_and_the_counters(string name)
    {
        // Given a 1 → 1 identity network after three ordinary steps, and a batch whose gradient is finite but huge:
        // with w = 0.5 and x = 1e150 the gradient w·x² = 5e299 squares to +∞ (Adam's v, RMSProp's mean square); with
        // x = 1e154 it is 5e307, and SGD's step of η = 10 times it passes the largest double
        var (optimizer, poison) = Create(name);
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), Vector<double>.Build.Dense(1), Activation<double>.Identity));
        var trainer = new Trainer<double>(optimizer);
        var inputs = TestData.Uniform(new Random(1), 1, 4);
        var targets = TestData.Uniform(new Random(2), 1, 4, low: -0.01, high: 0.01);
        for (var i = 0; i < 3; i++)
        {
            trainer.Step(network, inputs, targets);
        }

        var before = Save(network, trainer);

        // When the huge batch is stepped on
        var step = () => trainer.Step(network, Matrix<double>.Build.Dense(1, 1, poison), Matrix<double>.Build.Dense(1, 1, 0));

        // Then it diverges, and the checkpoint saved afterwards is the one saved before, and loads
        step.Should().Throw<TrainingDivergedException>();
        var after = Save(network, trainer);
        after.Should().Equal(before, "the diverged step must leave weights, optimizer state and counters as they were");
        var load = () => Checkpoint<double>.Load(new MemoryStream(after));
        load.Should().NotThrow();
    }

    [Fact]
    public void A_finite_gradient_that_makes_Adams_second_moment_infinite_is_divergence()
    {
        // Given Adam on w = 0.5 and the batch x = 1e150, y = 0: the gradient w·x² = 5e299 is finite, g² is not
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), Activation<double>.Identity));
        var trainer = new Trainer<double>(new AdamOptimizer<double>(0.01));

        // When it steps
        var step = () => trainer.Step(network, Matrix<double>.Build.Dense(1, 1, 1e150), Matrix<double>.Build.Dense(1, 1, 0));

        // Then the step is refused, naming the moment, and the weight and the (fresh) optimizer are untouched
        step.Should().Throw<TrainingDivergedException>().WithMessage("*secondMoment*");
        network.Layers[0].GetWeights()[0, 0].Should().Be(0.5);
        trainer.State.StepsTaken.Should().Be(0);
        Save(network, trainer).Should().Equal(Save(network, new Trainer<double>(new AdamOptimizer<double>(0.01))), "no state was kept from the failed first step");
    }

    [Fact]
    public void A_diverged_step_puts_back_the_dropout_sequence()
    {
        // Given a network with dropout after two ordinary steps
        var network = new NetworkBuilder<double>(2).AddDense(4, Activation<double>.Tanh).AddDropout(0.5).AddDense(1, Activation<double>.Identity).WithSeed(3).Build();
        var trainer = new Trainer<double>(new AdamOptimizer<double>(0.01));
        var inputs = TestData.Uniform(new Random(1), 2, 4);
        var targets = TestData.Uniform(new Random(2), 1, 4);
        trainer.Step(network, inputs, targets);
        trainer.Step(network, inputs, targets);
        var before = Save(network, trainer);

        // When a batch whose cost overflows is stepped on (its forward pass drew dropout masks)
        var step = () => trainer.Step(network, inputs, Matrix<double>.Build.Dense(1, 4, 1e200));

        // Then it diverges and the saved checkpoint, dropout state included, is the one saved before
        step.Should().Throw<TrainingDivergedException>();
        Save(network, trainer).Should().Equal(before);
    }

    [Fact]
    public void A_diverged_first_iRprop_step_leaves_no_state_and_the_weights_as_they_were()
    {
        // Given iRprop− with a step of 1e308 on w = 1e308, and a batch whose gradient is negative (w must grow)
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 1e308), Vector<double>.Build.Dense(1), Activation<double>.Identity));
        var trainer = new Trainer<double>(new IRpropMinusOptimizer<double>(initialStep: 1e308, minimumStep: 1e-6, maximumStep: 1e308));
        var before = Save(network, trainer);

        // When it steps (w + 1e308 overflows)
        var step = () => trainer.Step(network, Matrix<double>.Build.Dense(1, 1, 1e-300), Matrix<double>.Build.Dense(1, 1, 1e10));

        // Then it diverges and leaves the checkpoint as it was (no state, the same weight)
        step.Should().Throw<TrainingDivergedException>();
        Save(network, trainer).Should().Equal(before);
    }

    private static (Optimizer<double> Optimizer, double Poison) Create(string name) => name switch
    {
        "adam" => (new AdamOptimizer<double>(0.01), 1e150),
        "adamw" => (new AdamWOptimizer<double>(0.01), 1e150),
        "rmsprop" => (new RmsPropOptimizer<double>(0.01), 1e150),
        "sgd" => (new SgdOptimizer<double>(10), 1e154), // one sample of a 1 → 1 network: the fused per-sample step
        "sgd-momentum" => (new SgdOptimizer<double>(10) { Momentum = 0.9 }, 1e154),
        "sgd-nesterov" => (new SgdOptimizer<double>(10) { Momentum = 0.9, Nesterov = true }, 1e154),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Save(Network<double> network, Trainer<double> trainer)
    {
        using var stream = new MemoryStream();
        new Checkpoint<double>(network, trainer).Save(stream);
        return stream.ToArray();
    }
}
