using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="Standardizer{T}"/> learns each feature's mean and population standard deviation from the
/// training samples only and applies them unchanged elsewhere; a constant feature is centred, not divided by 0.
/// </summary>
public sealed class StandardizerTests
{
    // Training: feature 0 is 1, 2, 3, 4 (mean 2.5, population variance 1.25); feature 1 is constant 10.
    private static Matrix<double> Training()
        => Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3, 4 }, { 10, 10, 10, 10 } });

    [Fact]
    public void Fit_computes_the_mean_and_population_standard_deviation_of_each_feature()
    {
        // When fitted on the training samples
        var standardizer = Standardizer<double>.Fit(Training());

        // Then feature 0 has mean 2.5 and std √1.25; the constant feature has mean 10 and std 0
        standardizer.FeatureCount.Should().Be(2);
        standardizer.Means.Should().Equal(2.5, 10.0);
        standardizer.StandardDeviations[0].Should().BeApproximately(Math.Sqrt(1.25), 1e-15);
        standardizer.StandardDeviations[1].Should().Be(0.0);
    }

    [Fact]
    public void Transform_of_the_training_samples_gives_mean_0_and_standard_deviation_1()
    {
        // Given a standardiser fitted on the training samples
        var training = Training();
        var standardizer = Standardizer<double>.Fit(training);

        // When they are transformed
        var scaled = standardizer.Transform(training);

        // Then feature 0 is (x − 2.5) / √1.25 with mean 0 and std 1, and the constant feature is exactly 0
        var s = Math.Sqrt(1.25);
        scaled.Row(0).ToArray().Should().Equal([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s], (a, b) => Math.Abs(a - b) < 1e-15);
        scaled.Row(0).Average().Should().BeApproximately(0, 1e-15);
        Math.Sqrt(scaled.Row(0).Select(x => x * x).Average()).Should().BeApproximately(1, 1e-15);
        scaled.Row(1).Should().OnlyContain(x => x == 0);
        training[0, 0].Should().Be(1, "the input is not changed");
    }

    [Fact]
    public void Other_samples_are_transformed_with_the_training_statistics_not_their_own()
    {
        // Given a standardiser fitted on the training samples and validation samples with another mean and spread
        var standardizer = Standardizer<double>.Fit(Training());
        var validation = Matrix<double>.Build.DenseOfArray(new double[,] { { 5, 7 }, { 12, 10 } });

        // When the validation samples are transformed
        var scaled = standardizer.Transform(validation);

        // Then feature 0 uses mean 2.5 and std √1.25, and the constant feature is only centred: 12 − 10 = 2
        scaled[0, 0].Should().BeApproximately(2.5 / Math.Sqrt(1.25), 1e-15);
        scaled[0, 1].Should().BeApproximately(4.5 / Math.Sqrt(1.25), 1e-15);
        scaled[1, 0].Should().Be(2);
        scaled[1, 1].Should().Be(0);
    }

    [Fact]
    public void A_constant_feature_whose_sum_rounds_is_still_exactly_centred()
    {
        // Given a feature that is 0.1 in three samples (0.1 + 0.1 + 0.1 is not 3 · 0.1 in binary)
        var training = Matrix<double>.Build.Dense(1, 3, 0.1);

        // When fitted and transformed
        var standardizer = Standardizer<double>.Fit(training);
        var scaled = standardizer.Transform(training);

        // Then its std is 0 and every value is exactly 0, not rounding noise blown up by a tiny divisor
        standardizer.StandardDeviations[0].Should().Be(0);
        scaled.Row(0).Should().OnlyContain(x => x == 0);
    }

    [Fact]
    public void Transform_of_a_dataset_keeps_its_labels_targets_and_names()
    {
        // Given a classification dataset split in two, and a standardiser fitted on the training part
        var inputs = Matrix<double>.Build.Dense(2, 10, (i, j) => (i + 1) * j * j);
        var data = new LabeledDataset<double>(inputs, Enumerable.Range(0, 10).Select(j => j % 2).ToArray(), ["even", "odd"], ["a", "b"]);
        var (training, validation) = data.Split(0.2, seed: 9);
        var standardizer = Standardizer<double>.Fit(training);

        // When both parts are transformed
        var scaledTraining = standardizer.Transform(training);
        var scaledValidation = standardizer.Transform(validation);

        // Then only the inputs changed, by the training statistics
        scaledTraining.Labels.Should().Equal(training.Labels);
        scaledValidation.Targets.Should().Be(validation.Targets);
        scaledValidation.FeatureNames.Should().Equal("a", "b");
        scaledValidation.Inputs.Should().Be(standardizer.Transform(validation.Inputs));
        scaledTraining.Inputs.Row(0).Average().Should().BeApproximately(0, 1e-12);
    }

    [Fact]
    public void Transform_refuses_another_feature_count()
    {
        // Given a standardiser fitted on 2 features
        var standardizer = Standardizer<double>.Fit(Training());

        // When 3 features are transformed, then both shapes are named
        var transform = () => standardizer.Transform(Matrix<double>.Build.Dense(3, 1));
        transform.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("2 rows").And.Contain("3×1");
    }

    [Fact]
    public void Fit_refuses_a_NaN_naming_where_it_is()
    {
        // Given a NaN at feature 1, sample 2
        var training = Training();
        training[1, 2] = double.NaN;

        // When fitted, then the message says where
        var fit = () => Standardizer<double>.Fit(training);
        fit.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("inputs[1, 2]");
    }

    [Fact]
    public void Single_precision_gives_the_double_precision_result_rounded()
    {
        // Given the training samples in float
        var training = Training().Map(x => (float)x);

        // When fitted and transformed
        var scaled = Standardizer<float>.Fit(training).Transform(training);

        // Then the values agree with double precision to float precision
        var expected = Standardizer<double>.Fit(Training()).Transform(Training());
        for (var j = 0; j < 4; j++)
        {
            scaled[0, j].Should().BeApproximately((float)expected[0, j], 1e-6f);
        }
    }
}
