namespace Backprop.Tests.Evaluation;

/// <summary>
/// <see cref="Metrics.RocAuc(IReadOnlyList{bool}, IReadOnlyList{double}, IReadOnlyList{double}?)"/> and log-loss:
/// small cases counted by hand (pairs of positive and negative samples; −mean log p), the weighted and multiclass
/// ones also cross-checked with scikit-learn 1.2.1 (<c>roc_auc_score</c>, <c>log_loss</c>), whose printed values are
/// written here.
/// </summary>
public sealed class ScoreMetricsTests
{
    [Fact]
    public void Roc_auc_is_the_fraction_of_positive_negative_pairs_ranked_right()
    {
        // Given scikit-learn's documented example: negatives 0.1, 0.4, positives 0.35, 0.8: of the 4 pairs,
        // 0.35 > 0.1, 0.8 > 0.1, 0.8 > 0.4 are right and 0.35 < 0.4 wrong
        var auc = Metrics.RocAuc([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);

        auc.Should().Be(0.75);
    }

    [Fact]
    public void A_tie_between_a_positive_and_a_negative_counts_one_half()
    {
        // Given positives 0.5, 0.9 and negatives 0.5, 0.2: pairs 0.5 = 0.5 (½), 0.5 > 0.2, 0.9 > 0.5, 0.9 > 0.2
        Metrics.RocAuc([false, true, false, true], [0.5, 0.5, 0.2, 0.9]).Should().Be(3.5 / 4);

        // And scores that do not separate at all give one half; perfectly reversed ones 0
        Metrics.RocAuc([true, false, true, false], [1, 1, 1, 1]).Should().Be(0.5);
        Metrics.RocAuc([true, false], [0.1, 0.9]).Should().Be(0);
    }

    [Fact]
    public void Weights_weigh_each_pair_by_the_product_of_its_sample_weights()
    {
        // Given positives (score, weight) (0.5, 2), (0.9, 0.5), (0.1, 1) and negatives (0.5, 1), (0.2, 3), (0.7, 2):
        // right-ranked weight: 0.5 beats 0.2: 2·3 = 6, ties 0.5: ½·2·1 = 1; 0.9 beats all: 0.5·6 = 3; 0.1 none;
        // total pairs' weight 3.5 · 6 = 21: (6 + 1 + 3) / 21 = 10/21 (scikit-learn: 0.4761904761904762)
        var auc = Metrics.RocAuc([false, true, false, true, true, false], [0.5, 0.5, 0.2, 0.9, 0.1, 0.7], [1, 2, 3, 0.5, 1, 2]);

        auc.Should().BeApproximately(10.0 / 21, 1e-15);
    }

    [Fact]
    public void Roc_auc_refuses_one_class_only_and_NaN_scores()
    {
        var oneClass = () => Metrics.RocAuc([true, true], [0.2, 0.3]);
        var weighedOut = () => Metrics.RocAuc([true, false], [0.2, 0.3], [1, 0]);
        var nan = () => Metrics.RocAuc([true, false], [0.2, double.NaN]);

        oneClass.Should().ThrowExactly<ArgumentException>().WithParameterName("actual").WithMessage("*only one class*no negative*");
        weighedOut.Should().ThrowExactly<ArgumentException>().WithParameterName("actual").WithMessage("*no negative*");
        nan.Should().ThrowExactly<ArgumentException>().WithParameterName("scores").WithMessage("scores[1] is NaN*");
    }

    [Fact]
    public void Multiclass_roc_auc_is_the_mean_of_the_one_vs_rest_areas()
    {
        // Given three classes and seven probability rows
        string[] actual = ["a", "b", "c", "a", "b", "c", "a"];
        double[][] probabilities = [[.7, .2, .1], [.3, .4, .3], [.2, .2, .6], [.4, .5, .1], [.5, .3, .2], [.1, .6, .3], [.6, .1, .3]];

        // When measured one-vs-rest
        var auc = Metrics.RocAuc(actual, probabilities, ["a", "b", "c"]);

        // Then by hand: a (0.7, 0.4, 0.6 vs 0.3, 0.2, 0.5, 0.1): 3 + 2 + 3 = 11 of 12; b (0.4, 0.3 vs 0.2, 0.2, 0.5,
        // 0.6, 0.1): 3 + 3 = 6 of 10; c (0.6, 0.3 vs 0.1, 0.3, 0.1, 0.2, 0.3): 5 + (3 + 2·½) = 9 of 10
        // → (11/12 + 0.6 + 0.9) / 3 (scikit-learn's multi_class="ovr": 0.8055555555555555)
        auc.Should().BeApproximately(((11.0 / 12) + 0.6 + 0.9) / 3, 1e-15);

        // And with weights 1, 2, 1, 1, 3, 1, 2, scikit-learn gives 0.8161375661375662
        Metrics.RocAuc(actual, probabilities, ["a", "b", "c"], [1, 2, 1, 1, 3, 1, 2]).Should().BeApproximately(0.8161375661375662, 1e-14);
    }

    [Fact]
    public void Binary_log_loss_is_the_mean_negative_log_probability_of_the_actual_class()
    {
        // Given targets 0, 1, 1, 0 and P(1) = 0.2, 0.7, 0.9, 0.4: −(ln 0.8 + ln 0.7 + ln 0.9 + ln 0.6) / 4
        bool[] actual = [false, true, true, false];
        double[] probabilities = [0.2, 0.7, 0.9, 0.4];

        Metrics.LogLoss(actual, probabilities).Should().BeApproximately(-(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.9) + Math.Log(0.6)) / 4, 1e-15);

        // And weighted 1, 2, 0.5, 1: −(ln 0.8 + 2 ln 0.7 + 0.5 ln 0.9 + ln 0.6) / 4.5 (scikit-learn: 0.3333331823970174)
        Metrics.LogLoss(actual, probabilities, [1, 2, 0.5, 1])
            .Should().BeApproximately(-(Math.Log(0.8) + (2 * Math.Log(0.7)) + (0.5 * Math.Log(0.9)) + Math.Log(0.6)) / 4.5, 1e-15);
    }

    [Fact]
    public void A_sure_wrong_probability_is_clipped_to_machine_epsilon_rather_than_infinite()
    {
        // Given P(1) = 0 for a positive, P(1) = 0 for a negative: −(ln ε + ln(1 − ε)) / 2 with ε = 2⁻⁵²
        var loss = Metrics.LogLoss([true, false], [0.0, 0.0]);

        Metrics.LogLossEpsilon.Should().Be(Math.Pow(2, -52));
        loss.Should().BeApproximately(52 * Math.Log(2) / 2, 1e-12, "−ln 2⁻⁵² = 52 ln 2 ≈ 36.04 (scikit-learn: 18.021826694558577)");
    }

    [Fact]
    public void Multiclass_log_loss_reads_the_probability_of_each_actual_class()
    {
        // Given scikit-learn's documented example (classes ham, spam): −(ln 0.9 + ln 0.9 + ln 0.8 + ln 0.65) / 4
        var loss = Metrics.LogLoss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]], ["ham", "spam"]);

        loss.Should().BeApproximately(-((2 * Math.Log(0.9)) + Math.Log(0.8) + Math.Log(0.65)) / 4, 1e-15, "scikit-learn: 0.21616187468057912");
    }

    [Fact]
    public void Multiclass_log_loss_of_three_classes_with_and_without_weights_matches_scikit_learn()
    {
        // Given the seven rows of the one-vs-rest test; the actual classes' probabilities are 0.7, 0.4, 0.6, 0.4, 0.3, 0.3, 0.6
        string[] actual = ["a", "b", "c", "a", "b", "c", "a"];
        double[][] probabilities = [[.7, .2, .1], [.3, .4, .3], [.2, .2, .6], [.4, .5, .1], [.5, .3, .2], [.1, .6, .3], [.6, .1, .3]];
        double[] picked = [0.7, 0.4, 0.6, 0.4, 0.3, 0.3, 0.6];
        double[] weights = [1, 2, 1, 1, 3, 1, 2];

        // Then −mean ln p (scikit-learn 1.2.1: 0.8026933234101279) and −Σ w ln p / Σ w (0.8594468389239013)
        Metrics.LogLoss(actual, probabilities, ["a", "b", "c"]).Should().BeApproximately(-picked.Sum(Math.Log) / 7, 1e-15);
        Metrics.LogLoss(actual, probabilities, ["a", "b", "c"], weights)
            .Should().BeApproximately(-picked.Select((p, i) => weights[i] * Math.Log(p)).Sum() / weights.Sum(), 1e-15);
        Metrics.LogLoss(actual, probabilities, ["a", "b", "c"]).Should().BeApproximately(0.8026933234101279, 1e-14);
        Metrics.LogLoss(actual, probabilities, ["a", "b", "c"], weights).Should().BeApproximately(0.8594468389239013, 1e-14);
    }

    [Fact]
    public void Probabilities_outside_0_1_rows_not_summing_to_1_or_of_the_wrong_length_are_refused()
    {
        var above = () => Metrics.LogLoss([true], [1.5]);
        var nan = () => Metrics.LogLoss([true, false], [0.5, double.NaN]);
        var sum = () => Metrics.LogLoss(["a", "b"], [[0.5, 0.5], [0.5, 0.6]], ["a", "b"]);
        var length = () => Metrics.RocAuc(["a", "b"], [[0.5, 0.5], [1.0]], ["a", "b"]);
        var unknown = () => Metrics.LogLoss(["a", "x"], [[0.5, 0.5], [0.5, 0.5]], ["a", "b"]);

        above.Should().ThrowExactly<ArgumentException>().WithParameterName("probabilities").WithMessage("probabilities[0] is 1.5*");
        nan.Should().ThrowExactly<ArgumentException>().WithParameterName("probabilities").WithMessage("probabilities[1] is NaN*");
        sum.Should().ThrowExactly<ArgumentException>().WithParameterName("probabilities").WithMessage("probabilities[1] sums to 1.1*");
        length.Should().ThrowExactly<ArgumentException>().WithParameterName("probabilities").WithMessage("probabilities[1] has 1 values*2 classes*");
        unknown.Should().ThrowExactly<ArgumentException>().WithParameterName("actual").WithMessage("actual[1] is 'x'*");
    }
}
