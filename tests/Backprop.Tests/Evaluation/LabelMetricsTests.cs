namespace Backprop.Tests.Evaluation;

/// <summary>
/// Label-level accuracy and confusion matrix (<c>Metrics.Accuracy(actual, predicted)</c>, <c>Metrics.ConfusionMatrix(actual, predicted)</c>), and the
/// sample-weight checks every weighted metric shares; expected numbers counted by hand.
/// </summary>
public sealed class LabelMetricsTests
{
    [Fact]
    public void Accuracy_is_the_fraction_of_equal_labels_and_weights_weigh_each_sample()
    {
        // Given five labels, samples 0, 2 and 3 right
        string[] actual = ["cat", "dog", "dog", "bird", "cat"];
        string[] predicted = ["cat", "cat", "dog", "bird", "dog"];

        // Then 3 / 5, and with weights 1, 2, 0.5, 1, 1.5 it is (1 + 0.5 + 1) / 6
        Metrics.Accuracy(actual, predicted).Should().Be(0.6);
        Metrics.Accuracy(actual, predicted, [1, 2, 0.5, 1, 1.5]).Should().BeApproximately(2.5 / 6, 1e-15);
        Metrics.Accuracy([true, false], [true, true], [0, 3]).Should().Be(0, "the only right sample weighs 0");
    }

    [Fact]
    public void A_NaN_predicted_label_is_never_counted_correct_it_is_refused_naming_its_index()
    {
        // Given double labels whose predictions are all NaN (NaN equals NaN under Equals, so counting would give 1.0)
        double[] actual = [double.NaN, double.NaN];
        double[] predicted = [1, double.NaN];

        var accuracy = () => Metrics.Accuracy(actual, predicted);
        var accuracyOfNaNPredictions = () => Metrics.Accuracy([1.0, 2.0], [double.NaN, double.NaN]);

        accuracy.Should().ThrowExactly<ArgumentException>().WithParameterName("actual").WithMessage("actual[0] is NaN*");
        accuracyOfNaNPredictions.Should().ThrowExactly<ArgumentException>().WithParameterName("predicted").WithMessage("predicted[0] is NaN*");
        FluentActions.Invoking(() => Metrics.Accuracy([1f], [float.NaN])).Should().ThrowExactly<ArgumentException>().WithMessage("predicted[0] is NaN*");
    }

    [Fact]
    public void Lists_of_different_lengths_empty_lists_and_nulls_are_refused()
    {
        FluentActions.Invoking(() => Metrics.Accuracy([1, 2], [1])).Should().ThrowExactly<ArgumentException>()
            .WithParameterName("predicted").WithMessage("Expected 2 predicted values, one per actual value, but got 1.*");
        FluentActions.Invoking(() => Metrics.Accuracy(Array.Empty<int>(), [])).Should().ThrowExactly<ArgumentException>().WithParameterName("actual");
        FluentActions.Invoking(() => Metrics.Accuracy(null!, new[] { 1 })).Should().ThrowExactly<ArgumentNullException>().WithParameterName("actual");
        FluentActions.Invoking(() => Metrics.Accuracy(new[] { 1 }, null!)).Should().ThrowExactly<ArgumentNullException>().WithParameterName("predicted");
        FluentActions.Invoking(() => Metrics.Accuracy(new[] { "a", null! }, ["a", "b"])).Should().ThrowExactly<ArgumentException>().WithMessage("actual[1] is null*");
    }

    public static TheoryData<double[], string> BadWeights() => new()
    {
        { [1, -0.5, 1], "sampleWeights[1] is -0.5*" },
        { [1, 1, double.NaN], "sampleWeights[2] is NaN*" },
        { [double.PositiveInfinity, 1, 1], "sampleWeights[0] is Infinity*" },
        { [0, 0, 0], "Every sample weight is 0*" },
        { [1, 1], "Expected 3 sample weights, one per sample, but got 2.*" },
    };

    [Theory]
    [MemberData(nameof(BadWeights))]
    public void Weights_that_are_negative_not_finite_all_zero_or_miscounted_are_refused_by_every_weighted_metric(double[] weights, string message)
    {
        // Given three samples and a bad weight list, then each weighted metric refuses it naming the index and value
        Action[] metrics =
        [
            () => Metrics.Accuracy([1, 2, 3], [1, 2, 2], weights),
            () => Metrics.ClassificationReport([1, 2, 3], [1, 2, 2], sampleWeights: weights),
            () => Metrics.RocAuc([true, false, true], [0.9, 0.1, 0.4], weights),
            () => Metrics.LogLoss([true, false, true], [0.9, 0.1, 0.4], weights),
            () => Metrics.R2Score([1, 2, 3], [1, 2, 2], weights),
            () => Metrics.MeanAbsoluteError([1, 2, 3], [1, 2, 2], weights),
            () => Metrics.RootMeanSquaredError([1, 2, 3], [1, 2, 2], weights),
        ];

        foreach (var metric in metrics)
        {
            metric.Should().ThrowExactly<ArgumentException>().WithParameterName("sampleWeights").WithMessage(message);
        }
    }

    [Fact]
    public void The_confusion_matrix_of_labels_counts_actual_by_predicted_and_labels_its_table_with_the_classes()
    {
        // Given (actual → predicted) cat → cat, dog → cat, dog → dog, bird → bird, cat → dog
        string[] actual = ["cat", "dog", "dog", "bird", "cat"];
        string[] predicted = ["cat", "cat", "dog", "bird", "dog"];

        // When made with the classes in the order cat, dog, bird
        var confusion = Metrics.ConfusionMatrix(actual, predicted, ["cat", "dog", "bird"]);

        // Then the counts are in that order and the table is labelled with them
        (confusion[0, 0], confusion[0, 1], confusion[1, 0], confusion[1, 1], confusion[2, 2]).Should().Be((1, 1, 1, 1, 1));
        confusion.Total.Should().Be(5);
        confusion.ClassNames.Should().Equal("cat", "dog", "bird");
        confusion.ToTable().Split(Environment.NewLine)[0].Should().Be(@"actual \ predicted     cat   dog  bird");
        Metrics.ConfusionMatrix(actual, predicted).ClassNames.Should().Equal("bird", "cat", "dog");
    }
}
