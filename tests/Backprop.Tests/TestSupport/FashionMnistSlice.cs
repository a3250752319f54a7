namespace Backprop.Tests.TestSupport;

/// <summary>
/// The slice of Fashion-MNIST shipped with the tests (<c>TestData/fashion-mnist-slice</c>, described in its NOTICE):
/// the first 2,000 training and the first 1,000 test images of the original files, in their IDX format.
/// </summary>
internal static class FashionMnistSlice
{
    /// <summary>The training images in the slice.</summary>
    public const int TrainingCount = 2000;

    /// <summary>The test images in the slice.</summary>
    public const int TestCount = 1000;

    /// <summary>The folder the build copies the slice to, beside the test assembly.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "fashion-mnist-slice");
}
