using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Training;

/// <summary>
/// The run's counters stay within <see cref="TrainingState"/>'s documented limits: a Step or Fit that would pass one
/// throws before changing anything, a checkpoint is loaded only within them, and every checkpoint written loads.
/// </summary>
public sealed class TrainingStateLimitsTests
{
    [Fact]
    public void Fit_past_the_epoch_limit_throws_before_training_and_changes_nothing()
    {
        // Given a checkpoint that has completed 2³¹ − 1 epochs (the finding: its next Fit used to replay them all)
        var (network, trainer) = EpochOrderTests.Rewrite(NewCheckpoint(), t =>
        {
            t["epochsCompleted"] = int.MaxValue;
            t["stepsTaken"] = (long)int.MaxValue;
        });
        var before = ParameterSnapshot<double>.Of(network);

        // When it is asked for one more epoch
        var fit = () => trainer.Fit(network, Inputs, Targets);

        // Then it refuses at once, naming the limit, and nothing moved
        fit.Should().Throw<InvalidOperationException>().WithMessage("*2147483647 epochs*TrainingState.MaxEpochsCompleted*");
        before.ShouldBeBitIdenticalTo(network, "a refused Fit");
        trainer.State.EpochsCompleted.Should().Be(int.MaxValue);
        trainer.State.StepsTaken.Should().Be(int.MaxValue);
    }

    [Fact]
    public void A_step_reaching_the_step_limit_saves_a_checkpoint_that_loads_and_the_next_step_is_refused()
    {
        // Given a checkpoint one update before the limit, with a warm-up schedule (the finding's garbage rate)
        var (network, trainer) = EpochOrderTests.Rewrite(NewCheckpoint(), t => t["stepsTaken"] = TrainingState.MaxStepsTaken - 1);
        var batch = (Inputs.SubMatrix(0, 2, 0, 4), Targets.SubMatrix(0, 1, 0, 4));

        // When it makes the last update, is saved and loaded, and steps again
        trainer.Step(network, batch.Item1, batch.Item2);
        using var saved = new MemoryStream();
        new Checkpoint<double>(network, trainer).Save(saved);
        saved.Position = 0;
        var (loaded, loadedTrainer) = Checkpoint<double>.Load(saved);
        var before = ParameterSnapshot<double>.Of(loaded);
        var step = () => loadedTrainer.Step(loaded, batch.Item1, batch.Item2);

        // Then the checkpoint at the limit loads, the next update is refused, and nothing moved
        loadedTrainer.State.StepsTaken.Should().Be(TrainingState.MaxStepsTaken);
        step.Should().Throw<InvalidOperationException>().WithMessage("*TrainingState.MaxStepsTaken*");
        before.ShouldBeBitIdenticalTo(loaded, "a refused Step");
        loadedTrainer.State.StepsTaken.Should().Be(TrainingState.MaxStepsTaken);
    }

    [Fact]
    public void Fit_whose_updates_would_pass_the_step_limit_throws_before_training()
    {
        // Given a run 2 updates before the limit, and a Fit of 3 batches
        var (network, trainer) = EpochOrderTests.Rewrite(NewCheckpoint(), t => t["stepsTaken"] = TrainingState.MaxStepsTaken - 2);
        var before = ParameterSnapshot<double>.Of(network);

        // When it trains, then it refuses and nothing moved
        var fit = () => trainer.Fit(network, Inputs, Targets);
        fit.Should().Throw<InvalidOperationException>().WithMessage("*3 more would pass*");
        before.ShouldBeBitIdenticalTo(network, "a refused Fit");
    }

    [Theory]
    [InlineData("stepsTaken", 9_007_199_254_740_993L, null)]
    [InlineData("stepsTaken", long.MaxValue, null)]
    [InlineData("epochsCompleted", 11L, 10L)]
    public void Counters_beyond_what_training_reaches_are_refused_on_load(string member, long value, long? stepsTaken)
    {
        // Given a checkpoint with a counter training cannot reach (more than 2⁵³ updates, or more epochs than updates)
        var load = () => EpochOrderTests.Rewrite(NewCheckpoint(), t =>
        {
            t[member] = value;
            if (stepsTaken is { } steps)
            {
                t["stepsTaken"] = steps;
            }
        });

        // When it is loaded, then it is refused at that member
        load.Should().Throw<ModelFormatException>().Which.Location.Should().Be($"$.trainer.{member}");
    }

    [Fact]
    public void A_mini_batch_of_int_MaxValue_makes_one_batch_per_epoch_and_says_so()
    {
        // Given a full-batch trainer written as the docs suggest
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = int.MaxValue, Epochs = 2 };
        var reports = new List<TrainingProgress>();

        // When it trains 10 samples
        trainer.Fit(NewCheckpoint().Network, Inputs, Targets, new FitOptions<double> { CollectDiagnostics = false }, new SynchronousProgress(reports.Add));

        // Then every epoch is one batch, and the reports say 1 batch per epoch
        trainer.State.StepsTaken.Should().Be(2);
        reports.Should().OnlyContain(report => report.BatchesPerEpoch == 1);
    }

    private static MathNet.Numerics.LinearAlgebra.Matrix<double> Inputs { get; } = TestData.Uniform(new Random(1), 2, 10);

    private static MathNet.Numerics.LinearAlgebra.Matrix<double> Targets { get; } = TestData.Uniform(new Random(2), 1, 10);

    private static Checkpoint<double> NewCheckpoint()
    {
        var network = new NetworkBuilder<double>(2).AddDense(3, Activation<double>.Tanh).AddDense(1, Activation<double>.Identity).WithSeed(3).Build();
        var optimizer = new AdamOptimizer<double>(0.01) { Schedule = LearningRateSchedule.Constant.WithWarmup(10) };
        return new Checkpoint<double>(network, new Trainer<double>(optimizer) { MiniBatchSize = 4 });
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
