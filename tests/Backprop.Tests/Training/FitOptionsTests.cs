namespace Backprop.Tests.Training;

/// <summary>Every option of <see cref="FitOptions{T}"/> is validated where it is set.</summary>
public sealed class FitOptionsTests
{
    [Fact]
    public void Early_stopping_min_delta_must_be_finite_and_not_negative()
    {
        foreach (var value in new[] { double.NaN, double.PositiveInfinity, -0.1 })
        {
            var set = () => new FitOptions<double> { EarlyStoppingMinDelta = value };
            set.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "EarlyStoppingMinDelta", $"value {value}");
        }

        new FitOptions<double> { EarlyStoppingMinDelta = 0.5 }.EarlyStoppingMinDelta.Should().Be(0.5);
    }
}
