using Backprop.Data;

namespace Backprop.Tests.Training;

/// <summary>
/// End to end on real data: Fashion-MNIST from the Debian package dataset-fashion-mnist, which .ci/run installs.
/// Without it these tests fail with the install command (they are never skipped).
/// </summary>
public sealed class FashionMnistSliceTrainingTests
{
    [Fact]
    public void Training_on_2000_images_for_a_few_epochs_classifies_held_out_test_images_better_than_70_percent()
    {
        // Given the first 2,000 training images and the first 2,000 test images
        var training = FashionMnist.Load<float>(MnistSplit.Training, maxSamples: 2000);
        var test = FashionMnist.Load<float>(MnistSplit.Test, maxSamples: 2000);
        var network = new NetworkBuilder<float>(inputSize: 784)
            .AddDense(64, Activation<float>.Relu)
            .AddDense(10, Activation<float>.Softmax)
            .WithLoss(Loss<float>.CategoricalCrossEntropy)
            .WithSeed(1)
            .Build();
        var trainer = new Trainer<float>(new AdamOptimizer<float>(0.002)) { MiniBatchSize = 32, Epochs = 5, Seed = 2 };

        // When it is fitted for five epochs
        var history = trainer.Fit(network, training.Inputs, training.Targets);

        // Then the loss fell and test accuracy is well above chance (0.10)
        history.Epochs[^1].Loss.Should().BeLessThan(history.Epochs[0].Loss);
        Metrics.Accuracy(network.Predict(test.Inputs), test.Targets).Should().BeGreaterThan(0.70);
    }
}
