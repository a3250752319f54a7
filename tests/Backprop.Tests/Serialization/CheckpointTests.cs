using System.Numerics;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

public sealed class CheckpointTests
{
    private const int Samples = 40;

    public static TheoryData<string, string> EveryOptimizerAndElementType()
    {
        var data = new TheoryData<string, string>();
        foreach (var optimizer in new[] { "sgd", "sgd-momentum", "sgd-nesterov", "adam", "adamw", "rmsprop", "lbfgs", "irprop-minus" })
        {
            data.Add(optimizer, "float");
            data.Add(optimizer, "double");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOptimizerAndElementType))]
    public void Training_resumed_from_a_checkpoint_reaches_the_weights_of_the_uninterrupted_run_bit_for_bit(string optimizer, string elementType)
    {
        if (elementType == "float")
        {
            ResumeMatchesUninterrupted<float>(optimizer);
        }
        else
        {
            ResumeMatchesUninterrupted<double>(optimizer);
        }
    }

    [Fact]
    public void Training_with_dropout_resumed_from_a_checkpoint_draws_the_same_masks_as_the_uninterrupted_run()
    {
        // Given two identical networks with dropout after the hidden layer (masks seeded alike)
        var (inputs, targets) = Data<double>();
        Network<double> WithDropout() => new NetworkBuilder<double>(3).AddDense(6, Activation<double>.Tanh).AddDropout(0.5)
            .AddDense(2, Activation<double>.Softmax).WithLoss(Loss<double>.CategoricalCrossEntropy).WithSeed(5).Build();
        var uninterruptedNetwork = WithDropout();
        var uninterrupted = new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 8, Epochs = 6, Seed = 3 };
        var network = WithDropout();
        var trainer = new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 8, Epochs = 3, Seed = 3 };

        // When one trains 6 epochs, the other 3, is checkpointed, loaded and trained 3 more
        uninterrupted.Fit(uninterruptedNetwork, inputs, targets);
        trainer.Fit(network, inputs, targets);
        var (resumedNetwork, resumedTrainer) = SaveAndLoad(network, trainer);
        resumedTrainer.Fit(resumedNetwork, inputs, targets);

        // Then the weights are bit-identical: the masks continued where the saved run left them
        ParameterSnapshot.Of(uninterruptedNetwork).ShouldBeBitIdenticalTo(resumedNetwork);
    }

    [Fact]
    public void The_restored_trainer_has_the_saved_settings_step_count_and_optimizer_settings()
    {
        // Given a trainer with AdamW, a warm-up cosine schedule, clipping and weight decay, after 2 epochs
        var (inputs, targets) = Data<double>();
        var network = NewNetwork<double>();
        var optimizer = new AdamWOptimizer<double>(0.02)
        {
            Beta1 = 0.85,
            Beta2 = 0.99,
            Epsilon = 1e-7,
            DecoupledWeightDecay = 0.03,
            WeightDecay = 1e-4,
            GradientClipNorm = 2.5,
            Schedule = LearningRateSchedule.Cosine(100, 1e-4).WithWarmup(5),
        };
        var trainer = new Trainer<double>(optimizer) { MiniBatchSize = 7, Epochs = 2, Seed = 11, Shuffle = true };
        trainer.Fit(network, inputs, targets);

        // When it is checkpointed and loaded
        var (_, restored) = SaveAndLoad(network, trainer);

        // Then every setting came back
        restored.MiniBatchSize.Should().Be(7);
        restored.Epochs.Should().Be(2);
        restored.Seed.Should().Be(11);
        restored.Shuffle.Should().BeTrue();
        restored.State.StepsTaken.Should().Be(trainer.State.StepsTaken).And.Be(12);
        var adamW = restored.Optimizer.Should().BeOfType<AdamWOptimizer<double>>().Subject;
        (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.DecoupledWeightDecay, adamW.WeightDecay, adamW.GradientClipNorm)
            .Should().Be((0.02, 0.85, 0.99, 1e-7, 0.03, 1e-4, 2.5));
        Enumerable.Range(1, 120).Select(step => adamW.LearningRateAt(step))
            .Should().Equal(Enumerable.Range(1, 120).Select(step => optimizer.LearningRateAt(step)), "the schedule must be the same function of the step");
    }

    [Fact]
    public void A_checkpoint_taken_before_the_first_step_resumes_like_a_fresh_trainer()
    {
        // Given an untrained network and a trainer that has not stepped (no optimizer state yet)
        var (inputs, targets) = Data<double>();
        var reference = NewNetwork<double>();
        new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 8, Epochs = 2, Seed = 4 }.Fit(reference, inputs, targets);
        var network = NewNetwork<double>();
        var trainer = new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 8, Epochs = 2, Seed = 4 };

        // When it is checkpointed, loaded and trained
        var (restoredNetwork, restoredTrainer) = SaveAndLoad(network, trainer);
        restoredTrainer.Fit(restoredNetwork, inputs, targets);

        // Then it matches the fresh run
        ParameterSnapshot.Of(reference).ShouldBeBitIdenticalTo(restoredNetwork);
    }

    [Fact]
    public void A_checkpoint_round_trips_through_a_file_and_is_refused_by_the_network_loader()
    {
        // Given a checkpoint file
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "run.ckpt.json");
        var (inputs, targets) = Data<float>();
        var network = NewNetwork<float>();
        var trainer = new Trainer<float>(new SgdOptimizer<float>(0.1) { Momentum = 0.9 }) { MiniBatchSize = 10, Seed = 2 };
        trainer.Fit(network, inputs, targets);
        new Checkpoint<float>(network, trainer).Save(path);

        // When it is loaded as a checkpoint and as a network file
        var (loaded, _) = Checkpoint<float>.Load(path);
        var asNetwork = () => Network<float>.Load(path);

        // Then the checkpoint holds the network, and the network loader points to Checkpoint.Load
        ParameterSnapshot.Of(network).ShouldBeBitIdenticalTo(loaded);
        asNetwork.Should().Throw<ModelFormatException>().Where(e => e.Location == "$.format" && e.Message.Contains("Checkpoint<T>.Load", StringComparison.Ordinal));
    }

    [Fact]
    public void A_custom_optimizer_or_schedule_cannot_be_checkpointed()
    {
        // Given trainers with a user-defined optimizer and with a user-defined schedule
        var network = NewNetwork<double>();
        var custom = new Trainer<double>(new HalvingOptimizer());
        var customSchedule = new Trainer<double>(new SgdOptimizer<double>(0.1) { Schedule = new SquareRootSchedule() });

        // When they are checkpointed
        var saveCustom = () => new Checkpoint<double>(network, custom).Save(new MemoryStream());
        var saveSchedule = () => new Checkpoint<double>(network, customSchedule).Save(new MemoryStream());

        // Then both are refused before anything is written
        saveCustom.Should().Throw<NotSupportedException>().WithMessage("*not built in*");
        saveSchedule.Should().Throw<NotSupportedException>().WithMessage("*SquareRootSchedule*");
    }

    private static void ResumeMatchesUninterrupted<T>(string optimizerName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Given the same initial network twice, and trainers with the same settings
        var (inputs, targets) = Data<T>();
        var fullBatch = optimizerName is "lbfgs" or "irprop-minus";
        var batchSize = fullBatch ? Samples : 8;
        var uninterruptedNetwork = NewNetwork<T>();
        var uninterrupted = new Trainer<T>(NewOptimizer<T>(optimizerName)) { MiniBatchSize = batchSize, Epochs = 6, Seed = 3 };
        var network = NewNetwork<T>();
        var trainer = new Trainer<T>(NewOptimizer<T>(optimizerName)) { MiniBatchSize = batchSize, Epochs = 3, Seed = 3 };

        // When one trains 6 epochs, and the other 3 epochs, is checkpointed, loaded, and trained 3 more
        uninterrupted.Fit(uninterruptedNetwork, inputs, targets);
        trainer.Fit(network, inputs, targets);
        var (resumedNetwork, resumedTrainer) = SaveAndLoad(network, trainer);
        resumedTrainer.Fit(resumedNetwork, inputs, targets);

        // Then the weights and the step count are the same, bit for bit
        resumedTrainer.State.StepsTaken.Should().Be(uninterrupted.State.StepsTaken);
        ParameterSnapshot.Of(uninterruptedNetwork).ShouldBeBitIdenticalTo(resumedNetwork);

        // And the weights really moved in the second half (the test would be empty otherwise)
        Bitwise.FirstDifference<T>(network.Layers[0].GetWeights().ToColumnMajorArray(), resumedNetwork.Layers[0].GetWeights().ToColumnMajorArray())
            .Should().NotBe(-1);
    }

    private static Optimizer<T> NewOptimizer<T>(string name)
        where T : struct, IFloatingPointIeee754<T>
        => name switch
        {
            "sgd" => new SgdOptimizer<T>(0.2) { WeightDecay = 1e-3, Schedule = LearningRateSchedule.StepDecay(4, 0.5) },
            "sgd-momentum" => new SgdOptimizer<T>(0.05) { Momentum = 0.9, GradientClipNorm = 0.5, Schedule = LearningRateSchedule.Exponential(0.98) },
            "sgd-nesterov" => new SgdOptimizer<T>(0.05) { Momentum = 0.8, Nesterov = true },
            "adam" => new AdamOptimizer<T>(0.02) { Schedule = LearningRateSchedule.Cosine(20, 1e-3).WithWarmup(3) },
            "adamw" => new AdamWOptimizer<T>(0.02) { DecoupledWeightDecay = 0.05, Beta1 = 0.8 },
            "rmsprop" => new RmsPropOptimizer<T>(0.01) { Alpha = 0.9, Schedule = LearningRateSchedule.Constant },
            "lbfgs" => new LbfgsOptimizer<T> { HistorySize = 4 },
            "irprop-minus" => new IRpropMinusOptimizer<T>(initialStep: 0.05),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such optimizer in these tests."),
        };

    private static Network<T> NewNetwork<T>()
        where T : struct, IFloatingPointIeee754<T>
        => SerializationTestData.RandomNetwork(21, [3, 6, 2], l => l == 0 ? Activation<T>.Tanh : Activation<T>.Softmax, true, loss: Loss<T>.CategoricalCrossEntropy);

    private static (Matrix<T> Inputs, Matrix<T> Targets) Data<T>()
        where T : struct, IFloatingPointIeee754<T>
    {
        var inputs = SerializationTestData.Uniform<T>(22, 3, Samples);
        var targets = Matrix<T>.Build.Dense(2, Samples, (i, j) => (inputs[0, j] + inputs[1, j] > T.Zero) == (i == 0) ? T.One : T.Zero);
        return (inputs, targets);
    }

    private static (Network<T> Network, Trainer<T> Trainer) SaveAndLoad<T>(Network<T> network, Trainer<T> trainer)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        new Checkpoint<T>(network, trainer).Save(stream);
        stream.Position = 0;
        var (loaded, resumed) = Checkpoint<T>.Load(stream);
        return (loaded, resumed);
    }

    private sealed class HalvingOptimizer : Optimizer<double>
    {
        public override string Name => "halving";

        public override double Step(TrainingObjective<double> objective) => objective.Evaluate();

        public override void Reset()
        {
        }
    }

    private sealed class SquareRootSchedule : LearningRateSchedule
    {
        public override double LearningRateAt(long stepNumber, double baseRate) => baseRate / Math.Sqrt(stepNumber);
    }
}
