using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Selection;

/// <summary>
/// <see cref="Backprop.ModelSelection"/>: seeded splits and folds whose indices are sorted, disjoint and cover the
/// samples, sized by the documented rounding rules, and cross-validation over them.
/// </summary>
public sealed class ModelSelectionTests
{
    [Fact]
    public void Split_holds_out_the_floor_of_count_times_fraction_sorted_disjoint_and_covering()
    {
        // When 10 samples are split with a test fraction of 0.35
        var split = ModelSelection.Split(10, 0.35, seed: 5);

        // Then ⌊3.5⌋ = 3 test and 7 training indices, each ascending, together 0 … 9 once
        split.Test.Should().HaveCount(3).And.BeInAscendingOrder();
        split.Train.Should().HaveCount(7).And.BeInAscendingOrder();
        split.Train.Concat(split.Test).Should().BeEquivalentTo(Enumerable.Range(0, 10));
        split.Count.Should().Be(10);
    }

    [Fact]
    public void Split_is_the_same_for_a_seed_and_its_test_part_is_the_end_of_the_seeded_shuffle()
    {
        // Given the documented shuffle, new Random(seed).Shuffle of 0 … 19 (the trainer's hold-out rule)
        var order = Enumerable.Range(0, 20).ToArray();
        new Random(42).Shuffle(order);

        // When split twice with that seed, and once with another
        var split = ModelSelection.Split(20, 0.25, seed: 42);
        var again = ModelSelection.Split(20, 0.25, seed: 42);
        var other = ModelSelection.Split(20, 0.25, seed: 43);

        // Then the test part is the shuffle's last 5, the same again, and different for seed 43
        split.Test.Should().Equal(order[15..].Order());
        again.Test.Should().Equal(split.Test);
        again.Train.Should().Equal(split.Train);
        other.Test.Should().NotEqual(split.Test);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.09)]
    public void Split_refuses_a_fraction_outside_0_1_or_one_leaving_a_part_empty(double fraction)
    {
        // Given 10 samples (0.09 holds out ⌊0.9⌋ = 0 of them)
        var split = () => ModelSelection.Split(10, fraction, seed: 1);

        split.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("testFraction");
    }

    [Fact]
    public void Stratified_split_keeps_each_class_share_by_the_largest_remainder_rule()
    {
        // Given 20 labels: 12 "a", 6 "b", 2 "c", interleaved; a test fraction of 0.25 aims at ⌊5⌋ = 5 samples
        string[] labels = ["a", "a", "b", "b", "a", "a", "a", "b", "c", "a", "a", "b", "a", "a", "b", "c", "a", "a", "b", "a"];
        var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        counts.Should().Equal(new Dictionary<string, int> { ["a"] = 12, ["b"] = 6, ["c"] = 2 });

        // When split stratified
        var split = ModelSelection.StratifiedSplit(labels, 0.25, seed: 3);

        // Then by the rule: ⌊12 · 0.25⌋ = 3, ⌊6 · 0.25⌋ = 1 (remainder 0.5), ⌊2 · 0.25⌋ = 0 (remainder 0.5): 4 given,
        // the 5th goes to the largest remainder, a tie between b and c won by b (its first sample, index 2, comes
        // first); then c, of 2 samples, is raised to 1 test sample so that it is in both parts: 3 + 2 + 1 = 6
        var testCounts = split.Test.GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.Count());
        testCounts.Should().Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 2, ["c"] = 1 });
        split.Train.Concat(split.Test).Should().BeEquivalentTo(Enumerable.Range(0, 20));
        split.Train.Should().BeInAscendingOrder();
        split.Test.Should().BeInAscendingOrder();
    }

    [Fact]
    public void Stratified_split_puts_every_class_of_two_or_more_samples_in_both_parts_and_a_single_sample_in_training()
    {
        // Given 9 "x", 2 "y" and 1 "z", and a small fraction (⌊12 · 0.1⌋ = 1 sample aimed at)
        string[] labels = ["x", "x", "x", "y", "x", "x", "z", "x", "x", "y", "x", "x"];

        // When split stratified with several seeds
        foreach (var seed in new[] { 0, 1, 2, 3 })
        {
            var split = ModelSelection.StratifiedSplit(labels, 0.1, seed);

            // Then x and y are in both parts, z trains
            split.Test.Select(i => labels[i]).Distinct().Should().BeEquivalentTo(["x", "y"]);
            split.Train.Select(i => labels[i]).Distinct().Should().BeEquivalentTo(["x", "y", "z"]);
        }
    }

    [Fact]
    public void Stratified_split_takes_a_class_test_samples_in_shuffle_order_and_is_deterministic()
    {
        // Given one class only: then the stratified split is the plain split's test size, the shuffle's first 3
        var labels = Enumerable.Repeat(7, 10).ToArray();
        var order = Enumerable.Range(0, 10).ToArray();
        new Random(11).Shuffle(order);

        var split = ModelSelection.StratifiedSplit(labels, 0.3, seed: 11);

        split.Test.Should().Equal(order[..3].Order());
        ModelSelection.StratifiedSplit(labels, 0.3, seed: 11).Test.Should().Equal(split.Test);
    }

    [Fact]
    public void Stratified_split_refuses_a_null_or_NaN_label_naming_its_index()
    {
        var nullLabel = () => ModelSelection.StratifiedSplit(new[] { "a", null!, "b" }, 0.5, 1);
        var nanLabel = () => ModelSelection.StratifiedSplit(new[] { 1.0, 2.0, double.NaN, 1.0 }, 0.5, 1);

        nullLabel.Should().ThrowExactly<ArgumentException>().WithParameterName("labels").WithMessage("labels[1] is null*");
        nanLabel.Should().ThrowExactly<ArgumentException>().WithParameterName("labels").WithMessage("labels[2] is NaN*");
    }

    [Fact]
    public void KFold_cuts_the_shuffle_into_folds_the_first_count_mod_folds_one_larger()
    {
        // Given the documented shuffle of 0 … 10
        var order = Enumerable.Range(0, 11).ToArray();
        new Random(8).Shuffle(order);

        // When 11 samples are cut into 3 folds
        var folds = ModelSelection.KFold(11, 3, seed: 8);

        // Then the test parts are the shuffle's 4, 4 and 3 consecutive samples (11 mod 3 = 2 folds of ⌊11 / 3⌋ + 1)
        folds.Should().HaveCount(3);
        folds[0].Test.Should().Equal(order[..4].Order());
        folds[1].Test.Should().Equal(order[4..8].Order());
        folds[2].Test.Should().Equal(order[8..].Order());
        foreach (var fold in folds)
        {
            fold.Train.Should().BeInAscendingOrder().And.NotIntersectWith(fold.Test);
            fold.Train.Concat(fold.Test).Should().BeEquivalentTo(Enumerable.Range(0, 11));
        }
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 0)]
    [InlineData(5, 6)]
    public void KFold_refuses_fewer_than_2_folds_or_more_folds_than_samples(int count, int folds)
    {
        var kfold = () => ModelSelection.KFold(count, folds, seed: 1);

        kfold.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("folds");
    }

    [Fact]
    public void Stratified_k_fold_spreads_each_class_evenly_over_the_folds()
    {
        // Given 7 "a", 5 "b" and 2 "c" in a sorted file
        var labels = Enumerable.Repeat("a", 7).Concat(Enumerable.Repeat("b", 5)).Concat(Enumerable.Repeat("c", 2)).ToArray();

        // When cut into 3 stratified folds
        var folds = ModelSelection.StratifiedKFold(labels, 3, seed: 4);

        // Then dealing a, a, …, b, …, c in turn gives the folds 3/2/2 a, then b continuing at fold 1: 1/2/2,
        // then c continuing at fold 0: 1/1/0 — each class ⌊n/3⌋ or ⌈n/3⌉ per fold, fold sizes 5, 5, 4
        int Count(TrainTestIndices fold, string label) => fold.Test.Count(i => labels[i] == label);
        folds.Select(f => Count(f, "a")).Should().Equal(3, 2, 2);
        folds.Select(f => Count(f, "b")).Should().Equal(1, 2, 2);
        folds.Select(f => Count(f, "c")).Should().Equal(1, 1, 0);
        folds.Select(f => f.Test.Count).Should().Equal(5, 5, 4);
        folds.SelectMany(f => f.Test).Should().BeEquivalentTo(Enumerable.Range(0, 14), "every sample tests once");
        foreach (var fold in folds)
        {
            fold.Train.Concat(fold.Test).Should().BeEquivalentTo(Enumerable.Range(0, 14));
        }

        ModelSelection.StratifiedKFold(labels, 3, seed: 4)[1].Test.Should().Equal(folds[1].Test, "the same seed gives the same folds");
    }

    [Fact]
    public void Cross_validation_calls_once_per_fold_in_order_and_gives_mean_and_population_deviation()
    {
        // Given 4 folds and a scorer returning 0.5, 0.7, 0.9, 0.7 in turn
        var folds = ModelSelection.KFold(8, 4, seed: 2);
        var seen = new List<TrainTestIndices>();
        double[] scores = [0.5, 0.7, 0.9, 0.7];

        // When cross-validated
        var result = ModelSelection.CrossValidate(folds, fold =>
        {
            seen.Add(fold);
            return scores[seen.Count - 1];
        });

        // Then the folds were visited in order; mean 0.7; deviation √((0.04 + 0 + 0.04 + 0) / 4) = √0.02
        seen.Should().Equal(folds);
        result.Scores.Should().Equal(scores);
        result.Mean.Should().BeApproximately(0.7, 1e-15);
        result.StandardDeviation.Should().BeApproximately(Math.Sqrt(0.02), 1e-15);
    }

    [Fact]
    public void Cross_validation_refuses_a_NaN_score_naming_the_fold_and_bad_arguments()
    {
        var folds = ModelSelection.KFold(6, 3, seed: 1);

        var nan = () => ModelSelection.CrossValidate(folds, fold => fold == folds[2] ? double.NaN : 1);
        var none = () => ModelSelection.CrossValidate([], _ => 1);
        var noScorer = () => ModelSelection.CrossValidate(folds, null!);

        nan.Should().ThrowExactly<InvalidOperationException>().WithMessage("The score of fold 2 is NaN*");
        none.Should().ThrowExactly<ArgumentException>().WithParameterName("folds");
        noScorer.Should().ThrowExactly<ArgumentNullException>().WithParameterName("fitAndScore");
    }

    [Fact]
    public void A_labeled_dataset_applies_stratified_indices_keeping_each_sample_together()
    {
        // Given 12 samples whose input is their index and whose class is index mod 3
        var inputs = Matrix<double>.Build.Dense(1, 12, (_, j) => j);
        var data = new LabeledDataset<double>(inputs, Enumerable.Range(0, 12).Select(j => j % 3).ToArray(), ["a", "b", "c"]);

        // When split by stratified indices
        var indices = ModelSelection.StratifiedSplit(data.Labels, 0.25, seed: 6);
        var (training, test) = data.Split(indices);

        // Then each part holds the indexed samples in ascending order, one test sample per class
        training.Inputs.Row(0).Select(x => (int)x).Should().Equal(indices.Train);
        test.Inputs.Row(0).Select(x => (int)x).Should().Equal(indices.Test);
        test.Labels.Should().BeEquivalentTo([0, 1, 2]);
        for (var j = 0; j < test.Count; j++)
        {
            test.Labels[j].Should().Be((int)test.Inputs[0, j] % 3);
        }
    }

    [Fact]
    public void A_dataset_refuses_indices_of_another_sample_count()
    {
        var data = new RegressionDataset<double>(Matrix<double>.Build.Dense(1, 5), Matrix<double>.Build.Dense(1, 5));

        var split = () => data.Split(ModelSelection.Split(6, 0.5, 1));

        split.Should().ThrowExactly<ArgumentException>().WithParameterName("indices").WithMessage("*6 samples*has 5*");
    }
}
