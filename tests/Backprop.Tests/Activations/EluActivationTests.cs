
namespace Backprop.Tests.Activations;

/// <summary>
/// <see cref="Activation{T}.Elu"/> (Clevert, Unterthiner &amp; Hochreiter, 2016): <c>z</c> for <c>z &gt; 0</c>,
/// <c>α(e^z − 1)</c> otherwise, with derivative 1 or <c>α·e^z</c>.
/// </summary>
public sealed class EluActivationTests
{
    [Theory]
    [InlineData(1.0, -3.0)]
    [InlineData(1.0, -0.5)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, 0.25)]
    [InlineData(1.0, 4.0)]
    [InlineData(0.7, -2.0)]
    [InlineData(0.7, 1.5)]
    [InlineData(2.5, -0.1)]
    public void Value_and_derivative_are_the_papers_two_branches(double alpha, double z)
    {
        var elu = Activation<double>.Elu(alpha);

        var (value, derivative) = z > 0 ? (z, 1.0) : (alpha * (Math.Exp(z) - 1), alpha * Math.Exp(z));

        elu.Value(z).Should().BeApproximately(value, 1e-15);
        elu.Derivative(z).Should().BeApproximately(derivative, 1e-15);
    }

    [Fact]
    public void With_alpha_one_the_default_it_is_smooth_at_zero_and_saturates_at_minus_one()
    {
        var elu = Activation<double>.Elu();

        elu.Name.Should().Be("elu(1)");
        elu.Value(0).Should().Be(0);
        elu.Derivative(0).Should().Be(1, "α·e⁰ = 1 meets the slope 1 of the positive side");
        elu.Derivative(1e-12).Should().Be(1);
        elu.Value(-50).Should().BeApproximately(-1, 1e-15);
    }

    [Fact]
    public void It_saturates_at_minus_alpha()
        => Activation<double>.Elu(0.7).Value(-60).Should().BeApproximately(-0.7, 1e-15);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void An_alpha_that_is_not_finite_and_positive_is_refused(double alpha)
    {
        var create = () => Activation<double>.Elu(alpha);

        create.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("alpha");
    }

    [Theory]
    [InlineData(1e39)]
    [InlineData(1e-46)]
    public void An_alpha_that_float_cannot_hold_is_refused_in_float_and_kept_in_double(double alpha)
    {
        // Given an α beyond float's range (it would be ∞) or below its smallest subnormal (it would be 0)
        var createFloat = () => Activation<float>.Elu(alpha);

        // Then float refuses it, saying why, and double keeps it exactly
        createFloat.Should().ThrowExactly<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "alpha" && e.Message.Contains("not representable in float", StringComparison.Ordinal));
        Activation<double>.Elu(alpha).Name.Should().Be($"elu({alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
    }

    [Fact]
    public void The_name_carries_alpha()
        => Activation<double>.Elu(0.7).Name.Should().Be("elu(0.7)");
}
