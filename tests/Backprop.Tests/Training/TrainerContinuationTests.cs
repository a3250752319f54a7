using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// One way to train: calling <see cref="Trainer{T}.Fit(Network{T}, Matrix{T}, Matrix{T}, FitOptions{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>
/// again continues the run exactly as one longer call, and exactly as resuming a checkpoint does (optimizer
/// state, step count, shuffle sequence), for a stateful optimizer with a schedule.
/// </summary>
public sealed class TrainerContinuationTests
{
    [Fact]
    public void Two_fits_of_two_epochs_give_the_bits_of_one_fit_of_four_and_of_a_resumed_checkpoint()
    {
        // Given three copies of one network and the same data
        var network = new NetworkBuilder<double>(3).AddDense(6, Activation<double>.Tanh).AddDense(2, Activation<double>.Identity).WithSeed(2).Build();
        var inputs = TestData.Uniform(new Random(1), 3, 20);
        var targets = TestData.Uniform(new Random(2), 2, 20);
        var (once, twice, resumed) = (network.Clone(), network.Clone(), network.Clone());

        // When one trains 4 epochs in one call, one 2 + 2 on the same trainer, and one 2, then checkpoint, load, 2
        NewTrainer(epochs: 4).Fit(once, inputs, targets);
        var trainer = NewTrainer(epochs: 2);
        var first = trainer.Fit(twice, inputs, targets);
        var second = trainer.Fit(twice, inputs, targets);
        var beforeCheckpoint = NewTrainer(epochs: 2);
        beforeCheckpoint.Fit(resumed, inputs, targets);
        using var stream = new MemoryStream();
        new Checkpoint<double>(resumed, beforeCheckpoint).Save(stream);
        stream.Position = 0;
        var (loaded, loadedTrainer) = Checkpoint<double>.Load(stream);
        loadedTrainer.Fit(loaded, inputs, targets);

        // Then all three end on the same bits, and the run state counts every epoch and step
        ParameterSnapshot<double>.Of(once).ShouldBeBitIdenticalTo(twice, "2 + 2 epochs on one trainer");
        ParameterSnapshot<double>.Of(once).ShouldBeBitIdenticalTo(loaded, "2 epochs, a checkpoint, 2 more");
        trainer.State.EpochsCompleted.Should().Be(4);
        trainer.State.StepsTaken.Should().Be(4 * 4); // 20 samples in batches of 5, four epochs
        loadedTrainer.State.Should().BeEquivalentTo(trainer.State);
        first.Losses.Should().HaveCount(2);
        second.Losses.Should().HaveCount(2).And.NotEqual(first.Losses);
    }

    [Fact]
    public void Fit_takes_a_labeled_dataset_as_its_inputs_and_one_hot_targets()
    {
        // Given a data set of three labelled samples
        var inputs = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 2 }, { 1, 0, 1 } });
        var data = new Backprop.Data.LabeledDataset<double>(inputs, [0, 1, 1], ["a", "b"]);
        var network = new NetworkBuilder<double>(2).AddDense(2, Activation<double>.Softmax).WithLoss(Loss<double>.CategoricalCrossEntropy).WithSeed(1).Build();
        var same = network.Clone();

        // When it trains on the data set and on its matrices
        NewTrainer(epochs: 3).Fit(network, data);
        NewTrainer(epochs: 3).Fit(same, data.Inputs, data.Targets);

        // Then the two are the same training
        ParameterSnapshot<double>.Of(same).ShouldBeBitIdenticalTo(network, "Fit(network, dataset)");
    }

    private static Trainer<double> NewTrainer(int epochs)
        => new(new AdamOptimizer<double>(0.01) { Schedule = LearningRateSchedule.Cosine(100, 0.001) }) { MiniBatchSize = 5, Epochs = epochs, Seed = 7 };
}
