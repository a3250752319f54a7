using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Evaluation;

/// <summary>
/// <see cref="Metrics"/> on small hand-made predictions and targets (<c>outputs × samples</c>, one column per
/// sample): a sample's class is its arg-max (the first on a tie), or for a single output 1 when it is above 0.5.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public void Accuracy_is_the_fraction_of_samples_whose_largest_output_is_the_target_class()
    {
        // Given four samples of three classes: the arg-maxes are 0, 2, 0, 1 and the targets 0, 2, 1, 1
        var predictions = Columns([0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.5, 0.4, 0.1], [0.2, 0.5, 0.3]);
        var targets = Columns([1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0]);

        // When the accuracy is measured
        var accuracy = Metrics.Accuracy(predictions, targets);

        // Then three of the four are right
        accuracy.Should().Be(0.75);
    }

    [Fact]
    public void With_one_output_the_class_is_1_above_one_half_and_0_otherwise()
    {
        // Given five single-output samples: 0.9, 0.5, 0.51, 0.1, 0.49 are classes 1, 0, 1, 0, 0; the targets 1, 1, 1, 0, 1
        var predictions = Columns([0.9], [0.5], [0.51], [0.1], [0.49]);
        var targets = Columns([1], [1], [1], [0], [1]);

        // When the accuracy is measured
        var accuracy = Metrics.Accuracy(predictions, targets);

        // Then samples 0, 2 and 3 are right (0.5 itself is not above one half)
        accuracy.Should().Be(0.6);
    }

    [Fact]
    public void A_tie_goes_to_the_first_of_the_largest_outputs_and_infinities_are_ordinary_largest_or_smallest_values()
    {
        // Given a tie between classes 0 and 1 (target 1), and a column of +∞ at class 2 and −∞ at class 0 (target 2)
        var predictions = Columns([0.4, 0.4, 0.2], [double.NegativeInfinity, 0.3, double.PositiveInfinity]);
        var targets = Columns([0, 1, 0], [0, 0, 1]);

        // When the confusion matrix is made
        var confusion = Metrics.ConfusionMatrix(predictions, targets);

        // Then the tie counts as class 0 (wrong) and the infinite column as class 2 (right)
        confusion[1, 0].Should().Be(1);
        confusion[2, 2].Should().Be(1);
        Metrics.Accuracy(predictions, targets).Should().Be(0.5);
    }

    [Fact]
    public void Accuracy_in_float_counts_the_same_classes()
    {
        // Given the first test's samples in float
        var predictions = Columns([0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.5, 0.4, 0.1], [0.2, 0.5, 0.3]).Map(value => (float)value);
        var targets = Columns([1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 0]).Map(value => (float)value);

        // When the accuracy and the confusion matrix are measured, then they count the same three right
        Metrics.Accuracy(predictions, targets).Should().Be(0.75);
        Metrics.ConfusionMatrix(predictions, targets).Accuracy.Should().Be(0.75);
    }

    [Fact]
    public void The_confusion_matrix_counts_each_target_class_by_predicted_class()
    {
        // Given six samples of three classes: (target → predicted) 0 → 0, 0 → 1, 1 → 1, 2 → 2, 2 → 0, 2 → 2
        var predictions = Columns([0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.5, 0.2, 0.3], [0.0, 0.4, 0.6]);
        var targets = Columns([1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 1]);

        // When the confusion matrix is made
        var confusion = Metrics.ConfusionMatrix(predictions, targets);

        // Then the rows are the targets, the columns the predictions, and four of the six are on the diagonal
        confusion.ClassCount.Should().Be(3);
        confusion.Total.Should().Be(6);
        int[,] expected = { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } };
        for (var actual = 0; actual < 3; actual++)
        {
            for (var predicted = 0; predicted < 3; predicted++)
            {
                confusion[actual, predicted].Should().Be(expected[actual, predicted], "target {0} predicted as {1}", actual, predicted);
            }
        }

        confusion.Accuracy.Should().Be(4.0 / 6);
        Metrics.Accuracy(predictions, targets).Should().Be(4.0 / 6);
    }

    [Fact]
    public void With_one_output_the_confusion_matrix_has_the_two_classes_0_and_1()
    {
        // Given single-output samples (target → predicted) 0 → 0, 0 → 1, 1 → 1, 1 → 1, 1 → 0
        var predictions = Columns([0.2], [0.7], [0.9], [0.6], [0.4]);
        var targets = Columns([0], [0], [1], [1], [1]);

        // When the confusion matrix is made
        var confusion = Metrics.ConfusionMatrix(predictions, targets);

        // Then it is 2 × 2
        confusion.ClassCount.Should().Be(2);
        (confusion[0, 0], confusion[0, 1], confusion[1, 0], confusion[1, 1]).Should().Be((1, 1, 1, 2));
    }

    [Fact]
    public void Mean_squared_error_is_the_mean_over_every_output_of_every_sample()
    {
        // Given differences a − y of 1, 0 (sample 0) and 2, 3 (sample 1): squares 1, 0, 4, 9
        var predictions = Columns([1, 3], [2, 4]);
        var targets = Columns([0, 3], [0, 1]);

        // When the mean squared error is measured, then it is 14 / 4
        Metrics.MeanSquaredError(predictions, targets).Should().Be(3.5);
        Metrics.MeanSquaredError(predictions.Map(value => (float)value), targets.Map(value => (float)value)).Should().Be(3.5);
    }

    [Fact]
    public void Mean_squared_error_of_a_NaN_prediction_is_NaN()
    {
        var predictions = Columns([1, double.NaN]);
        var targets = Columns([1, 0]);

        double.IsNaN(Metrics.MeanSquaredError(predictions, targets)).Should().BeTrue("NaN − 0 is NaN, and so is every sum with it");
    }

    public static TheoryData<string> ClassMetrics() => new("accuracy", "confusion matrix");

    public static TheoryData<string> EveryMetric() => new("accuracy", "confusion matrix", "mean squared error");

    [Theory]
    [MemberData(nameof(ClassMetrics))]
    public void Predictions_that_are_all_NaN_are_refused_rather_than_counted_as_class_0(string metric)
    {
        // Given two samples whose outputs are all NaN, of target class 0 (a NaN is never larger, so the arg-max
        // would be 0 and every sample right)
        var predictions = Columns([double.NaN, double.NaN], [double.NaN, double.NaN]);
        var targets = Columns([1, 0], [1, 0]);

        // When the metric is measured, then it is refused, naming the first NaN
        BadBatches.ShouldRefuse(() => Measure(metric, predictions, targets), "predictions", ["NaN", "row 0, column 0"]);
    }

    [Theory]
    [MemberData(nameof(ClassMetrics))]
    public void A_NaN_in_one_output_of_a_sample_or_in_a_single_output_is_refused(string metric)
    {
        // Given a NaN beside larger outputs (sample 1, row 2), and a single output NaN (sample 2)
        var several = Columns([0.1, 0.8, 0.1], [0.9, 0.0, double.NaN]);
        var single = Columns([0.9], [0.1], [double.NaN]);

        // When the metric is measured, then each is refused, naming where the NaN is
        BadBatches.ShouldRefuse(() => Measure(metric, several, Columns([0, 1, 0], [1, 0, 0])), "predictions", ["NaN", "row 2, column 1", "sample 1"]);
        BadBatches.ShouldRefuse(() => Measure(metric, single, Columns([1], [0], [1])), "predictions", ["NaN", "row 0, column 2", "sample 2"]);
    }

    [Theory]
    [MemberData(nameof(ClassMetrics))]
    public void A_NaN_target_is_refused(string metric)
    {
        var predictions = Columns([0.9, 0.1], [0.2, 0.8]);
        var targets = Columns([1, 0], [0, double.NaN]);

        BadBatches.ShouldRefuse(() => Measure(metric, predictions, targets), "targets", ["NaN", "row 1, column 1"]);
    }

    [Theory]
    [MemberData(nameof(EveryMetric))]
    public void Targets_of_another_shape_are_refused_naming_both_shapes(string metric)
    {
        // Given 2 × 3 predictions, and targets with another number of rows or of columns
        var predictions = Matrix<double>.Build.Dense(2, 3, 0.5);

        // When the metric is measured, then it is refused, naming both shapes
        BadBatches.ShouldRefuse(() => Measure(metric, predictions, Matrix<double>.Build.Dense(3, 3)), "targets", ["2×3", "3×3"]);
        BadBatches.ShouldRefuse(() => Measure(metric, predictions, Matrix<double>.Build.Dense(2, 4)), "targets", ["2×3", "2×4"]);
    }

    [Theory]
    [MemberData(nameof(EveryMetric))]
    public void No_samples_or_no_outputs_are_refused(string metric)
    {
        BadBatches.ShouldRefuse(() => Measure(metric, Matrix<double>.Build.Dense(2, 0), Matrix<double>.Build.Dense(2, 0)), "predictions", ["no samples"]);
        BadBatches.ShouldRefuse(() => Measure(metric, Matrix<double>.Build.Dense(0, 3), Matrix<double>.Build.Dense(0, 3)), "predictions", ["no outputs"]);
    }

    [Theory]
    [MemberData(nameof(EveryMetric))]
    public void Null_predictions_or_targets_are_refused_by_name(string metric)
    {
        var matrix = Matrix<double>.Build.Dense(2, 3);

        FluentActions.Invoking(() => Measure(metric, null!, matrix)).Should().ThrowExactly<ArgumentNullException>().WithParameterName("predictions");
        FluentActions.Invoking(() => Measure(metric, matrix, null!)).Should().ThrowExactly<ArgumentNullException>().WithParameterName("targets");
    }

    /// <summary>A matrix with the given columns (one per sample).</summary>
    private static Matrix<double> Columns(params double[][] columns) => Matrix<double>.Build.DenseOfColumnArrays(columns);

    private static object Measure(string metric, Matrix<double> predictions, Matrix<double> targets)
        => metric switch
        {
            "accuracy" => Metrics.Accuracy(predictions, targets),
            "confusion matrix" => Metrics.ConfusionMatrix(predictions, targets),
            "mean squared error" => Metrics.MeanSquaredError(predictions, targets),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "No such metric in the tests."),
        };
}
