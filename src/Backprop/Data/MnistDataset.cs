using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>
/// Loads MNIST-format image classification data (MNIST, Fashion-MNIST): a file of <c>count × rows × columns</c>
/// unsigned-byte images and a file of <c>count</c> labels from 0 to 9, both IDX, raw or gzip-compressed.
/// </summary>
/// <remarks>
/// The result has one column per image: <see cref="LabeledDataset{T}.Inputs"/> is <c>(rows · columns) × count</c>
/// (784 × count for 28 × 28 images) with pixel values divided by 255, so in [0, 1], row by row;
/// <see cref="LabeledDataset{T}.Targets"/> is <c>10 × count</c>, one-hot. The pixels are scaled as they are read, so
/// loading allocates the values (4 or 8 bytes a pixel) and a fixed buffer, never the file's bytes beside them; a
/// gzip-compressed image file is decompressed twice, first only to check it, so that the values are allocated only
/// for a file that holds every pixel its header declares.
/// </remarks>
public static class MnistDataset
{
    /// <summary>The number of classes in MNIST-format data: labels are 0 to 9.</summary>
    public const int ClassCount = 10;

    /// <summary>What to do when the files are missing.</summary>
    internal const string InstallHint =
        "Install Fashion-MNIST with `apt-get install -y dataset-fashion-mnist` (Debian package; it puts the files in /usr/share/datasets/fashion-mnist), or give a folder with the MNIST-format files.";

    private static readonly ReadOnlyCollection<string> DigitNames = Array.AsReadOnly(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    /// <summary>Loads one split from a folder holding files named as in MNIST and Fashion-MNIST.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="folder">
    /// The folder. It holds <c>train-images-idx3-ubyte</c> and <c>train-labels-idx1-ubyte</c> for
    /// <see cref="MnistSplit.Training"/>, <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c> for
    /// <see cref="MnistSplit.Test"/>, each possibly with a <c>.gz</c> suffix (an uncompressed file is preferred; a dot instead of the
    /// last hyphen, <c>train-images.idx3-ubyte</c>, is accepted too).
    /// </param>
    /// <param name="split">Which pair of files to load.</param>
    /// <param name="maxSamples">When given, only the first this many samples (for quick runs); at least 1.</param>
    /// <returns>The samples: inputs <c>(rows · columns) × count</c> in [0, 1], one-hot targets <c>10 × count</c>, classes named "0" to "9".</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or empty, or <paramref name="split"/> is not defined.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSamples"/> is below 1.</exception>
    /// <exception cref="FileNotFoundException">The folder or a file is missing; the message says which and how to install Fashion-MNIST.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the files disagree on the sample count, or a label is above 9.</exception>
    public static LabeledDataset<T> Load<T>(string folder, MnistSplit split, int? maxSamples = null)
        where T : struct, IFloatingPointIeee754<T>
        => Load<T>(folder, split, maxSamples, DigitNames);

    /// <summary>Loads an image file and a label file in the MNIST format.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="imagesPath">The IDX file of <c>count × rows × columns</c> unsigned-byte images, raw or gzip-compressed.</param>
    /// <param name="labelsPath">The IDX file of <c>count</c> unsigned-byte labels from 0 to 9, raw or gzip-compressed.</param>
    /// <param name="maxSamples">When given, only the first this many samples; at least 1.</param>
    /// <returns>The samples: inputs <c>(rows · columns) × count</c> in [0, 1], one-hot targets <c>10 × count</c>, classes named "0" to "9".</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSamples"/> is below 1.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the files disagree on the sample count, or a label is above 9.</exception>
    public static LabeledDataset<T> LoadFiles<T>(string imagesPath, string labelsPath, int? maxSamples = null)
        where T : struct, IFloatingPointIeee754<T>
        => LoadFiles<T>(imagesPath, labelsPath, maxSamples, DigitNames);

    /// <summary>Loads one split from a folder, naming the classes.</summary>
    internal static LabeledDataset<T> Load<T>(string folder, MnistSplit split, int? maxSamples, ReadOnlyCollection<string> classNames)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var prefix = split switch
        {
            MnistSplit.Training => "train",
            MnistSplit.Test => "t10k",
            _ => throw new ArgumentException($"Unknown split {split}.", nameof(split)),
        };
        var splitName = split == MnistSplit.Training ? "training" : "test";
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException(
                $"No MNIST-format {splitName} files: the folder '{folder}' does not exist. {InstallHint}",
                Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"));
        }

        var images = Find(folder, prefix, "images", 3);
        var labels = Find(folder, prefix, "labels", 1);
        if (images is null || labels is null)
        {
            var missing = new List<string>();
            if (images is null)
            {
                missing.Add($"{prefix}-images-idx3-ubyte(.gz)");
            }

            if (labels is null)
            {
                missing.Add($"{prefix}-labels-idx1-ubyte(.gz)");
            }

            throw new FileNotFoundException(
                $"No MNIST-format {splitName} files in '{folder}': missing {string.Join(" and ", missing)}. {InstallHint}",
                Path.Combine(folder, missing[0].Replace("(.gz)", ".gz", StringComparison.Ordinal)));
        }

        return LoadFiles<T>(images, labels, maxSamples, classNames);
    }

    private static LabeledDataset<T> LoadFiles<T>(string imagesPath, string labelsPath, int? maxSamples, ReadOnlyCollection<string> classNames)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        if (maxSamples is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "maxSamples must be at least 1.");
        }

        // Headers first: both files are checked against each other before any pixel is decompressed.
        var labelDimensions = IdxFile.ReadDimensions(labelsPath);
        if (labelDimensions.Count != 1)
        {
            throw new InvalidDataException(
                $"'{labelsPath}' has {labelDimensions.Count} dimensions ({string.Join(" × ", labelDimensions)}); an MNIST label file has one (the count).");
        }

        var imageDimensions = IdxFile.ReadDimensions(imagesPath);
        if (imageDimensions.Count != 3)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' has {imageDimensions.Count} dimensions ({string.Join(" × ", imageDimensions)}); an MNIST image file has three (count × rows × columns).");
        }

        if (imageDimensions[0] != labelDimensions[0])
        {
            throw new InvalidDataException(
                $"The image and label files disagree: '{imagesPath}' holds {imageDimensions[0]} images but '{labelsPath}' holds {labelDimensions[0]} labels.");
        }

        var labels = IdxFile.Read(labelsPath, maxSamples);
        var count = labels.Count;
        var labelBytes = labels.Data.Span;
        var labelValues = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (labelBytes[i] >= classNames.Count)
            {
                throw new InvalidDataException($"'{labelsPath}': label {i} is {labelBytes[i]}; MNIST-format labels are 0 to {classNames.Count - 1}.");
            }

            labelValues[i] = labelBytes[i];
        }

        // Pixels: IDX stores each image's bytes contiguously, which is exactly one column-major column. They are
        // scaled as they are read, so the bytes are never held beside the values (the values are 4 or 8 times as large).
        var scaled = new T[256];
        for (var v = 0; v < scaled.Length; v++)
        {
            scaled[v] = T.CreateChecked(v) / T.CreateChecked(255);
        }

        var (dimensions, values) = IdxFile.ReadMapped<T>(imagesPath, maxSamples, scaled);
        if (dimensions.Length != 3 || dimensions[0] != count)
        {
            // The headers were checked above; only a file replaced in between gets here.
            throw new InvalidDataException(
                $"'{imagesPath}' changed while it was loaded: it now declares {string.Join(" × ", dimensions)}, not {count} images of {string.Join(" × ", imageDimensions.Skip(1))}.");
        }

        var pixelCount = dimensions[1] * dimensions[2];
        var inputs = Matrix<T>.Build.Dense(pixelCount, count, values);
        var targets = LabeledDataset<T>.OneHot(labelValues, classNames.Count);
        return new LabeledDataset<T>(inputs, targets, labelValues, classNames, PixelNames(dimensions[1], dimensions[2]));
    }

    /// <summary>The first existing file among the MNIST spellings, raw before gzip; null when there is none.</summary>
    private static string? Find(string folder, string prefix, string kind, int dimensions)
    {
        foreach (var name in new[] { $"{prefix}-{kind}-idx{dimensions}-ubyte", $"{prefix}-{kind}.idx{dimensions}-ubyte" })
        {
            foreach (var candidate in new[] { name, name + ".gz" })
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    /// <summary>Feature names <c>"pixel[r,c]"</c>, row by row.</summary>
    private static ReadOnlyCollection<string> PixelNames(int rows, int columns)
    {
        var names = new string[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                names[(r * columns) + c] = string.Create(CultureInfo.InvariantCulture, $"pixel[{r},{c}]");
            }
        }

        return Array.AsReadOnly(names);
    }
}
