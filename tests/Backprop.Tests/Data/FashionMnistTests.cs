using System.Diagnostics;
using Backprop.Data;
using Xunit.Abstractions;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="FashionMnist"/> loads the real Fashion-MNIST installed by the Debian package
/// <c>dataset-fashion-mnist</c>. These tests do not skip when it is absent: they fail with the install message.
/// </summary>
public sealed class FashionMnistTests(ITestOutputHelper output)
{
    [Fact]
    public void The_training_split_has_60000_images_of_784_pixels_in_0_1_and_6000_of_each_class()
    {
        // Given Fashion-MNIST in its default folder (if it is missing, Load throws the install message)

        // When the training split is loaded
        var clock = Stopwatch.StartNew();
        var data = FashionMnist.Load<float>(MnistSplit.Training);
        clock.Stop();
        output.WriteLine($"Loaded {data.Count} training images from {FashionMnist.DefaultFolder} in {clock.Elapsed.TotalMilliseconds:F0} ms.");

        // Then there are 60,000 samples, 784 features in [0, 1] and one-hot targets of 10 classes, balanced as published
        ShouldBeFashionMnist(data, samples: 60_000);
    }

    [Fact]
    public void The_test_split_has_10000_images_of_784_pixels_in_0_1_and_1000_of_each_class()
    {
        // When the test split is loaded from the default folder
        var data = FashionMnist.Load<double>(MnistSplit.Test);

        // Then there are 10,000 samples, balanced as published
        ShouldBeFashionMnist(data, samples: 10_000);
    }

    [Fact]
    public void MaxSamples_loads_a_slice_that_matches_the_start_of_the_full_split()
    {
        // When 100 test images are loaded, and the whole test split
        var slice = FashionMnist.Load<double>(MnistSplit.Test, maxSamples: 100);
        var full = FashionMnist.Load<double>(MnistSplit.Test);

        // Then the slice is the first 100
        slice.Count.Should().Be(100);
        slice.Labels.Should().Equal(full.Labels.Take(100));
        slice.Inputs.Should().Be(full.Inputs.SubMatrix(0, 784, 0, 100));
    }

    [Fact]
    public void The_class_names_are_the_ten_published_ones_in_label_order()
    {
        // Then the names and folder are those of the dataset and of the Debian package
        FashionMnist.ClassNames.Should().Equal(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        FashionMnist.DefaultFolder.Should().Be("/usr/share/datasets/fashion-mnist");
    }

    [Fact]
    public void A_folder_without_the_files_fails_with_the_install_command()
    {
        // Given an empty folder
        using var folder = new TemporaryFolder();

        // When Fashion-MNIST is loaded from it, then the message says how to install it
        var load = () => FashionMnist.Load<float>(MnistSplit.Training, folder.Path);
        load.Should().ThrowExactly<FileNotFoundException>()
            .Which.Message.Should().Contain("apt-get install -y dataset-fashion-mnist").And.Contain(folder.Path);
    }

    private static void ShouldBeFashionMnist<T>(LabeledDataset<T> data, int samples)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        data.Count.Should().Be(samples);
        data.Inputs.RowCount.Should().Be(784);
        data.Inputs.ColumnCount.Should().Be(samples);
        data.Targets.RowCount.Should().Be(10);
        data.Targets.ColumnCount.Should().Be(samples);
        data.ClassNames.Should().Equal(FashionMnist.ClassNames);

        var pixels = data.Inputs.AsColumnMajorArray();
        pixels.Should().NotBeNull();
        pixels!.Min().Should().Be(T.Zero);
        pixels.Max().Should().Be(T.One);

        data.Labels.Should().OnlyContain(label => label >= 0 && label <= 9);
        data.Labels.GroupBy(label => label).Select(g => g.Count()).Should().AllBeEquivalentTo(samples / 10).And.HaveCount(10);
        for (var j = 0; j < samples; j += 997)
        {
            data.Targets.Column(j).Sum().Should().Be(T.One);
            data.Targets[data.Labels[j], j].Should().Be(T.One);
        }
    }
}
