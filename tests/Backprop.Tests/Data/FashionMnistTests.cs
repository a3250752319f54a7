using Backprop.Data;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="FashionMnist"/> on the slice of the real data set shipped with the tests (the first 2,000 training and
/// 1,000 test images; see <c>TestData/fashion-mnist-slice/NOTICE</c>), so these tests need nothing installed.
/// </summary>
/// <remarks>
/// The expected counts, labels and pixels were read from the original files of the Debian package
/// <c>dataset-fashion-mnist</c> with Python's <c>gzip</c> and <c>struct</c> modules, not with this library.
/// The checks that need the full data set (60,000 and 10,000 images, 6,000 and 1,000 of each class) are in the
/// FashionMnist sample's <c>check</c> command, which <c>.ci/run</c> runs.
/// </remarks>
public sealed class FashionMnistTests
{
    [Fact]
    public void The_training_slice_has_2000_images_of_784_pixels_in_0_1_with_the_class_counts_of_the_original_file()
    {
        // Given the slice of Fashion-MNIST shipped with the tests

        // When its training split is loaded
        var data = FashionMnist.Load<float>(MnistSplit.Training, FashionMnistSlice.Folder);

        // Then there are 2,000 samples of 784 features in [0, 1], one-hot over 10 classes, counted per class as the
        // first 2,000 labels of train-labels-idx1-ubyte
        ShouldBeFashionMnist(data, samples: FashionMnistSlice.TrainingCount);
        ClassCounts(data).Should().Equal(194, 216, 202, 195, 186, 200, 194, 215, 198, 200);
        data.Labels.Take(10).Should().Equal(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        data.Labels[^1].Should().Be(8);
    }

    [Fact]
    public void The_test_slice_has_1000_images_of_784_pixels_in_0_1_with_the_class_counts_of_the_original_file()
    {
        // When the test split of the slice is loaded
        var data = FashionMnist.Load<double>(MnistSplit.Test, FashionMnistSlice.Folder);

        // Then there are 1,000 samples, counted per class as the first 1,000 labels of t10k-labels-idx1-ubyte
        ShouldBeFashionMnist(data, samples: FashionMnistSlice.TestCount);
        ClassCounts(data).Should().Equal(107, 105, 111, 93, 115, 87, 97, 95, 95, 95);
        data.Labels.Take(10).Should().Equal(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
        data.Labels[^1].Should().Be(7);
    }

    [Fact]
    public void Each_pixel_is_the_original_files_byte_over_255_row_by_row_one_column_per_image()
    {
        // Given bytes read from the original files: training image 0 (an ankle boot) has 1, 13 and 73 at row 3,
        // columns 12, 15 and 16, 217 at row 14, column 14 and 76,247 in all; image 1,999 has 199 at (14, 14);
        // test image 0 has 110 and test image 999 has 200 at (14, 14)
        static int Pixel(int row, int column) => (row * 28) + column;

        // When both splits of the slice are loaded
        var training = FashionMnist.Load<double>(MnistSplit.Training, FashionMnistSlice.Folder);
        var test = FashionMnist.Load<double>(MnistSplit.Test, FashionMnistSlice.Folder);

        // Then each input is that byte divided by 255
        training.ClassNames[training.Labels[0]].Should().Be("Ankle boot");
        training.Inputs[Pixel(3, 11), 0].Should().Be(0.0);
        training.Inputs[Pixel(3, 12), 0].Should().Be(1.0 / 255);
        training.Inputs[Pixel(3, 15), 0].Should().Be(13.0 / 255);
        training.Inputs[Pixel(3, 16), 0].Should().Be(73.0 / 255);
        training.Inputs[Pixel(14, 14), 0].Should().Be(217.0 / 255);
        (training.Inputs.Column(0).Sum() * 255).Should().BeApproximately(76_247, 1e-9);
        training.Inputs[Pixel(14, 14), 1999].Should().Be(199.0 / 255);
        test.Inputs[Pixel(14, 14), 0].Should().Be(110.0 / 255);
        test.Inputs[Pixel(14, 14), 999].Should().Be(200.0 / 255);
        training.FeatureNames[Pixel(14, 14)].Should().Be("pixel[14,14]");
    }

    [Fact]
    public void The_slice_files_keep_the_idx_format_with_the_slice_counts_in_their_headers()
    {
        // When the headers of the four files are read
        string File(string name) => Path.Combine(FashionMnistSlice.Folder, name);

        // Then images are count × 28 × 28 and labels count, with the counts of the slice
        IdxFile.ReadDimensions(File("train-images-idx3-ubyte.gz")).Should().Equal(2000, 28, 28);
        IdxFile.ReadDimensions(File("train-labels-idx1-ubyte.gz")).Should().Equal(2000);
        IdxFile.ReadDimensions(File("t10k-images-idx3-ubyte.gz")).Should().Equal(1000, 28, 28);
        IdxFile.ReadDimensions(File("t10k-labels-idx1-ubyte.gz")).Should().Equal(1000);
    }

    [Fact]
    public void MaxSamples_loads_a_slice_that_matches_the_start_of_the_full_split()
    {
        // When 100 test images are loaded, and the whole test split of the slice
        var first = FashionMnist.Load<double>(MnistSplit.Test, FashionMnistSlice.Folder, maxSamples: 100);
        var all = FashionMnist.Load<double>(MnistSplit.Test, FashionMnistSlice.Folder);

        // Then the 100 are the first 100
        first.Count.Should().Be(100);
        first.Labels.Should().Equal(all.Labels.Take(100));
        first.Inputs.Should().Be(all.Inputs.SubMatrix(0, 784, 0, 100));
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
        using var folder = new TemporaryDirectory();

        // When Fashion-MNIST is loaded from it, then the message says how to install it
        var load = () => FashionMnist.Load<float>(MnistSplit.Training, folder.Path);
        load.Should().ThrowExactly<FileNotFoundException>()
            .Which.Message.Should().Contain("apt-get install -y dataset-fashion-mnist").And.Contain(folder.Path);
    }

    private static int[] ClassCounts<T>(LabeledDataset<T> data)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => [.. Enumerable.Range(0, 10).Select(label => data.Labels.Count(l => l == label))];

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
        for (var j = 0; j < samples; j++)
        {
            data.Targets.Column(j).Sum().Should().Be(T.One);
            data.Targets[data.Labels[j], j].Should().Be(T.One);
        }
    }
}
