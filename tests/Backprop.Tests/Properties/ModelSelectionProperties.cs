using FsCheck.Xunit;

namespace Backprop.Tests.Properties;

/// <summary>
/// What every split and fold of <see cref="ModelSelection"/> must be, for generated sample counts, fractions, label
/// lists and seeds: sorted, disjoint and covering indices, sized by the documented rounding rules, stratification
/// that puts every class of two or more samples in both parts and spreads classes evenly over folds.
/// </summary>
public sealed class ModelSelectionProperties
{
    [Property(MaxTest = 200)]
    public void A_split_is_sorted_disjoint_covering_and_holds_out_the_floor_of_count_times_fraction(int countSeed, int fractionSeed, int seed)
    {
        // Given 2 to 301 samples and a fraction that leaves both parts non-empty
        var count = 2 + (int)((uint)countSeed % 300);
        var fraction = (1 + ((uint)fractionSeed % 999)) / 1000.0;
        var held = (int)Math.Floor(count * fraction);
        if (held == 0 || held == count)
        {
            return;
        }

        var split = ModelSelection.Split(count, fraction, seed);

        ShouldPartition(split, count);
        split.Test.Should().HaveCount(held);
    }

    [Property(MaxTest = 200)]
    public void A_stratified_split_keeps_each_class_within_one_of_its_share_unless_it_must_be_in_both_parts(int[] labelSeeds, int fractionSeed, int seed)
    {
        // Given up to 5 classes (labels 0 … 4) and a fraction
        var labels = (labelSeeds ?? []).Select(l => (int)((uint)l % 5)).ToArray();
        var fraction = (1 + ((uint)fractionSeed % 99)) / 100.0;
        var held = (int)Math.Floor(labels.Length * fraction);
        if (held == 0 || held == labels.Length)
        {
            return;
        }

        var split = ModelSelection.StratifiedSplit(labels, fraction, seed);
        var test = split.Test.ToHashSet();

        // Then the indices partition the samples; each class of n ≥ 2 is in both parts, with ⌊n·f⌋ or ⌈n·f⌉ test
        // samples (or 1, or n − 1, where that rounding would leave a part without it); a single sample trains
        ShouldPartition(split, labels.Length);
        foreach (var group in labels.Select((label, index) => (label, index)).GroupBy(p => p.label))
        {
            var n = group.Count();
            var inTest = group.Count(p => test.Contains(p.index));
            if (n == 1)
            {
                inTest.Should().Be(0);
                continue;
            }

            inTest.Should().BeInRange(1, n - 1, "class {0} of {1} samples is in both parts", group.Key, n);
            var share = n * fraction;
            (Math.Abs(inTest - share) < 1 || inTest == 1 || inTest == n - 1).Should().BeTrue("class {0}: {1} of {2} at fraction {3}", group.Key, inTest, n, fraction);
        }
    }

    [Property(MaxTest = 200)]
    public void K_folds_test_every_sample_once_in_folds_whose_sizes_differ_by_at_most_one(int countSeed, int foldSeed, int seed)
    {
        var count = 2 + (int)((uint)countSeed % 200);
        var folds = 2 + (int)((uint)foldSeed % (count - 1));

        var result = ModelSelection.KFold(count, folds, seed);

        result.Should().HaveCount(folds);
        foreach (var fold in result)
        {
            ShouldPartition(fold, count);
        }

        result.SelectMany(f => f.Test).Order().SequenceEqual(Enumerable.Range(0, count)).Should().BeTrue("every sample tests once");
        (result.Max(f => f.Test.Count) - result.Min(f => f.Test.Count)).Should().BeLessThanOrEqualTo(1);
    }

    [Property(MaxTest = 200)]
    public void Stratified_k_folds_spread_each_class_within_one_sample_between_folds(int[] labelSeeds, int foldSeed, int seed)
    {
        var labels = (labelSeeds ?? []).Select(l => (int)((uint)l % 4)).ToArray();
        if (labels.Length < 2)
        {
            return;
        }

        var folds = 2 + (int)((uint)foldSeed % Math.Min(9, labels.Length - 1));

        var result = ModelSelection.StratifiedKFold(labels, folds, seed);

        result.SelectMany(f => f.Test).Order().SequenceEqual(Enumerable.Range(0, labels.Length)).Should().BeTrue("every sample tests once");
        (result.Max(f => f.Test.Count) - result.Min(f => f.Test.Count)).Should().BeLessThanOrEqualTo(1);
        foreach (var label in labels.Distinct())
        {
            var perFold = result.Select(f => f.Test.Count(i => labels[i] == label)).ToArray();
            (perFold.Max() - perFold.Min()).Should().BeLessThanOrEqualTo(1, "class {0} over the folds: {1}", label, string.Join(", ", perFold));
        }

        foreach (var fold in result)
        {
            ShouldPartition(fold, labels.Length);
        }
    }

    private static void ShouldPartition(TrainTestIndices split, int count)
    {
        // Strictly ascending parts whose union, sorted, is 0 … count − 1: sorted, disjoint and covering
        IsStrictlyAscending(split.Train).Should().BeTrue("the training indices ascend: {0}", split.Train);
        IsStrictlyAscending(split.Test).Should().BeTrue("the test indices ascend: {0}", split.Test);
        split.Train.Concat(split.Test).Order().SequenceEqual(Enumerable.Range(0, count)).Should().BeTrue("train and test cover 0 … {0} once", count - 1);
    }

    private static bool IsStrictlyAscending(IReadOnlyList<int> indices)
    {
        for (var i = 1; i < indices.Count; i++)
        {
            if (indices[i] <= indices[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
