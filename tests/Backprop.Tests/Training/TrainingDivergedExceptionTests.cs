using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// When training blows up, <see cref="TrainingDivergedException"/> names the epoch and batch, and the network
/// keeps the weights of the last successful step, bit for bit.
/// </summary>
public sealed class TrainingDivergedExceptionTests
{
    // A linear 2-3-1 network grows its weights by a factor of about η·|x|² per step: with η = 1e6 they pass
    // float64's largest value within a few steps, after some steps that succeed.
    private const double LearningRate = 1e6;
    private const int MiniBatchSize = 2;
    private const int Epochs = 20;

    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) CreateProblem()
    {
        var random = new Random(21);
        var network = TestData.RandomNetwork(random, "2-3-1", TestActivations.Named<double>("identity"), hasBiases: true);
        var inputs = TestData.Uniform(random, 2, 8);
        var targets = TestData.Uniform(random, 1, 8);
        return (network, inputs, targets);
    }

    [Fact]
    public void Fit_names_the_epoch_and_batch_and_keeps_the_weights_of_the_last_successful_step()
    {
        // Given a network that diverges under a huge learning rate, and a copy of it
        var (network, inputs, targets) = CreateProblem();
        var replay = network.Clone();

        // When it is fitted (in order, so the batches can be replayed)
        var train = () => new Trainer<double>(new SgdOptimizer<double>(LearningRate)) { MiniBatchSize = MiniBatchSize, Epochs = Epochs, Shuffle = false }
            .Fit(network, inputs, targets).Losses;
        var exception = train.Should().ThrowExactly<TrainingDivergedException>().Which;

        // And the copy is stepped through the same batches until a step throws
        var stepper = new Trainer<double>(new SgdOptimizer<double>(LearningRate)) { MiniBatchSize = 1 };
        ParameterSnapshot<double>? lastGood = null;
        (int Epoch, int Batch, TrainingDivergedException Exception)? failure = null;
        var successfulSteps = 0;
        for (var epoch = 1; epoch <= Epochs && failure is null; epoch++)
        {
            for (var batch = 1; batch <= inputs.ColumnCount / MiniBatchSize && failure is null; batch++)
            {
                lastGood = ParameterSnapshot<double>.Of(replay);
                var start = (batch - 1) * MiniBatchSize;
                try
                {
                    stepper.Step(replay, inputs.SubMatrix(0, 2, start, MiniBatchSize), targets.SubMatrix(0, 1, start, MiniBatchSize));
                    successfulSteps++;
                }
                catch (TrainingDivergedException stepException)
                {
                    failure = (epoch, batch, stepException);
                }
            }
        }

        // Then Fit failed at the same epoch and batch as the replay, after at least one good step, says so,
        // and the network holds, bit for bit, the finite weights from before the failing step
        failure.Should().NotBeNull("the replay must diverge too");
        successfulSteps.Should().BeGreaterThan(0);
        exception.Epoch.Should().Be(failure!.Value.Epoch);
        exception.Batch.Should().Be(failure.Value.Batch);
        exception.Cost.Should().Be(failure.Value.Exception.Cost);
        exception.Message.Should().Contain($"epoch {failure.Value.Epoch}, batch {failure.Value.Batch}");
        lastGood!.AllFinite().Should().BeTrue();
        lastGood.ShouldBeBitIdenticalTo(network, "after Fit diverged");
        lastGood.ShouldBeBitIdenticalTo(replay, "after the failing Step");
        ParameterSnapshot<double>.Of(network).AllFinite().Should().BeTrue();
    }

    [Fact]
    public void A_step_that_diverges_leaves_the_weights_bit_identical_and_counts_steps_in_epoch_zero()
    {
        // Given a network stepped on one batch until a step diverges
        var (network, inputs, targets) = CreateProblem();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(LearningRate)) { MiniBatchSize = 1 };
        var batchInputs = inputs.SubMatrix(0, 2, 0, 4);
        var batchTargets = targets.SubMatrix(0, 1, 0, 4);
        TrainingDivergedException? exception = null;
        ParameterSnapshot<double>? before = null;
        var steps = 0;
        while (exception is null && steps < 100)
        {
            before = ParameterSnapshot<double>.Of(network);
            try
            {
                trainer.Step(network, batchInputs, batchTargets);
                steps++;
            }
            catch (TrainingDivergedException diverged)
            {
                exception = diverged;
            }
        }

        // Then the failing step changed nothing, and the exception numbers it after the successful steps
        exception.Should().NotBeNull("a learning rate of 1e6 must make this linear network diverge");
        steps.Should().BeGreaterThan(0);
        before!.ShouldBeBitIdenticalTo(network);
        before.AllFinite().Should().BeTrue();
        exception!.Epoch.Should().Be(0);
        exception.Batch.Should().Be(steps + 1);
        exception.Message.Should().Contain($"epoch 0, batch {steps + 1}");
    }

    [Fact]
    public void An_update_that_overflows_is_undone_for_every_layer_bit_for_bit()
    {
        // Given a linear network whose gradients are finite but huge (inputs of ±1e151, targets of ±1e153, so the
        // cost stays below 1e307), and the largest learning rate accepted, η = 1e6, so that W − η·g is infinite
        // wherever |g| > 1.8e302
        var random = new Random(5);
        var network = TestData.RandomNetwork(random, "2-3-1", TestActivations.Named<double>("identity"), hasBiases: true);
        var inputs = TestData.Uniform(random, 2, 4) * 1e151;
        var targets = TestData.Uniform(random, 1, 4, -100, 100) * 1e151;
        var gradients = network.ComputeGradients(inputs, targets);
        double.IsFinite(gradients.Cost).Should().BeTrue();
        gradients.Layers.SelectMany(layer => layer.WeightGradient.Enumerate()).Should().Contain(g => Math.Abs(g) > 1.8e302);
        var before = ParameterSnapshot<double>.Of(network);

        // When a step and a training run are attempted
        var step = () => new Trainer<double>(new SgdOptimizer<double>(1e6)) { MiniBatchSize = 1 }.Step(network, inputs, targets);
        var train = () => new Trainer<double>(new SgdOptimizer<double>(1e6)) { MiniBatchSize = 4, Epochs = 3 }.Fit(network, inputs, targets).Losses;

        // Then both throw at their first update, naming it, and every weight and bias is back to its old bits
        var stepException = step.Should().ThrowExactly<TrainingDivergedException>().Which;
        stepException.Epoch.Should().Be(0);
        stepException.Batch.Should().Be(1);
        double.IsFinite(stepException.Cost).Should().BeTrue("the cost was finite; only the update overflowed");
        before.ShouldBeBitIdenticalTo(network, "after the failing Step");
        var trainException = train.Should().ThrowExactly<TrainingDivergedException>().Which;
        trainException.Message.Should().Contain("epoch 1, batch 1");
        before.ShouldBeBitIdenticalTo(network, "after the failing Fit");
    }
}
