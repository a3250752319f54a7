namespace Backprop.Tests.Evaluation;

/// <summary>
/// R², mean absolute error and root mean squared error on scikit-learn's documented example
/// (y = [3, −0.5, 2, 7], ŷ = [2.5, 0, 2, 8]), worked by hand; the weighted values also cross-checked with
/// scikit-learn 1.2.1.
/// </summary>
public sealed class RegressionMetricsTests
{
    private static readonly double[] Actual = [3, -0.5, 2, 7];

    private static readonly double[] Predicted = [2.5, 0, 2, 8];

    /// <summary>Weights for the weighted cases.</summary>
    private static readonly double[] Weights = [1, 2, 0.5, 1];

    [Fact]
    public void R2_is_one_minus_the_residual_over_the_spread_about_the_mean()
    {
        // Given residuals 0.5, −0.5, 0, −1 (squares sum 1.5) and mean 2.875 (squares of deviations sum 29.1875)
        Metrics.R2Score(Actual, Predicted).Should().BeApproximately(1 - (1.5 / 29.1875), 1e-15, "scikit-learn: 0.9486081370449679");

        // And weighted: mean 7.5 / 4.5; residual 0.25 + 0.5 + 0 + 1 = 1.75
        var mean = ((1 * 3) + (2 * -0.5) + (0.5 * 2) + (1 * 7)) / 4.5;
        var spread = Actual.Select((y, i) => Weights[i] * (y - mean) * (y - mean)).Sum();
        Metrics.R2Score(Actual, Predicted, Weights).Should().BeApproximately(1 - (1.75 / spread), 1e-15, "scikit-learn: 0.9542815674891146");
    }

    [Fact]
    public void R2_of_constant_actual_values_is_1_when_exact_and_0_otherwise_as_scikit_learn_forces_it_finite()
    {
        Metrics.R2Score([1, 1, 1], [1, 1, 1]).Should().Be(1);
        Metrics.R2Score([1, 1, 1], [1, 1, 2]).Should().Be(0);
        Metrics.R2Score([1, 5], [3, 3]).Should().Be(0, "predicting the mean explains nothing");
        Metrics.R2Score([1, 5], [5, 1]).Should().Be(-3, "residual 32 over a spread of 8");
    }

    [Fact]
    public void Mean_absolute_and_root_mean_squared_errors_are_the_weighted_means()
    {
        Metrics.MeanAbsoluteError(Actual, Predicted).Should().Be(0.5);
        Metrics.MeanAbsoluteError(Actual, Predicted, Weights).Should().BeApproximately(2.5 / 4.5, 1e-15, "0.5 + 1 + 0 + 1 over 4.5");
        Metrics.RootMeanSquaredError(Actual, Predicted).Should().BeApproximately(Math.Sqrt(1.5 / 4), 1e-15);
        Metrics.RootMeanSquaredError(Actual, Predicted, Weights).Should().BeApproximately(Math.Sqrt(1.75 / 4.5), 1e-15, "scikit-learn: 0.6236095644623235");
    }

    [Fact]
    public void Non_finite_values_fewer_than_two_samples_for_R2_and_mismatched_lengths_are_refused()
    {
        FluentActions.Invoking(() => Metrics.R2Score([1, 2], [1, double.NaN])).Should().ThrowExactly<ArgumentException>()
            .WithParameterName("predicted").WithMessage("predicted[1] is NaN*");
        FluentActions.Invoking(() => Metrics.MeanAbsoluteError([double.PositiveInfinity], [1])).Should().ThrowExactly<ArgumentException>()
            .WithParameterName("actual").WithMessage("actual[0] is Infinity*");
        FluentActions.Invoking(() => Metrics.R2Score([1], [1])).Should().ThrowExactly<ArgumentException>().WithParameterName("actual").WithMessage("*at least 2 samples*");
        FluentActions.Invoking(() => Metrics.RootMeanSquaredError([1, 2], [1])).Should().ThrowExactly<ArgumentException>().WithParameterName("predicted");
    }
}
