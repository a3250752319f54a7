using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

/// <summary><see cref="Standardizer{T}.FromStatistics"/>: a standardiser rebuilt from its means and deviations transforms as the fitted one.</summary>
public sealed class StandardizerFromStatisticsTests
{
    [Fact]
    public void A_rebuilt_standardiser_transforms_bit_for_bit_as_the_fitted_one_constant_feature_included()
    {
        // Given a fitted standardiser with a constant second feature
        var inputs = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 4, 8 }, { 5, 5, 5, 5 } });
        var fitted = Standardizer<double>.Fit(inputs);

        // When it is rebuilt from its statistics
        var rebuilt = Standardizer<double>.FromStatistics(fitted.Means, fitted.StandardDeviations);

        // Then both transform the same, and the constant feature is only centred (5 → 0, 6 → 1)
        var other = Matrix<double>.Build.DenseOfArray(new double[,] { { 3, -1 }, { 6, 5 } });
        rebuilt.Transform(other).ToColumnMajorArray().Should().Equal(fitted.Transform(other).ToColumnMajorArray());
        rebuilt.Transform(other).Row(1).ToArray().Should().Equal(1, 0);
    }

    [Fact]
    public void Statistics_that_do_not_fit_are_refused_naming_the_feature()
    {
        FluentActions.Invoking(() => Standardizer<double>.FromStatistics([0.0, 1], [1.0])).Should().Throw<ArgumentException>().WithMessage("*2 means and 1 standard deviations*");
        FluentActions.Invoking(() => Standardizer<double>.FromStatistics([0.0, double.NaN], [1.0, 1])).Should().Throw<ArgumentException>().WithMessage("The mean of feature 1 is NaN*");
        FluentActions.Invoking(() => Standardizer<double>.FromStatistics([0.0], [-1.0])).Should().Throw<ArgumentException>().WithMessage("The standard deviation of feature 0 is -1*");
    }
}
