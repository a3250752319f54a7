using Backprop.Data;
using Backprop.Tests.Serialization;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="MnistDataset"/> turns an MNIST-format image file and label file into one column per image,
/// pixels divided by 255, and one-hot targets; it finds the files by their MNIST names and says how to
/// install Fashion-MNIST when they are missing.
/// </summary>
public sealed class MnistDatasetTests : IDisposable
{
    // Three 2 × 2 images whose pixels are multiples of 51, so pixel / 255 is a fifth: 0, 0.2, 0.4, 0.6, 0.8, 1.
    private static readonly byte[] Pixels = [0, 51, 102, 153, 204, 255, 0, 51, 255, 255, 255, 0];
    private static readonly byte[] Labels = [7, 0, 9];

    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private void WriteSplit(string imagesName, string labelsName, byte[]? labels = null, uint? labelCount = null)
    {
        labels ??= Labels;
        var images = IdxBytes.Bytes([3, 2, 2], Pixels);
        var labelFile = IdxBytes.Bytes([labelCount ?? (uint)labels.Length], labels);
        _folder.Write(imagesName, imagesName.EndsWith(".gz", StringComparison.Ordinal) ? IdxBytes.Gzip(images) : images);
        _folder.Write(labelsName, labelsName.EndsWith(".gz", StringComparison.Ordinal) ? IdxBytes.Gzip(labelFile) : labelFile);
    }

    [Fact]
    public void Load_gives_one_column_per_image_with_pixels_over_255_and_one_hot_targets()
    {
        // Given raw training files of three 2 × 2 images labelled 7, 0, 9
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte");

        // When the training split is loaded
        var data = MnistDataset.Load<double>(_folder.Path, MnistSplit.Training);

        // Then the inputs are 4 × 3, each column an image row by row, divided by 255
        data.Inputs.RowCount.Should().Be(4);
        data.Inputs.ColumnCount.Should().Be(3);
        data.Inputs.Column(0).ToArray().Should().Equal([0.0, 0.2, 0.4, 0.6], (a, b) => Math.Abs(a - b) < 1e-15);
        data.Inputs.Column(1).ToArray().Should().Equal([0.8, 1.0, 0.0, 0.2], (a, b) => Math.Abs(a - b) < 1e-15);
        data.Inputs.Column(2).ToArray().Should().Equal([1.0, 1.0, 1.0, 0.0], (a, b) => Math.Abs(a - b) < 1e-15);

        // And the targets are 10 × 3 one-hot columns for 7, 0 and 9, with classes named by digit
        data.Labels.Should().Equal(7, 0, 9);
        data.ClassCount.Should().Be(10);
        data.ClassNames.Should().Equal("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        data.Targets.RowCount.Should().Be(10);
        data.Targets.ColumnCount.Should().Be(3);
        for (var j = 0; j < 3; j++)
        {
            for (var k = 0; k < 10; k++)
            {
                data.Targets[k, j].Should().Be(k == Labels[j] ? 1.0 : 0.0);
            }
        }

        data.FeatureNames.Should().Equal("pixel[0,0]", "pixel[0,1]", "pixel[1,0]", "pixel[1,1]");
    }

    [Theory]
    [InlineData("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    [InlineData("t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte")]
    [InlineData("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte.gz")]
    public void Load_finds_the_test_split_under_each_MNIST_spelling_raw_or_gzip(string imagesName, string labelsName)
    {
        // Given test files under one of the names MNIST and Fashion-MNIST use
        WriteSplit(imagesName, labelsName);

        // When the test split is loaded, then it has the three images in order
        var data = MnistDataset.Load<double>(_folder.Path, MnistSplit.Test);
        data.Count.Should().Be(3);
        data.Labels.Should().Equal(7, 0, 9);
    }

    [Fact]
    public void Load_of_single_precision_gives_each_pixel_as_the_float_quotient()
    {
        // Given the training files
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte");

        // When loaded as float
        var data = MnistDataset.Load<float>(_folder.Path, MnistSplit.Training);

        // Then each value is the correctly rounded float v / 255
        for (var i = 0; i < Pixels.Length; i++)
        {
            data.Inputs[i % 4, i / 4].Should().Be(Pixels[i] / 255f);
        }
    }

    [Fact]
    public void MaxSamples_loads_only_the_first_samples()
    {
        // Given three samples on disk
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte");

        // When two are asked for, and then more than there are
        var two = MnistDataset.Load<double>(_folder.Path, MnistSplit.Training, maxSamples: 2);
        var all = MnistDataset.Load<double>(_folder.Path, MnistSplit.Training, maxSamples: 1000);

        // Then the first gives the first two samples and the second all three
        two.Count.Should().Be(2);
        two.Labels.Should().Equal(7, 0);
        two.Targets.ColumnCount.Should().Be(2);
        two.Inputs.Column(1).ToArray().Should().Equal(all.Inputs.Column(1).ToArray());
        all.Count.Should().Be(3);
    }

    [Fact]
    public void MaxSamples_below_one_is_refused()
    {
        // Given the training files
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte");

        // When 0 samples are asked for, then the argument is refused
        var load = () => MnistDataset.Load<double>(_folder.Path, MnistSplit.Training, maxSamples: 0);
        load.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxSamples");
    }

    [Fact]
    public void A_missing_label_file_names_it_and_says_how_to_install_Fashion_MNIST()
    {
        // Given a folder with training images but no training labels
        _folder.Write("train-images-idx3-ubyte.gz", IdxBytes.Gzip(IdxBytes.Bytes([3, 2, 2], Pixels)));

        // When the training split is loaded
        var load = () => MnistDataset.Load<double>(_folder.Path, MnistSplit.Training);

        // Then the message names the folder, the missing file and the install command
        load.Should().ThrowExactly<FileNotFoundException>()
            .Which.Message.Should().Contain(_folder.Path).And.Contain("missing train-labels-idx1-ubyte(.gz)")
            .And.NotContain("train-images").And.Contain("apt-get install -y dataset-fashion-mnist");
    }

    [Fact]
    public void A_missing_folder_says_how_to_install_Fashion_MNIST()
    {
        // Given a folder that does not exist
        var folder = _folder.File("no-such-folder");

        // When the test split is loaded from it, then the message names it and gives the install command
        var load = () => MnistDataset.Load<double>(folder, MnistSplit.Test);
        load.Should().ThrowExactly<FileNotFoundException>()
            .Which.Message.Should().Contain(folder).And.Contain("does not exist").And.Contain("apt-get install -y dataset-fashion-mnist");
    }

    [Fact]
    public void Image_and_label_files_with_different_counts_are_refused_naming_both()
    {
        // Given three images and two labels
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte", labels: [7, 0]);

        // When loaded, then the message names both files and both counts
        var load = () => MnistDataset.Load<double>(_folder.Path, MnistSplit.Training);
        load.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(_folder.File("train-images-idx3-ubyte")).And.Contain("3 images")
            .And.Contain(_folder.File("train-labels-idx1-ubyte")).And.Contain("2 labels");
    }

    [Fact]
    public void A_label_above_9_is_refused_naming_its_index_and_value()
    {
        // Given labels 7, 10, 9
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte", labels: [7, 10, 9]);

        // When loaded, then the message names the label file, sample 1 and the value 10
        var load = () => MnistDataset.Load<double>(_folder.Path, MnistSplit.Training);
        load.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(_folder.File("train-labels-idx1-ubyte")).And.Contain("label 1 is 10");
    }

    [Fact]
    public void An_image_file_without_three_dimensions_is_refused()
    {
        // Given images stored as 3 × 4 instead of 3 × 2 × 2
        var imagesPath = _folder.Write("images", IdxBytes.Bytes([3, 4], Pixels));
        var labelsPath = _folder.Write("labels", IdxBytes.Bytes([3], Labels));

        // When loaded by path, then the message gives the dimensions found and expected
        var load = () => MnistDataset.LoadFiles<double>(imagesPath, labelsPath);
        load.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(imagesPath).And.Contain("2 dimensions (3 × 4)").And.Contain("count × rows × columns");
    }

    [Fact]
    public void A_malformed_file_under_an_MNIST_name_throws_the_documented_exception()
    {
        // Given a training label file cut short
        WriteSplit("train-images-idx3-ubyte", "train-labels-idx1-ubyte", labels: [7, 0], labelCount: 3);

        // When loaded, then the IDX reader's message names the label file and the counts
        var load = () => MnistDataset.Load<double>(_folder.Path, MnistSplit.Training);
        load.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(_folder.File("train-labels-idx1-ubyte")).And.Contain("declare 3 bytes").And.Contain("only 2 bytes");
    }

    [Fact]
    public void Gzip_images_load_into_the_scaled_values_without_their_bytes_beside_them()
    {
        // Given 1024 gzip-compressed images of 1 × 4096 random (incompressible) pixels: 4 MiB of bytes, 16 MiB as float
        const int Count = 1024;
        const int Width = 4096;
        const long Bytes = (long)Count * Width;
        var pixels = new byte[Bytes];
        new Random(5).NextBytes(pixels);
        var imagesPath = _folder.Write("images.gz", IdxBytes.Gzip(IdxBytes.Bytes([Count, 1, Width], pixels)));
        var labelsPath = _folder.Write("labels", IdxBytes.Bytes([Count], new byte[Count]));

        // When they are loaded as float
        LabeledDataset<float>? data = null;
        var (exception, allocated) = BoundedLoadTests.Measure(() => data = MnistDataset.LoadFiles<float>(imagesPath, labelsPath));

        // Then every pixel is its byte over 255, and the load allocated the 16 MiB of values and less than a quarter
        // of the 4 MiB of bytes besides (holding the bytes, or chunks of them joined, would add 4 or 8 MiB)
        exception.Should().BeNull();
        var values = data!.Inputs.AsColumnMajorArray();
        values.Should().HaveCount((int)Bytes);
        for (var i = 0; i < values.Length; i++)
        {
            values[i].Should().Be(pixels[i] / 255f);
        }

        allocated.Should().BeLessThan((4 * Bytes) + (Bytes / 4));
    }

    [Fact]
    public void A_gzip_image_file_cut_short_is_refused_before_the_values_are_allocated()
    {
        // Given a gzip image file declaring 1024 images of 1 × 4096 pixels (16 MiB as float) holding only 1 MiB of them
        const int Count = 1024;
        var arrived = new byte[1 << 20];
        new Random(6).NextBytes(arrived);
        var imagesPath = _folder.Write("images.gz", IdxBytes.Gzip(IdxBytes.Bytes([Count, 1, 4096], arrived)));
        var labelsPath = _folder.Write("labels", IdxBytes.Bytes([Count], new byte[Count]));

        // When they are loaded as float
        var (exception, allocated) = BoundedLoadTests.Measure(() => MnistDataset.LoadFiles<float>(imagesPath, labelsPath));

        // Then the file is refused as cut short, having allocated far less than the values it declares
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should()
            .Contain(imagesPath).And.Contain("truncated (the gzip stream may be cut short)").And.Contain("only 1048576 bytes");
        allocated.Should().BeLessThan(2L << 20);
    }

    [Fact]
    public void A_gzip_image_file_with_bytes_after_its_pixels_is_refused()
    {
        // Given gzip images whose payload has one byte more than their 3 × 2 × 2 header declares
        var imagesPath = _folder.Write("images.gz", IdxBytes.Gzip(IdxBytes.Bytes([3, 2, 2], [.. Pixels, 0])));
        var labelsPath = _folder.Write("labels", IdxBytes.Bytes([3], Labels));

        // When loaded, then the message names the file and both lengths
        var load = () => MnistDataset.LoadFiles<double>(imagesPath, labelsPath);
        load.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(imagesPath).And.Contain("longer than its header declares").And.Contain("declare 12 bytes").And.Contain("but 13 bytes");
    }

    [Fact]
    public void A_gzip_image_bomb_is_refused_at_the_ratio_limit_before_the_values_are_allocated()
    {
        // Given 1024 images of 256 × 256 zeros (64 MiB, 256 MiB as float), gzip-compressed to well under 1 MiB
        const int Count = 1024;
        var compressed = IdxBytes.Gzip(IdxBytes.Bytes([Count, 256, 256], new byte[Count * 256 * 256]));
        compressed.Length.Should().BeLessThan(1 << 20);
        var imagesPath = _folder.Write("images.gz", compressed);
        var labelsPath = _folder.Write("labels", IdxBytes.Bytes([Count], new byte[Count]));

        // When they are loaded as float
        var (exception, allocated) = BoundedLoadTests.Measure(() => MnistDataset.LoadFiles<float>(imagesPath, labelsPath));

        // Then the ratio limit refuses them, having allocated a few MiB, not the values
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("decompresses to more than 100 times");
        allocated.Should().BeLessThan(4L << 20);
    }
}
