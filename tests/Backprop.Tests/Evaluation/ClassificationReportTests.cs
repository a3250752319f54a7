namespace Backprop.Tests.Evaluation;

/// <summary>
/// <see cref="ClassificationReport{TLabel}"/> from <see cref="Metrics.ClassificationReport{TLabel}"/>: per-class
/// precision, recall, F1 and support, the averages and the text. The expected text of the first test is the
/// example of scikit-learn's <c>classification_report</c> documentation (also what scikit-learn 1.2.1 prints for it).
/// </summary>
public sealed class ClassificationReportTests
{
    /// <summary>scikit-learn's documentation example: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1], named "class k".</summary>
    private static readonly string[] Actual = ["class 0", "class 1", "class 2", "class 2", "class 2"];

    private static readonly string[] Predicted = ["class 0", "class 0", "class 2", "class 2", "class 1"];

    [Fact]
    public void The_text_is_laid_out_as_scikit_learns_classification_report()
    {
        var report = Metrics.ClassificationReport(Actual, Predicted);

        report.ToText().Should().Be(Lines(
            "              precision    recall  f1-score   support",
            string.Empty,
            "     class 0       0.50      1.00      0.67         1",
            "     class 1       0.00      0.00      0.00         1",
            "     class 2       1.00      0.67      0.80         3",
            string.Empty,
            "    accuracy                           0.60         5",
            "   macro avg       0.50      0.56      0.49         5",
            "weighted avg       0.70      0.60      0.61         5"));
        report.ToString().Should().Be(report.ToText());
    }

    [Fact]
    public void The_scores_are_the_counts_ratios_and_the_averages_their_means()
    {
        // Given the example: class 0 has TP 1, FP 1 (the class-1 sample), FN 0; class 1 TP 0, FP 1, FN 1; class 2
        // TP 2, FP 0, FN 1
        var report = Metrics.ClassificationReport(Actual, Predicted);

        // Then precision TP/(TP+FP), recall TP/(TP+FN), F1 2TP/(2TP+FP+FN)
        report.Classes.Should().Equal("class 0", "class 1", "class 2");
        report["class 0"].Should().Be(new ClassScores(0.5, 1, 2.0 / 3, 1));
        report["class 1"].Should().Be(new ClassScores(0, 0, 0, 1));
        report["class 2"].Should().Be(new ClassScores(1, 2.0 / 3, 0.8, 3));
        report.Accuracy.Should().Be(0.6);
        report.MacroAverage.Precision.Should().BeApproximately(0.5, 1e-15);
        report.MacroAverage.Recall.Should().BeApproximately((1 + 0 + (2.0 / 3)) / 3, 1e-15);
        report.MacroAverage.F1Score.Should().BeApproximately(((2.0 / 3) + 0 + 0.8) / 3, 1e-15);
        report.MacroAverage.Support.Should().Be(5);
        report.WeightedAverage.Precision.Should().BeApproximately(((0.5 * 1) + (0 * 1) + (1 * 3)) / 5, 1e-15);
        report.WeightedAverage.F1Score.Should().BeApproximately(((2.0 / 3) + (0.8 * 3)) / 5, 1e-15);
    }

    [Fact]
    public void Sample_weights_weigh_every_count_and_support_prints_as_a_total_weight()
    {
        // Given weights 1, 2, 0.5, 1, 1.5: class 0 TP 1, FP 2; class 1 TP 0, FN 2, FP 1.5; class 2 TP 1.5, FN 1.5
        var report = Metrics.ClassificationReport(Actual, Predicted, sampleWeights: [1, 2, 0.5, 1, 1.5]);

        // Then (expected text as printed by scikit-learn 1.2.1 with sample_weight, and the ratios by hand)
        report["class 0"].Precision.Should().BeApproximately(1.0 / 3, 1e-15);
        report["class 2"].Should().Be(new ClassScores(1, 0.5, 2.0 / 3, 3));
        report.Accuracy.Should().BeApproximately(2.5 / 6, 1e-15);
        report.ToText().Should().Be(Lines(
            "              precision    recall  f1-score   support",
            string.Empty,
            "     class 0       0.33      1.00      0.50       1.0",
            "     class 1       0.00      0.00      0.00       2.0",
            "     class 2       1.00      0.50      0.67       3.0",
            string.Empty,
            "    accuracy                           0.42       6.0",
            "   macro avg       0.44      0.50      0.39       6.0",
            "weighted avg       0.56      0.42      0.42       6.0"));
    }

    [Fact]
    public void Given_classes_set_the_order_and_a_class_never_seen_scores_0_by_the_zero_division_rule()
    {
        // Given integer labels and a class order with 9, which no sample has or is predicted as
        int[] actual = [1, 2, 2];
        int[] predicted = [1, 2, 1];

        var report = Metrics.ClassificationReport(actual, predicted, classes: [2, 9, 1]);

        // Then the rows follow the given order; class 9 is all zeros (0/0 counts as 0) and pulls the macro mean down
        report.Classes.Should().Equal(2, 9, 1);
        report[9].Should().Be(new ClassScores(0, 0, 0, 0));
        report[1].Should().Be(new ClassScores(0.5, 1, 2.0 / 3, 1));
        report[2].Should().Be(new ClassScores(1, 0.5, 2.0 / 3, 2));
        report.MacroAverage.F1Score.Should().BeApproximately(4.0 / 9, 1e-15);
        report.ToText(digits: 3).Split(Environment.NewLine)[3].Should().Be("           9      0.000     0.000     0.000         0");
    }

    [Fact]
    public void By_default_the_classes_are_the_distinct_labels_of_both_lists_sorted()
    {
        // Given strings whose ordinal order differs from first appearance ("B" < "a" ordinally), and an enum
        var strings = Metrics.ClassificationReport(["a", "B", "a"], ["c", "B", "a"]);
        var days = Metrics.ClassificationReport([DayOfWeek.Friday, DayOfWeek.Monday], [DayOfWeek.Monday, DayOfWeek.Monday]);

        strings.Classes.Should().Equal("B", "a", "c");
        days.Classes.Should().Equal(DayOfWeek.Monday, DayOfWeek.Friday);
    }

    [Fact]
    public void A_label_outside_the_given_classes_a_repeated_class_or_an_unknown_lookup_is_refused()
    {
        var unknown = () => Metrics.ClassificationReport(["a", "b"], ["a", "z"], classes: ["a", "b"]);
        var repeated = () => Metrics.ClassificationReport(["a", "b"], ["a", "b"], classes: ["a", "b", "a"]);
        var report = Metrics.ClassificationReport(["a", "b"], ["a", "b"]);

        unknown.Should().ThrowExactly<ArgumentException>().WithParameterName("predicted").WithMessage("predicted[1] is 'z', which is not one of the 2 classes ('a', 'b').*");
        repeated.Should().ThrowExactly<ArgumentException>().WithParameterName("classes").WithMessage("classes[0] and classes[2] are both 'a'*");
        FluentActions.Invoking(() => report["q"]).Should().ThrowExactly<KeyNotFoundException>();
        FluentActions.Invoking(() => report.ToText(16)).Should().ThrowExactly<ArgumentOutOfRangeException>();
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
