using System.Globalization;
using Backprop.Data;

namespace FashionMnistSample;

/// <summary>
/// What the <c>check</c> command verifies before it trains: that the full data set is installed and is the
/// published one (60,000 training and 10,000 test images of 784 pixels in [0, 1], 6,000 and 1,000 of each class),
/// and, given the tests' slice, that the slice is the first images and labels of each split byte for byte.
/// </summary>
internal static class DataCheck
{
    /// <summary>One line per check: what was checked and whether it held.</summary>
    public static IReadOnlyList<(string Check, bool Passed)> Run(LabeledDataset<float> training, LabeledDataset<float> test, string? sliceFolder)
    {
        var results = new List<(string, bool)>();
        Split(results, "training", training, samples: 60_000);
        Split(results, "test", test, samples: 10_000);
        if (sliceFolder is not null)
        {
            Slice(results, "training", training, FashionMnist.Load<float>(MnistSplit.Training, sliceFolder));
            Slice(results, "test", test, FashionMnist.Load<float>(MnistSplit.Test, sliceFolder));
        }

        return results;
    }

    private static void Split(List<(string, bool)> results, string name, LabeledDataset<float> data, int samples)
    {
        var perClass = samples / FashionMnist.ClassNames.Count;
        results.Add((Invariant($"{name}: {data.Count:N0} images (expected {samples:N0})"), data.Count == samples));
        results.Add((Invariant($"{name}: {data.Inputs.RowCount} pixels per image (expected 784)"), data.Inputs.RowCount == 784));

        var counts = Enumerable.Range(0, FashionMnist.ClassNames.Count).Select(label => data.Labels.Count(l => l == label)).ToArray();
        results.Add((Invariant($"{name}: images per class {string.Join(", ", counts)} (expected {perClass:N0} each)"), counts.All(c => c == perClass)));

        var pixels = data.Inputs.AsColumnMajorArray();
        var (lowest, highest) = (pixels.Min(), pixels.Max());
        results.Add((Invariant($"{name}: pixels from {lowest} to {highest} (expected 0 to 1)"), lowest == 0f && highest == 1f));
    }

    private static void Slice(List<(string, bool)> results, string name, LabeledDataset<float> full, LabeledDataset<float> slice)
    {
        var count = slice.Count;
        var same = count <= full.Count
            && slice.Labels.SequenceEqual(full.Labels.Take(count))
            && slice.Inputs.Equals(full.Inputs.SubMatrix(0, full.Inputs.RowCount, 0, count));
        results.Add((Invariant($"{name}: the tests' slice of {count:N0} images is the first {count:N0} of the full split"), same));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
