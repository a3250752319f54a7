using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>Fashion-MNIST's sizes and the shuffled order both libraries train in.</summary>
internal static class FashionMnistShape
{
    public const int Pixels = 28 * 28;
    public const int Classes = 10;
    public const int TrainingSamples = 60_000;
    public const int TestSamples = 10_000;

    /// <summary>The float32 data set as the libraries hold it: the inputs and one-hot targets of both splits, 4 bytes a value.</summary>
    public const long Float32DataBytes = (long)(TrainingSamples + TestSamples) * (Pixels + Classes) * sizeof(float);

    /// <summary>A seeded permutation of the training samples: <c>order[s]</c> is the file index of the s-th sample trained on.</summary>
    public static int[] Permutation(int seed)
    {
        var order = Enumerable.Range(0, TrainingSamples).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }
}

/// <summary>
/// Fashion-MNIST as Backprop's users load it (<see cref="FashionMnist.Load{T}"/>: one column per sample, pixels
/// divided by 255, one-hot targets), with the training columns then put in the shuffled order, in place.
/// </summary>
internal sealed class BackpropFashionMnist<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private BackpropFashionMnist(Matrix<T> trainInputs, Matrix<T> trainTargets, Matrix<T> testInputs, IReadOnlyList<int> testLabels)
    {
        TrainInputs = trainInputs;
        TrainTargets = trainTargets;
        TestInputs = testInputs;
        TestLabels = testLabels;
    }

    /// <summary>784 × 60000, the columns in the training order.</summary>
    public Matrix<T> TrainInputs { get; }

    /// <summary>10 × 60000 one-hot, the columns in the training order.</summary>
    public Matrix<T> TrainTargets { get; }

    /// <summary>784 × 10000.</summary>
    public Matrix<T> TestInputs { get; }

    public IReadOnlyList<int> TestLabels { get; }

    public static BackpropFashionMnist<T> Load(string folder, int[] order)
    {
        var training = FashionMnist.Load<T>(MnistSplit.Training, folder);
        var test = FashionMnist.Load<T>(MnistSplit.Test, folder);
        if (training.Count != order.Length)
        {
            throw new InvalidDataException($"Expected {order.Length} training samples in {folder}, found {training.Count}.");
        }

        // In place, so that no second copy of the training set exists even for a moment (the peak-RSS figure).
        // The dataset's Labels no longer match its columns afterwards; they are not used.
        PermuteColumns(training.Inputs, order);
        PermuteColumns(training.Targets, order);
        return new BackpropFashionMnist<T>(training.Inputs, training.Targets, test.Inputs, test.Labels);
    }

    // New column s = old column order[s], by following the permutation's cycles with one spare column.
    private static void PermuteColumns(Matrix<T> matrix, int[] order)
    {
        var values = matrix.AsColumnMajorArray() ?? throw new InvalidOperationException("Expected a dense matrix.");
        var rows = matrix.RowCount;
        var spare = new T[rows];
        var placed = new bool[order.Length];
        for (var start = 0; start < order.Length; start++)
        {
            if (placed[start])
            {
                continue;
            }

            values.AsSpan(start * rows, rows).CopyTo(spare);
            var current = start;
            while (true)
            {
                placed[current] = true;
                var source = order[current];
                if (source == start)
                {
                    spare.CopyTo(values.AsSpan(current * rows, rows));
                    break;
                }

                values.AsSpan(source * rows, rows).CopyTo(values.AsSpan(current * rows, rows));
                current = source;
            }
        }
    }
}

/// <summary>
/// Fashion-MNIST as a TorchSharp user builds it: the IDX bytes (read with Backprop's <see cref="IdxFile"/>, the
/// one IDX reader at hand) put in byte tensors, then shuffled, converted and scaled by torch
/// (<c>index_select</c>, <c>.to(dtype).div_(255)</c>, as torchvision's <c>ToTensor</c> scales); rows are samples,
/// integer labels for <c>cross_entropy</c> and one-hot targets for the squared error.
/// </summary>
internal sealed class TorchFashionMnist : IDisposable
{
    private TorchFashionMnist(Tensor trainInputs, Tensor trainTargets, Tensor trainLabels, Tensor testInputs, Tensor testLabels)
    {
        TrainInputs = trainInputs;
        TrainTargets = trainTargets;
        TrainLabels = trainLabels;
        TestInputs = testInputs;
        TestLabels = testLabels;
    }

    /// <summary>60000 × 784, the rows in the training order.</summary>
    public Tensor TrainInputs { get; }

    /// <summary>60000 × 10 one-hot, the rows in the training order.</summary>
    public Tensor TrainTargets { get; }

    /// <summary>60000 class indices (int64), in the training order.</summary>
    public Tensor TrainLabels { get; }

    /// <summary>10000 × 784.</summary>
    public Tensor TestInputs { get; }

    /// <summary>10000 class indices (int64).</summary>
    public Tensor TestLabels { get; }

    public static TorchFashionMnist Load(string folder, int[] order, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(order.Select(i => (long)i).ToArray(), [order.Length]);
        var trainImages = Images(folder, "train");
        var trainLabels = Labels(folder, "train").index_select(0, index);
        var trainInputs = trainImages.index_select(0, index).to(dtype).div_(255);
        var trainTargets = nn.functional.one_hot(trainLabels, FashionMnistShape.Classes).to(dtype);
        var testInputs = Images(folder, "t10k").to(dtype).div_(255);
        var testLabels = Labels(folder, "t10k");
        return new TorchFashionMnist(
            trainInputs.MoveToOuterDisposeScope(),
            trainTargets.MoveToOuterDisposeScope(),
            trainLabels.MoveToOuterDisposeScope(),
            testInputs.MoveToOuterDisposeScope(),
            testLabels.MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        TrainInputs.Dispose();
        TrainTargets.Dispose();
        TrainLabels.Dispose();
        TestInputs.Dispose();
        TestLabels.Dispose();
    }

    private static Tensor Images(string folder, string prefix)
    {
        var file = IdxFile.Read(Find(folder, $"{prefix}-images-idx3-ubyte"));
        return tensor(Bytes(file), [file.Count, file.ItemLength]);
    }

    private static Tensor Labels(string folder, string prefix)
    {
        var file = IdxFile.Read(Find(folder, $"{prefix}-labels-idx1-ubyte"));
        using var bytes = tensor(Bytes(file), [file.Count]);
        return bytes.to(ScalarType.Int64);
    }

    // The file's own array when it exposes one whole (no extra copy before torch's).
    private static byte[] Bytes(IdxFile file)
        => MemoryMarshal.TryGetArray(file.Data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : file.Data.ToArray();

    // The uncompressed file if present, else the gzip one (IdxFile tells them apart by their first bytes).
    private static string Find(string folder, string name)
    {
        var raw = Path.Combine(folder, name);
        return File.Exists(raw) ? raw : raw + ".gz";
    }
}
