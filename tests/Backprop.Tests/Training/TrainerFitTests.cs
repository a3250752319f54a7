using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

public sealed class TrainerFitTests
{
    [Fact]
    public void Fit_reports_every_batch_and_every_epoch_end_in_order()
    {
        // Given 40 samples in batches of 8 (5 batches per epoch) over 3 epochs
        var (inputs, targets) = TwoClasses(samples: 40, seed: 1);
        var network = Classifier(seed: 2);
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 8, Epochs = 3, Seed = 3 };
        var reports = new List<TrainingProgress>();

        // When it is fitted with a synchronous progress sink
        var history = trainer.Fit(network, inputs, targets, progress: new SynchronousProgress<TrainingProgress>(reports.Add));

        // Then each epoch gives batches 1..4 and then its end (batch 5), epochs in order
        reports.Select(r => (r.Epoch, r.Batch, r.IsEpochEnd)).Should().Equal(
            Enumerable.Range(1, 3).SelectMany(epoch => Enumerable.Range(1, 4).Select(batch => (epoch, batch, false)).Append((epoch, 5, true))));
        reports.Should().OnlyContain(r => r.Epochs == 3 && r.BatchesPerEpoch == 5 && r.Accuracy != null);
        reports.Where(r => r.IsEpochEnd).Select(r => r.Loss).Should().Equal(history.Epochs.Select(e => e.Loss));
        reports.Select(r => r.Elapsed).Should().BeInAscendingOrder();
    }

    [Fact]
    public void Fit_stops_at_a_batch_boundary_when_cancelled_and_leaves_finite_consistent_weights()
    {
        var (inputs, targets) = TwoClasses(samples: 40, seed: 1);
        var network = Classifier(seed: 2);
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 8, Epochs = 100, Seed = 3 };
        using var cancellation = new CancellationTokenSource();
        var batchesSeen = 0;
        var progress = new SynchronousProgress<TrainingProgress>(report =>
        {
            if (++batchesSeen == 7)
            {
                cancellation.Cancel();
            }
        });

        var fit = () => trainer.Fit(network, inputs, targets, progress: progress, cancellationToken: cancellation.Token);

        fit.Should().Throw<OperationCanceledException>();
        trainer.State.StepsTaken.Should().Be(7, "the cancelled batch boundary comes right after the seventh update");
        network.Layers.Should().OnlyContain(layer => layer.GetWeights().Enumerate().All(double.IsFinite));
        var afterwards = () => trainer.Step(network, inputs, targets);
        afterwards.Should().NotThrow("the network is free for training again");
    }

    [Fact]
    public void Early_stopping_restores_the_weights_of_the_best_validation_epoch()
    {
        // Given a network that overfits a small noisy training set, watched on a separate validation set
        var (inputs, targets) = TwoClasses(samples: 30, seed: 4, noise: 0.6);
        var (validationInputs, validationTargets) = TwoClasses(samples: 200, seed: 5, noise: 0.6);
        var network = new NetworkBuilder<double>(2).AddDense(32, Activation<double>.Tanh).AddDense(1, Activation<double>.Sigmoid)
            .WithLoss(Loss<double>.BinaryCrossEntropy).WithSeed(6).Build();
        var trainer = new Trainer<double>(new AdamOptimizer<double>(0.05)) { MiniBatchSize = 10, Epochs = 300, Seed = 7 };
        var options = new FitOptions<double>
        {
            ValidationInputs = validationInputs,
            ValidationTargets = validationTargets,
            EarlyStoppingPatience = 5,
        };

        // When it is fitted with early stopping
        var history = trainer.Fit(network, inputs, targets, options);

        // Then it stopped before 300 epochs, five epochs after the best one, and the weights are the best epoch's
        history.StoppedEarly.Should().BeTrue();
        history.Epochs.Should().HaveCount(history.BestEpoch!.Value + 5);
        history.RestoredBestWeights.Should().BeTrue();
        var bestLoss = history.Epochs[history.BestEpoch.Value - 1].ValidationLoss!.Value;
        history.Epochs.Select(e => e.ValidationLoss!.Value).Min().Should().Be(bestLoss);
        network.Cost(validationInputs, validationTargets).Should().BeApproximately(bestLoss, 1e-12);
    }

    [Fact]
    public void A_validation_fraction_holds_out_that_share_of_the_samples_by_a_seeded_split()
    {
        var (inputs, targets) = TwoClasses(samples: 50, seed: 1);
        var reports = new List<TrainingProgress>();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 10, Epochs = 1, Seed = 3 };

        trainer.Fit(Classifier(seed: 2), inputs, targets, new FitOptions<double> { ValidationFraction = 0.2 }, new SynchronousProgress<TrainingProgress>(reports.Add));

        reports.Last().BatchesPerEpoch.Should().Be(4, "40 of the 50 samples remain for training");
        reports.Last().ValidationLoss.Should().NotBeNull();
    }

    [Fact]
    public void Early_stopping_without_validation_data_is_refused_before_training()
    {
        var (inputs, targets) = TwoClasses(samples: 20, seed: 1);
        var network = Classifier(seed: 2);
        var before = network.Layers[0].GetWeights().Clone();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5));

        var fit = () => trainer.Fit(network, inputs, targets, new FitOptions<double> { EarlyStoppingPatience = 3 });

        fit.Should().Throw<ArgumentException>().WithMessage("*validation*");
        network.Layers[0].GetWeights().Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Diagnostics_warn_when_most_sigmoid_outputs_are_saturated()
    {
        // Given sigmoid hidden units driven deep into their tails by huge initial weights
        var (inputs, targets) = TwoClasses(samples: 40, seed: 1);
        var network = new NetworkBuilder<double>(2)
            .AddDense(8, Activation<double>.Sigmoid, initializer: WeightInitializer.Normal(50))
            .AddDense(1, Activation<double>.Sigmoid).WithSeed(2).Build();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 8, Epochs = 1 };

        var history = trainer.Fit(network, inputs, targets);

        var diagnostics = history.Epochs[0].Diagnostics!;
        diagnostics.Layers[0].SaturatedFraction.Should().BeGreaterThan(0.9);
        diagnostics.Warnings.Should().Contain(w => w.Contains("saturated", StringComparison.Ordinal) && w.StartsWith("Layer 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnostics_count_relus_that_never_fire_as_dead()
    {
        // Given a ReLU layer whose biases are so negative that no input can switch it on
        var (inputs, targets) = TwoClasses(samples: 40, seed: 1);
        var network = new NetworkBuilder<double>(2).AddDense(4, Activation<double>.Relu).AddDense(1, Activation<double>.Sigmoid).WithSeed(2).Build();
        network.Layers[0].SetBiases(Vector<double>.Build.Dense(4, -100));
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 8, Epochs = 1 };

        var history = trainer.Fit(network, inputs, targets);

        history.Epochs[0].Diagnostics!.Layers[0].DeadFraction.Should().Be(1.0);
        history.Epochs[0].Diagnostics!.Warnings.Should().Contain(w => w.Contains("ReLUs were inactive", StringComparison.Ordinal));
    }

    private static Network<double> Classifier(int seed)
        => new NetworkBuilder<double>(2).AddDense(4, Activation<double>.Tanh).AddDense(1, Activation<double>.Sigmoid).WithSeed(seed).Build();

    // Two Gaussian blobs at (−1, −1) (class 0) and (1, 1) (class 1), one column per sample.
    private static (Matrix<double> Inputs, Matrix<double> Targets) TwoClasses(int samples, int seed, double noise = 0.5)
    {
        var random = new Random(seed);
        var inputs = Matrix<double>.Build.Dense(2, samples);
        var targets = Matrix<double>.Build.Dense(1, samples);
        for (var j = 0; j < samples; j++)
        {
            var label = j % 2;
            var centre = label == 1 ? 1.0 : -1.0;
            inputs[0, j] = centre + (noise * (2 * random.NextDouble() - 1) * 2);
            inputs[1, j] = centre + (noise * (2 * random.NextDouble() - 1) * 2);
            targets[0, j] = label;
        }

        return (inputs, targets);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
