using Backprop.Tests.Serialization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// The weight-update protocol: one training operation per network at a time, parameter changes only inside it
/// (so <see cref="DenseLayer{T}.SetWeights"/> during training is refused), updates that cannot nest, and saves
/// that never write a state the weights were not in. Each case is made deterministic by acting from inside a
/// training call (a progress report or an optimizer step) instead of racing a thread.
/// </summary>
public sealed class WeightUpdateProtocolTests
{
    [Fact]
    public void SetWeights_during_training_is_refused_and_training_goes_on_unharmed()
    {
        // Given a network being trained, and SetWeights attempted from the training's own progress report
        var (network, inputs, targets) = Problem();
        var reference = network.Clone();
        var attempts = new List<Exception?>();
        var progress = new SynchronousProgress(_ => attempts.Add(Record(() => network.Layers[0].SetWeights(Matrix<double>.Build.Dense(4, 3, 0.0)))));

        // When it trains for two epochs
        NewTrainer().Fit(network, inputs, targets, new FitOptions<double> { CollectDiagnostics = false }, progress);
        NewTrainer().Fit(reference, inputs, targets, new FitOptions<double> { CollectDiagnostics = false });

        // Then every attempt threw InvalidOperationException and the weights are those of an undisturbed run
        attempts.Should().NotBeEmpty().And.OnlyContain(e => e is InvalidOperationException);
        ParameterSnapshot<double>.Of(reference).ShouldBeBitIdenticalTo(network, "training was not disturbed");
    }

    [Fact]
    public void A_trainer_refuses_a_second_concurrent_Fit_even_on_another_network()
    {
        // Given one trainer, and a second Fit started from inside the first one's progress report
        var (network, inputs, targets) = Problem();
        var (other, _, _) = Problem();
        var trainer = NewTrainer();
        Exception? second = null;
        var progress = new SynchronousProgress(_ => second ??= Record(() => trainer.Fit(other, inputs, targets)));

        // When the first Fit runs
        trainer.Fit(network, inputs, targets, progress: progress);

        // Then the second was refused and left the other network untouched
        second.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("trainer");
        ParameterSnapshot<double>.Of(Problem().Network).ShouldBeBitIdenticalTo(other, "the refused Fit changed nothing");
    }

    [Fact]
    public void A_save_inside_a_weight_update_throws_and_writes_nothing()
    {
        // Given an optimizer whose step tries to save the network in the middle of its update
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "model.json");
        var (network, inputs, targets) = Problem();
        var saves = new List<Exception?>();
        var trainer = new Trainer<double>(new SavingOptimizer(() => saves.Add(Record(() => network.Save(path))))) { MiniBatchSize = 4 };

        // When one step runs
        trainer.Step(network, inputs, targets);

        // Then the save was refused (the weights were half-updated) and no file appeared
        saves.Should().ContainSingle().Which.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("nothing was written");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void A_save_from_a_progress_report_writes_the_state_between_batches()
    {
        // Given a save from the progress report after the first of two batches
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "model.json");
        var (network, inputs, targets) = Problem();
        var saved = false;
        var progress = new SynchronousProgress(report =>
        {
            if (!saved)
            {
                network.Save(path);
                saved = true;
            }
        });
        var firstBatchOnly = network.Clone();
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 4, Shuffle = false }.Step(firstBatchOnly, inputs.SubMatrix(0, 3, 0, 4), targets.SubMatrix(0, 2, 0, 4));

        // When training runs with shuffling off
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 4, Shuffle = false }.Fit(network, inputs, targets, new FitOptions<double> { CollectDiagnostics = false }, progress);

        // Then the file holds exactly the weights after the first batch
        ParameterSnapshot<double>.Of(firstBatchOnly).ShouldBeBitIdenticalTo(Network<double>.Load(path), "the saved state");
    }

    [Fact]
    public void Weight_updates_do_not_nest_and_a_second_training_operation_is_refused()
    {
        // Given a network
        var (network, inputs, targets) = Problem();
        var expected = network.Predict(inputs).ToColumnMajorArray();

        // When an update is opened inside an open update, and a training operation inside another
        var nested = Record(() =>
        {
            using var training = network.Guard.EnterTraining();
            using var update = training.BeginWeightUpdate();
            using var again = training.BeginWeightUpdate();
        });
        var second = Record(() =>
        {
            using var training = network.Guard.EnterTraining();
            using var again = network.Guard.EnterTraining();
        });

        // Then both are refused, and once the scopes closed the network predicts and trains as before
        nested.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("do not nest");
        second.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("already being trained");
        Bitwise.ShouldEqual(expected, network.Predict(inputs).ToColumnMajorArray(), "the predictions after the refusals");
        NewTrainer().Fit(network, inputs, targets).Losses.Should().HaveCount(2);
    }

    [Fact]
    public void A_trainer_on_the_network_its_last_step_left_bound_still_refuses_a_concurrent_step_on_another_network()
    {
        // Given a trainer whose first step bound network A to it, and whose second step on A (the bound one) tries a
        // step on network B from the middle of its update
        var (network, inputs, targets) = Problem();
        var (other, _, _) = Problem();
        Trainer<double>? trainer = null;
        var steps = 0;
        Exception? second = null;
        trainer = new Trainer<double>(new SavingOptimizer(() =>
        {
            if (++steps == 2)
            {
                second = Record(() => trainer!.Step(other, inputs, targets));
            }
        }))
        { MiniBatchSize = 8 };

        // When it steps twice on A
        trainer.Step(network, inputs, targets);
        trainer.Step(network, inputs, targets);

        // Then the step on B was refused as a second use of the trainer, and B is untouched
        second.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("trainer");
        ParameterSnapshot<double>.Of(Problem().Network).ShouldBeBitIdenticalTo(other, "the refused step changed nothing");
        trainer.State.StepsTaken.Should().Be(2);
    }

    [Fact]
    public void A_network_bound_to_a_trainer_is_refused_to_others_during_its_step_and_served_between_steps()
    {
        // Given a trainer whose steps bind network A to it; during its second step another trainer's step and SetWeights
        // on A are tried, and between its second and third step SetWeights sets A's first layer
        var (network, inputs, targets) = Problem();
        var during = new List<Exception?>();
        var steps = 0;
        var trainer = new Trainer<double>(new SavingOptimizer(() =>
        {
            if (++steps == 2)
            {
                during.Add(Record(() => new Trainer<double>(new SgdOptimizer<double>(0.5)).Step(network, inputs, targets)));
                during.Add(Record(() => network.Layers[0].SetWeights(Matrix<double>.Build.Dense(4, 3, 0.0))));
            }
        }))
        { MiniBatchSize = 8 };
        var weights = Matrix<double>.Build.Dense(4, 3, (i, j) => (0.1 * i) - (0.05 * j));

        // When it steps twice, A's first layer is set, and it steps once more
        trainer.Step(network, inputs, targets);
        trainer.Step(network, inputs, targets);
        network.Layers[0].SetWeights(weights);
        trainer.Step(network, inputs, targets);

        // Then both calls during the step were refused, and the third step is the step of plain SGD from the set weights
        during.Should().HaveCount(2).And.OnlyContain(e => e is InvalidOperationException);
        var reference = Problem().Network;
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 8 }.Step(reference, inputs, targets);
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 8 }.Step(reference, inputs, targets);
        reference.Layers[0].SetWeights(weights);
        new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 8 }.Step(reference, inputs, targets);
        ParameterSnapshot<double>.Of(reference).ShouldBeBitIdenticalTo(network, "the steps around the refusals");
    }

    [Fact]
    public void A_Fit_ends_its_trainers_binding_so_a_step_from_inside_it_is_refused()
    {
        // Given a trainer whose step bound network A to it, then a Fit on network B that tries a step on A from its
        // progress report
        var (network, inputs, targets) = Problem();
        var (other, _, _) = Problem();
        var trainer = NewTrainer();
        trainer.Step(network, inputs.SubMatrix(0, 3, 0, 4), targets.SubMatrix(0, 2, 0, 4));
        var afterStep = ParameterSnapshot<double>.Of(network);
        Exception? inside = null;
        var progress = new SynchronousProgress(_ => inside ??= Record(() => trainer.Step(network, inputs, targets)));

        // When the Fit runs
        trainer.Fit(other, inputs, targets, progress: progress);

        // Then the step on A was refused as a second use of the trainer, and A is as its one step left it
        inside.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("trainer");
        afterStep.ShouldBeBitIdenticalTo(network, "the refused step changed nothing");
    }

    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) Problem()
    {
        var network = new NetworkBuilder<double>(3).AddDense(4, Activation<double>.Tanh).AddDense(2, Activation<double>.Sigmoid).WithSeed(8).Build();
        return (network, TestData.Uniform(new Random(5), 3, 8), TestData.Uniform(new Random(6), 2, 8, 0, 1));
    }

    private static Trainer<double> NewTrainer() => new(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 4, Epochs = 2, Seed = 3 };

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Reports on the training thread, in order (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>Plain SGD that calls back in the middle of its update, after the first parameter changed.</summary>
    private sealed class SavingOptimizer(Action inTheMiddle) : Optimizer<double>
    {
        private readonly SgdOptimizer<double> _sgd = new(0.5);

        public override string Name => "saving-sgd";

        public override void Reset() => _sgd.Reset();

        public override double Step(TrainingObjective<double> objective)
        {
            var cost = _sgd.Step(objective);
            inTheMiddle();
            return cost;
        }
    }
}
