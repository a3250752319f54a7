using System.Text;
using System.Text.Json.Nodes;
using Backprop.Tests.Serialization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// <see cref="LearningRateSchedule.ReduceOnPlateau"/>: the rate after each epoch follows Keras's rule worked by hand
/// (patience, minimum delta, cooldown, floor); <c>Trainer.Fit</c> feeds it the validation loss, or the training loss
/// without validation; its settings are checked where they are set and again on load, and a checkpoint keeps its
/// running state so a resumed run is bit-identical to an uninterrupted one.
/// </summary>
public sealed class ReduceOnPlateauScheduleTests
{
    [Fact]
    public void The_rate_falls_by_the_factor_after_patience_epochs_without_improvement_and_cooldown_epochs_do_not_count()
    {
        // Given factor 0.5, patience 2, floor 0.02, cooldown 1 and an improvement meaning a fall of more than 0.1
        var schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 2, minimumRate: 0.02, cooldown: 1, minDelta: 0.1);

        // When it watches these losses, the rate at base 0.1 after each epoch is, by the rule:
        (double Loss, double Rate)[] epochs =
        [
            (1.00, 0.1),     // first epoch: the best
            (0.95, 0.1),     // not 0.1 below the best: wait 1
            (0.92, 0.05),    // wait 2 = patience: reduce (k = 1), cooldown 1
            (0.93, 0.05),    // in the cooldown: not counted
            (0.91, 0.05),    // wait 1
            (0.99, 0.025),   // wait 2: reduce (k = 2)
            (0.50, 0.025),   // in the cooldown, and an improvement: the new best
            (0.45, 0.025),   // wait 1
            (0.44, 0.02),    // wait 2: reduce (k = 3): 0.1 · 0.5³ = 0.0125 is below the floor 0.02
        ];
        foreach (var (loss, rate) in epochs)
        {
            schedule.EndEpoch(loss);
            schedule.LearningRateAt(1, 0.1).Should().BeApproximately(rate, 1e-15, "after the epoch with loss {0}", loss);
        }

        // And the rate does not depend on the step, and a base rate below the floor is kept, not raised
        schedule.LearningRateAt(1_000_000, 0.1).Should().BeApproximately(0.02, 1e-15);
        schedule.LearningRateAt(1, 0.01).Should().Be(0.01);
    }

    [Fact]
    public void Behind_a_warm_up_it_still_sees_every_epoch()
    {
        var schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 1).WithWarmup(2);

        schedule.EndEpoch(1.0);
        schedule.EndEpoch(1.0);

        schedule.LearningRateAt(1, 0.1).Should().BeApproximately(0.05, 1e-15, "step 1 is in the warm-up: 0.1 · 1/2");
        schedule.LearningRateAt(5, 0.1).Should().BeApproximately(0.05, 1e-15, "after the warm-up: one reduction");
    }

    [Fact]
    public void Fit_watches_the_training_loss_without_validation_and_reports_the_rate_of_each_epoch()
    {
        // Given SGD at 0.1 with a plateau schedule for which no fall counts (minDelta 1000): patience 1 reduces after
        // every epoch but the first
        var optimizer = new SgdOptimizer<double>(0.1) { Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 1000) };
        var (network, inputs, targets) = Problem();
        var trainer = new Trainer<double>(optimizer) { MiniBatchSize = 4, Epochs = 4, Seed = 1 };
        var rates = new List<double?>();

        // When trained 4 epochs, collecting the epoch-end reports synchronously
        trainer.Fit(network, inputs, targets, progress: new Collect(p => rates.Add(p.LearningRate)));

        // Then each epoch reports the rate its steps used: 0.1, 0.1 (the first reduction comes after epoch 2), 0.05, 0.025
        rates.Should().HaveCount(4);
        rates.Select(r => r!.Value).Should().Equal([0.1, 0.1, 0.05, 0.025], (a, b) => Math.Abs(a - b) < 1e-15);
        optimizer.LearningRateAt(trainer.State.StepsTaken + 1).Should().BeApproximately(0.0125, 1e-15, "the rate the next epoch starts at");
    }

    [Fact]
    public void The_watched_loss_is_the_validation_loss_when_there_is_one()
    {
        // Given a schedule that improves only on a loss below 0.5 − 0.1
        var optimizer = new SgdOptimizer<double>(0.1) { Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 0.1) };

        // When epochs end with training losses that keep falling but validation losses that do not
        EpochEnd.Observe(optimizer, new EpochSummary(1, 0.9, null, 0.5, null, TimeSpan.Zero));
        EpochEnd.Observe(optimizer, new EpochSummary(2, 0.3, null, 0.5, null, TimeSpan.Zero));

        // Then the validation loss decided: one reduction
        optimizer.LearningRateAt(1).Should().BeApproximately(0.05, 1e-15);

        // And an epoch without validation is judged by its training loss: 0.2 is below the best 0.5 by more than 0.1,
        // an improvement, so no further reduction
        EpochEnd.Observe(optimizer, new EpochSummary(3, 0.2, null, null, null, TimeSpan.Zero));
        optimizer.LearningRateAt(1).Should().BeApproximately(0.05, 1e-15);
    }

    public static TheoryData<string, string, object, string> BadSettings() => new()
    {
        { "factor", "factor", 1.0, "in (0, 1)" },
        { "factor 0", "factor", 0.0, "in (0, 1)" },
        { "factor NaN", "factor", double.NaN, "in (0, 1)" },
        { "patience", "patience", 0L, "at least 1" },
        { "minimumRate", "minimumRate", -1.0, "at least 0" },
        { "minimumRate ∞", "minimumRate", double.PositiveInfinity, "at least 0" },
        { "cooldown", "cooldown", -1L, "at least 0" },
        { "minDelta", "minDelta", -0.5, "at least 0" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_setting_out_of_range_is_refused_where_it_is_set_naming_it_and_its_rule(string setting, string paramName, object value, string rule)
    {
        Func<LearningRateSchedule> create = setting switch
        {
            "factor" or "factor 0" or "factor NaN" => () => LearningRateSchedule.ReduceOnPlateau(factor: (double)value),
            "patience" => () => LearningRateSchedule.ReduceOnPlateau(patience: (int)(long)value),
            "minimumRate" or "minimumRate ∞" => () => LearningRateSchedule.ReduceOnPlateau(minimumRate: (double)value),
            "cooldown" => () => LearningRateSchedule.ReduceOnPlateau(cooldown: (int)(long)value),
            _ => () => LearningRateSchedule.ReduceOnPlateau(minDelta: (double)value),
        };

        var refusal = create.Should().ThrowExactly<ArgumentOutOfRangeException>().Which;
        refusal.ParamName.Should().Be(paramName);
        refusal.ActualValue.Should().Be(value);
        refusal.Message.Should().Contain(rule);
    }

    [Fact]
    public void A_checkpoint_keeps_the_running_state_so_a_resumed_run_matches_the_uninterrupted_one_bit_for_bit()
    {
        // Given two identical runs with a schedule that reduces after epochs 3 and 6 (patience 2, no fall counts), with
        // a cooldown of 1 that is still pending at the checkpoint after epoch 3
        static SgdOptimizer<double> Optimizer() => new(0.2) { Schedule = LearningRateSchedule.ReduceOnPlateau(factor: 0.5, patience: 2, cooldown: 1, minDelta: 1000) };
        var (uninterruptedNetwork, inputs, targets) = Problem();
        var uninterrupted = new Trainer<double>(Optimizer()) { MiniBatchSize = 4, Epochs = 6, Seed = 3 };
        var (network, _, _) = Problem();
        var trainer = new Trainer<double>(Optimizer()) { MiniBatchSize = 4, Epochs = 3, Seed = 3 };

        // When one trains 6 epochs and the other 3, is checkpointed, loaded and trained 3 more
        uninterrupted.Fit(uninterruptedNetwork, inputs, targets);
        trainer.Fit(network, inputs, targets);
        var file = Save(network, trainer);
        var (resumedNetwork, resumedTrainer) = Checkpoint<double>.Load(new MemoryStream(file, writable: false));
        resumedTrainer.Fit(resumedNetwork, inputs, targets);

        // Then the saved state is the one after epoch 3, and the weights are those of the uninterrupted run
        var schedule = JsonNode.Parse(file)!["optimizer"]!["schedule"]!;
        schedule["kind"]!.GetValue<string>().Should().Be("reduce-on-plateau");
        (schedule["reductions"]!.GetValue<int>(), schedule["wait"]!.GetValue<int>(), schedule["cooldownLeft"]!.GetValue<int>()).Should().Be((1, 0, 1));
        ParameterSnapshot.Of(uninterruptedNetwork).ShouldBeBitIdenticalTo(resumedNetwork);
        ((SgdOptimizer<double>)resumedTrainer.Optimizer).LearningRateAt(1).Should().BeApproximately(0.05, 1e-15, "two reductions of 0.2");

        // And it saves back to the same bytes after loading
        Save(Checkpoint<double>.Load(new MemoryStream(file, writable: false)).Network, Checkpoint<double>.Load(new MemoryStream(file, writable: false)).Trainer)
            .Should().Equal(file);
    }

    public static TheoryData<string, JsonNode?, string> BadFiles() => new()
    {
        { "factor", 1.5, "in (0, 1)" },
        { "patience", 0, "at least 1" },
        { "minimumRate", -1.0, "at least 0" },
        { "reductions", -1, "at least 0" },
        { "wait", 2, "in [0, 1]" },
        { "cooldownLeft", 2, "in [0, 1]" },
        { "best", null, "a loss once an epoch has been watched" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_checkpoint_with_a_setting_or_state_out_of_range_is_refused_at_that_member(string member, JsonNode? value, string rule)
    {
        // Given a checkpoint after 3 epochs of a schedule with patience 2 and cooldown 1 (one reduction made)
        var (network, inputs, targets) = Problem();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.2) { Schedule = LearningRateSchedule.ReduceOnPlateau(0.5, patience: 2, cooldown: 1, minDelta: 1000) })
        {
            MiniBatchSize = 4,
            Epochs = 3,
        };
        trainer.Fit(network, inputs, targets);
        var root = JsonNode.Parse(Save(network, trainer))!;
        root["optimizer"]!["schedule"]![member] = value;

        // When one member is put out of range and the file loaded (the checksum does not matter: the rule is checked)
        var load = () => Checkpoint<double>.Load(new MemoryStream(Encoding.UTF8.GetBytes(root.ToJsonString()), writable: false));

        // Then it is refused at that member with the rule
        var refusal = load.Should().ThrowExactly<ModelFormatException>().Which;
        refusal.Location.Should().Be($"$.optimizer.schedule.{member}");
        refusal.Message.Should().Contain(rule);
    }

    private static byte[] Save(Network<double> network, Trainer<double> trainer)
    {
        using var stream = new MemoryStream();
        new Checkpoint<double>(network, trainer).Save(stream);
        return stream.ToArray();
    }

    /// <summary>A seeded 2-3-2 tanh-softmax network and 12 samples of a linearly separable problem.</summary>
    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) Problem()
    {
        var network = SerializationTestData.RandomNetwork(33, [2, 3, 2], l => l == 0 ? Activation<double>.Tanh : Activation<double>.Softmax, true, loss: Loss<double>.CategoricalCrossEntropy);
        var inputs = SerializationTestData.Uniform<double>(34, 2, 12);
        var targets = Matrix<double>.Build.Dense(2, 12, (i, j) => (inputs[0, j] > 0) == (i == 0) ? 1 : 0);
        return (network, inputs, targets);
    }

    /// <summary>A synchronous progress sink that keeps the epoch-end reports.</summary>
    private sealed class Collect(Action<TrainingProgress> onEpochEnd) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.IsEpochEnd)
            {
                onEpochEnd(value);
            }
        }
    }
}
