using Backprop.Tests.TestSupport;
using Backprop.Tests.Losses;

namespace Backprop.Tests.Activations;

/// <summary>
/// <see cref="Activation{T}.Silu"/>, SiLU or swish (Elfwing et al., 2018; Ramachandran et al., 2017): <c>z·σ(z)</c>,
/// with <c>f′(z) = σ(z)(1 + z(1 − σ(z)))</c>. The expected values use <c>σ(z) = ½(1 + tanh(z/2))</c>, an identity
/// of the logistic function that the implementation does not use.
/// </summary>
public sealed class SiluActivationTests
{
    private static double Sigma(double z) => 0.5 * (1 + Math.Tanh(z / 2));

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-6.0)]
    [InlineData(-1.5)]
    [InlineData(-0.25)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(9.0)]
    public void Value_is_z_times_sigma_of_z_and_the_derivative_is_sigma_times_one_plus_z_times_one_minus_sigma(double z)
    {
        // Given σ(z) by the tanh identity
        var sigma = Sigma(z);

        // Then f(z) = z·σ(z), and f′(z) = σ + z·σ(1 − σ) (the product rule, with σ′ = σ(1 − σ))
        Activation<double>.Silu.Value(z).Should().BeApproximately(z * sigma, 1e-15 * Math.Max(1, Math.Abs(z)));
        // (1 − σ cancels for large z: a few ulps of σ there are a 1e-15 of f′)
        Activation<double>.Silu.Derivative(z).Should().BeApproximately(sigma + (z * sigma * (1 - sigma)), 1e-14);
        Activation<double>.Silu.Derivative(z).Should().BeApproximately(sigma * (1 + (z * (1 - sigma))), 1e-14);
    }

    [Fact]
    public void It_is_zero_at_zero_with_slope_one_half_and_far_out_it_is_relu()
    {
        Activation<double>.Silu.Value(0).Should().Be(0);
        Activation<double>.Silu.Derivative(0).Should().Be(0.5, "σ(0)·(1 + 0) = ½");
        Activation<double>.Silu.Value(40).Should().Be(40, "σ(40) rounds to 1");
        Activation<double>.Silu.Derivative(40).Should().Be(1);
        Activation<double>.Silu.Value(-40).Should().BeApproximately(-40 * Math.Exp(-40), 1e-30);
    }

    [Fact]
    public void Its_minimum_is_minus_the_omega_constant_one_past_it()
    {
        // Given W = W(1/e), the solution of w·e^w = 1/e, by Newton's method. f′(z*) = 0 means 1 + z*(1 − σ) = 0, so
        // σ(z*) = (z* + 1)/z* and f(z*) = z*·σ(z*) = z* + 1; with z* = −1 − W, σ(z*) = 1/(1 + e^(1+W)) = W/(1 + W)
        // is exactly W·e^W = 1/e. So the minimum is at z* = −1 − W ≈ −1.2785, where f = −W ≈ −0.2785.
        var w = 0.5;
        for (var i = 0; i < 50; i++)
        {
            w -= ((w * Math.Exp(w)) - Math.Exp(-1)) / (Math.Exp(w) * (1 + w));
        }

        var minimum = -1 - w;

        // Then f′ vanishes there and f is −W
        Activation<double>.Silu.Derivative(minimum).Should().BeApproximately(0, 1e-15);
        Activation<double>.Silu.Value(minimum).Should().BeApproximately(-w, 1e-15);
    }

    [Fact]
    public void Far_below_zero_it_is_minus_zero_with_slope_zero_not_NaN()
    {
        // e^(800) overflows to ∞: σ is then 0, not ∞/∞
        Activation<double>.Silu.Value(-800).Should().Be(0);
        Activation<double>.Silu.Derivative(-800).Should().Be(0);
        Activation<float>.Silu.Value(-200f).Should().Be(0);
        Activation<float>.Silu.Derivative(-200f).Should().Be(0);
    }

    [Fact]
    public void Float_values_agree_with_double_to_float_precision()
    {
        for (var z = -10f; z <= 10f; z += 0.37f)
        {
            var expected = z * Sigma(z);
            ((double)Activation<float>.Silu.Value(z)).Should().BeApproximately(expected, 4e-7 * Math.Max(1, Math.Abs(expected)), "at z = {0}", z);
        }
    }

    [Fact]
    public void It_is_named_silu_and_starts_from_he_normal_weights()
    {
        Activation<double>.Silu.Name.Should().Be("silu");
        Activation<double>.Silu.DefaultInitializer.Should().BeSameAs(WeightInitializer.HeNormal);
        Activation<double>.Silu.IsClassifierOutput.Should().BeFalse();
        Activation<double>.Silu.CanDie.Should().BeFalse("f′(z) ≠ 0 for z < 0: a unit that is always negative still learns");
    }

    [Fact]
    public void It_saturates_on_its_left_tail_where_the_slope_is_below_one_hundredth()
    {
        // Given the edge found independently: the z below −2.4 (the slope's minimum) where f′ = −0.01, by bisection
        double low = -20, high = -2.4;
        for (var i = 0; i < 100; i++)
        {
            var middle = (low + high) / 2;
            var sigma = Sigma(middle);
            (low, high) = Math.Abs(sigma * (1 + (middle * (1 - sigma)))) < 0.01 ? (middle, high) : (low, middle);
        }

        // Then the activation reports saturation below it (to 4 decimals) and never above: f′ → 1 there
        var (saturatedBelow, saturatedAbove) = Activation<double>.Silu.SaturatedOutside!.Value;
        saturatedBelow.Should().BeApproximately(low, 1e-4);
        double.IsPositiveInfinity(saturatedAbove).Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_through_a_SiLU_network_matches_central_finite_differences_in_float64(bool crossEntropy)
    {
        // Given a 4-6-5-3 network with two SiLU hidden layers, and a SiLU output on squared error or a softmax on cross-entropy
        var loss = crossEntropy ? Loss<double>.CategoricalCrossEntropy : Loss<double>.SquaredError;
        var (network, inputs, targets) = GradientChecks.DrawProblem(
            [4, 6, 5, 3], [Activation<double>.Silu, Activation<double>.Silu, crossEntropy ? Activation<double>.Softmax : Activation<double>.Silu], loss, batchSize: 7);

        // When backprop's gradients are compared with (C(θ + h) − C(θ − h)) / 2h for every weight and bias
        // Then all 83 parameters (6·4 + 6 + 5·6 + 5 + 3·5 + 3) agree to a relative error of 1e-6, in every layer
        var report = GradientChecks.ShouldAgreeWithBackprop(network, inputs, targets);
        report.Layers.Should().HaveCount(3);
        network.ParameterCount.Should().Be((6 * 4) + 6 + (5 * 6) + 5 + (3 * 5) + 3);
    }
}
