using System.Collections.ObjectModel;
using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Fashion-MNIST (Zalando Research): 28 × 28 grey-scale images of clothing in 10 classes, 60,000 for training and
/// 10,000 for testing, in the MNIST file format. On Debian, <c>apt-get install -y dataset-fashion-mnist</c>
/// installs it in <see cref="DefaultFolder"/>.
/// </summary>
public static class FashionMnist
{
    private static readonly ReadOnlyCollection<string> Names = Array.AsReadOnly(
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files: <c>/usr/share/datasets/fashion-mnist</c>.</summary>
    public static string DefaultFolder { get; } = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names by label: 0 "T-shirt/top", 1 "Trouser", …, 9 "Ankle boot".</summary>
    public static IReadOnlyList<string> ClassNames => Names;

    /// <summary>Loads one split of Fashion-MNIST.</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="split">Training (60,000 samples) or test (10,000).</param>
    /// <param name="folder">The folder with the MNIST-format files (see <see cref="MnistDataset.Load{T}(string, MnistSplit, int?)"/>); by default <see cref="DefaultFolder"/>.</param>
    /// <param name="maxSamples">When given, only the first this many samples (for quick runs); at least 1.</param>
    /// <returns>The samples: inputs <c>784 × count</c> in [0, 1], one-hot targets <c>10 × count</c>, classes named as in <see cref="ClassNames"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty, or <paramref name="split"/> is not defined.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSamples"/> is below 1.</exception>
    /// <exception cref="FileNotFoundException">The files are missing; the message says how to install them.</exception>
    /// <exception cref="InvalidDataException">A file is malformed or the files disagree.</exception>
    public static LabeledDataset<T> Load<T>(MnistSplit split, string? folder = null, int? maxSamples = null)
        where T : struct, IFloatingPointIeee754<T>
        => MnistDataset.Load<T>(folder ?? DefaultFolder, split, maxSamples, Names);
}
