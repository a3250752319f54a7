
namespace Backprop.Tests.Activations;

/// <summary><see cref="Activation{T}.Softplus"/>: <c>ln(1 + e^z)</c>, finite for every finite <c>z</c>, with the sigmoid as derivative.</summary>
public sealed class SoftplusActivationTests
{
    [Theory]
    [InlineData(-20.0)]
    [InlineData(-2.0)]
    [InlineData(-0.3)]
    [InlineData(0.7)]
    [InlineData(5.0)]
    [InlineData(30.0)]
    public void Value_is_log_of_one_plus_e_to_the_z_and_derivative_is_the_sigmoid(double z)
    {
        Activation<double>.Softplus.Value(z).Should().BeApproximately(Math.Log(1 + Math.Exp(z)), 1e-14 * Math.Max(1, z));
        Activation<double>.Softplus.Derivative(z).Should().BeApproximately(1 / (1 + Math.Exp(-z)), 1e-15);
    }

    [Fact]
    public void At_zero_it_is_ln_two_with_slope_one_half()
    {
        Activation<double>.Softplus.Value(0).Should().BeApproximately(0.6931471805599453, 1e-16);
        Activation<double>.Softplus.Derivative(0).Should().Be(0.5);
    }

    [Fact]
    public void Far_above_zero_it_is_z_where_the_naive_formula_overflows()
    {
        // ln(1 + e^800): e^800 overflows, but the value is 800 + ln(1 + e^−800), which rounds to 800
        Math.Log(1 + Math.Exp(800)).Should().Be(double.PositiveInfinity);
        Activation<double>.Softplus.Value(800).Should().Be(800);
        Activation<double>.Softplus.Value(40).Should().Be(40);
    }

    [Fact]
    public void Far_below_zero_it_is_non_negative_and_e_to_the_z_within_the_rounding_of_one_plus_e_to_the_z()
    {
        // ln(1 + e^z) ≈ e^z for z ≪ 0: tiny, positive, never negative or NaN
        foreach (var z in new[] { -40.0, -800.0, -1e4 })
        {
            var value = Activation<double>.Softplus.Value(z);
            value.Should().BeGreaterThanOrEqualTo(0);
            value.Should().BeApproximately(Math.Exp(z), 1.2e-16, "at z = {0}", z);
        }
    }

    /// <remarks>
    /// For <c>z ≤ −20</c>, <c>x = e^z ≤ 2.1e-9</c> and <c>ln(1 + x) = x − x²/2</c> to within <c>x³/3</c> (relative
    /// 1e-18 or less), so the value is known to full double precision. This caught a bug (fixed): <c>T.LogP1(x)</c> in
    /// .NET is <c>Log(1 + x)</c>, which rounds <c>1 + x</c> first (relative error 3e-8 at −20, 1e-3 at −30, and 0 at −40);
    /// the library now computes a true log1p.
    /// </remarks>
    [Theory]
    [InlineData(-20.0)]
    [InlineData(-30.0)]
    [InlineData(-40.0)]
    public void Far_below_zero_it_keeps_full_relative_precision(double z)
    {
        var x = Math.Exp(z);
        var expected = x - (x * x / 2);

        Activation<double>.Softplus.Value(z).Should().BeApproximately(expected, 1e-14 * expected, "softplus(z) ≈ e^z is representable");
    }

}
