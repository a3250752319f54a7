using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>
/// Fashion-MNIST as Backprop wants it: one column per sample, pixels scaled to [0, 1], one-hot targets.
/// The training set is stored already in the shuffled order both libraries train in.
/// </summary>
internal sealed class BackpropFashionMnist<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private BackpropFashionMnist(Matrix<T> trainInputs, Matrix<T> trainTargets, Matrix<T> testInputs, byte[] testLabels)
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

    public byte[] TestLabels { get; }

    public static BackpropFashionMnist<T> Create(FashionMnistFiles files, int[] order)
    {
        var pixels = FashionMnistFiles.Pixels;
        var classes = FashionMnistFiles.Classes;
        var trainInputs = new T[order.Length * pixels];
        var trainTargets = new T[order.Length * classes];
        for (var s = 0; s < order.Length; s++)
        {
            Scale(files.TrainImages.AsSpan(order[s] * pixels, pixels), trainInputs.AsSpan(s * pixels, pixels));
            trainTargets[(s * classes) + files.TrainLabels[order[s]]] = T.One;
        }

        var testInputs = new T[files.TestImages.Length];
        Scale(files.TestImages, testInputs);

        // Matrix.Build.Dense(rows, columns, array) wraps the array: no second copy.
        return new BackpropFashionMnist<T>(
            Matrix<T>.Build.Dense(pixels, order.Length, trainInputs),
            Matrix<T>.Build.Dense(classes, order.Length, trainTargets),
            Matrix<T>.Build.Dense(pixels, files.TestLabels.Length, testInputs),
            files.TestLabels);
    }

    private static void Scale(ReadOnlySpan<byte> source, Span<T> destination)
    {
        var full = T.CreateChecked(255);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = T.CreateChecked(source[i]) / full;
        }
    }
}

/// <summary>
/// Fashion-MNIST as a TorchSharp user builds it: byte tensors converted and scaled by torch
/// (<c>.to(dtype).div_(255)</c>, as torchvision's <c>ToTensor</c> does), rows are samples, integer labels for
/// <c>cross_entropy</c> and one-hot targets for the squared error. Training rows are in the training order.
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

    /// <summary>60000 × 784.</summary>
    public Tensor TrainInputs { get; }

    /// <summary>60000 × 10 one-hot.</summary>
    public Tensor TrainTargets { get; }

    /// <summary>60000 class indices (int64).</summary>
    public Tensor TrainLabels { get; }

    /// <summary>10000 × 784.</summary>
    public Tensor TestInputs { get; }

    /// <summary>10000 class indices (int64).</summary>
    public Tensor TestLabels { get; }

    public static TorchFashionMnist Create(FashionMnistFiles files, int[] order, ScalarType dtype)
    {
        var pixels = FashionMnistFiles.Pixels;
        using var scope = NewDisposeScope();
        using var index = tensor(order.Select(i => (long)i).ToArray(), [order.Length]);
        var trainImages = tensor(files.TrainImages, [files.TrainLabels.Length, pixels]);
        var trainLabels = tensor(files.TrainLabels, [files.TrainLabels.Length]).index_select(0, index).to(ScalarType.Int64);
        var trainInputs = trainImages.index_select(0, index).to(dtype).div_(255);
        var trainTargets = nn.functional.one_hot(trainLabels, FashionMnistFiles.Classes).to(dtype);
        var testInputs = tensor(files.TestImages, [files.TestLabels.Length, pixels]).to(dtype).div_(255);
        var testLabels = tensor(files.TestLabels, [files.TestLabels.Length]).to(ScalarType.Int64);
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
}
