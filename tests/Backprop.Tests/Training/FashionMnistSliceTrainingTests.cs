using Backprop.Data;
using Backprop.Tests.TestSupport;
using Xunit.Abstractions;

namespace Backprop.Tests.Training;

/// <summary>
/// End to end on real data: the slice of Fashion-MNIST shipped with the tests (the first 2,000 training and the
/// first 1,000 test images; <c>TestData/fashion-mnist-slice/NOTICE</c>), so nothing needs to be installed.
/// </summary>
public sealed class FashionMnistSliceTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void Training_on_2000_images_for_a_few_epochs_classifies_1000_held_out_test_images_better_than_70_percent()
    {
        // Given the first 2,000 training images and the first 1,000 test images
        var training = FashionMnist.Load<float>(MnistSplit.Training, FashionMnistSlice.Folder);
        var test = FashionMnist.Load<float>(MnistSplit.Test, FashionMnistSlice.Folder);
        var network = new NetworkBuilder<float>(inputSize: 784)
            .AddDense(64, Activation<float>.Relu)
            .AddDense(10, Activation<float>.Softmax)
            .WithLoss(Loss<float>.CategoricalCrossEntropy)
            .WithSeed(1)
            .Build();
        var trainer = new Trainer<float>(new AdamOptimizer<float>(0.002)) { MiniBatchSize = 32, Epochs = 5, Seed = 2 };

        // When it is fitted for five epochs
        var history = trainer.Fit(network, training.Inputs, training.Targets);

        // Then the loss fell and test accuracy is well above chance (0.10) and above the most frequent class's share
        // of the test slice (0.115, class 4): a trainer that learns nothing cannot pass
        var accuracy = Metrics.Accuracy(network.Predict(test.Inputs), test.Targets);
        output.WriteLine($"Test accuracy {accuracy:F4} on {test.Count} images; loss {history.Epochs[0].Loss:F4} after epoch 1, {history.Epochs[^1].Loss:F4} after epoch {history.Epochs.Count}.");
        history.Epochs[^1].Loss.Should().BeLessThan(history.Epochs[0].Loss);
        accuracy.Should().BeGreaterThan(0.70);
    }
}
