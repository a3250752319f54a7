namespace Backprop.Data;

/// <summary>Which of the two MNIST-format file pairs to load.</summary>
public enum MnistSplit
{
    /// <summary>The training files, <c>train-images-idx3-ubyte</c> and <c>train-labels-idx1-ubyte</c> (60,000 samples in MNIST and Fashion-MNIST).</summary>
    Training,

    /// <summary>The test files, <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c> (10,000 samples).</summary>
    Test,
}
