using MathNet.Numerics;

namespace Backprop.Tests.Activations;

/// <summary>
/// <see cref="Activation{T}.Gelu"/>: the tanh approximation of Hendrycks &amp; Gimpel (2016),
/// <c>½z(1 + tanh(√(2/π)(z + 0.044715z³)))</c>, and its derivative.
/// </summary>
public sealed class GeluActivationTests
{
    [Theory]
    [InlineData(-4.0)]
    [InlineData(-1.0)]
    [InlineData(-0.3)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Value_is_the_tanh_approximation(double z)
    {
        var expected = 0.5 * z * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (z + (0.044715 * z * z * z))));

        Activation<double>.Gelu.Value(z).Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void It_stays_within_five_ten_thousandths_of_the_exact_gelu_z_times_phi_of_z()
    {
        // The exact GELU is z·Φ(z) = ½z(1 + erf(z/√2)); the tanh form's largest error is about 4.7e-4 (near |z| = 2.7)
        for (var z = -6.0; z <= 6.0; z += 0.01)
        {
            var exact = 0.5 * z * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2)));
            Activation<double>.Gelu.Value(z).Should().BeApproximately(exact, 5e-4, "at z = {0}", z);
        }
    }

    [Fact]
    public void At_zero_it_is_zero_with_slope_one_half_and_far_out_it_is_relu()
    {
        Activation<double>.Gelu.Value(0).Should().Be(0);
        Activation<double>.Gelu.Derivative(0).Should().Be(0.5);
        Activation<double>.Gelu.Value(10).Should().Be(10);
        Activation<double>.Gelu.Derivative(10).Should().Be(1);
        Activation<double>.Gelu.Value(-10).Should().BeApproximately(0, 1e-30); // 1 + tanh(−43.7) is below 1e-37
        Activation<double>.Gelu.Derivative(-10).Should().BeApproximately(0, 1e-30);
    }

}
