using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.PeerComparison;

/// <summary>
/// The raw Fashion-MNIST files (gzip IDX, as Debian's <c>dataset-fashion-mnist</c> installs them): pixels as
/// bytes, one 784-byte image after another, and labels 0–9. Private to this program: it needs the bytes
/// themselves, so that each library can build its own copy of the data the way its users would.
/// </summary>
internal sealed class FashionMnistFiles
{
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";
    public const int Pixels = 28 * 28;
    public const int Classes = 10;

    private FashionMnistFiles(byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels)
    {
        TrainImages = trainImages;
        TrainLabels = trainLabels;
        TestImages = testImages;
        TestLabels = testLabels;
    }

    public byte[] TrainImages { get; }

    public byte[] TrainLabels { get; }

    public byte[] TestImages { get; }

    public byte[] TestLabels { get; }

    public static FashionMnistFiles Load(string folder)
    {
        var trainImages = Read(folder, "train-images-idx3-ubyte", [28, 28]);
        var trainLabels = Read(folder, "train-labels-idx1-ubyte", []);
        var testImages = Read(folder, "t10k-images-idx3-ubyte", [28, 28]);
        var testLabels = Read(folder, "t10k-labels-idx1-ubyte", []);
        if (trainImages.Length != trainLabels.Length * Pixels || testImages.Length != testLabels.Length * Pixels)
        {
            throw new InvalidDataException($"Fashion-MNIST in {folder}: image and label counts differ.");
        }

        return new FashionMnistFiles(trainImages, trainLabels, testImages, testLabels);
    }

    // IDX: two zero bytes, the type (0x08 = unsigned byte), the number of dimensions, each dimension as a
    // big-endian int32, then the data. Accepts the name with or without ".gz".
    private static byte[] Read(string folder, string name, int[] itemShape)
    {
        var path = Path.Combine(folder, name + ".gz");
        using Stream file = File.Exists(path) ? File.OpenRead(path) : File.OpenRead(Path.Combine(folder, name));
        using Stream stream = File.Exists(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var header = new byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08 || header[3] != itemShape.Length + 1)
        {
            throw new InvalidDataException($"{name}: not an unsigned-byte IDX file with {itemShape.Length + 1} dimensions.");
        }

        var dimensions = new int[header[3]];
        var field = new byte[4];
        for (var d = 0; d < dimensions.Length; d++)
        {
            stream.ReadExactly(field);
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(field);
        }

        if (!dimensions.AsSpan(1).SequenceEqual(itemShape))
        {
            throw new InvalidDataException($"{name}: items are {string.Join("×", dimensions.Skip(1))}, expected {string.Join("×", itemShape)}.");
        }

        var data = new byte[dimensions.Aggregate(1L, (product, d) => product * d)];
        stream.ReadExactly(data);
        return data;
    }
}
