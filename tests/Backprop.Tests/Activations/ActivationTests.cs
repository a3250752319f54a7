using System.Numerics;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Activations;

/// <summary>
/// The built-in <see cref="Activation{T}"/>s: values and derivatives against their closed forms, and the span
/// methods (vectorised) against the scalar ones.
/// </summary>
public sealed class ActivationTests
{
    private const double Tolerance = 1e-15;

    [Fact]
    public void Sigmoid_is_one_half_at_zero_with_slope_one_quarter()
    {
        Activation<double>.Sigmoid.Value(0).Should().Be(0.5);
        Activation<double>.Sigmoid.Derivative(0).Should().Be(0.25);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void Sigmoid_is_one_over_one_plus_e_to_minus_z_with_derivative_sigma_times_one_minus_sigma(double z)
    {
        var sigma = 1 / (1 + Math.Exp(-z));

        Activation<double>.Sigmoid.Value(z).Should().BeApproximately(sigma, Tolerance);
        Activation<double>.Sigmoid.Derivative(z).Should().BeApproximately(Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2), Tolerance);
        Activation<double>.Sigmoid.Derivative(z).Should().BeApproximately(sigma * (1 - sigma), Tolerance);
    }

    [Fact]
    public void Tanh_is_zero_at_zero_with_slope_one()
    {
        Activation<double>.Tanh.Value(0).Should().Be(0);
        Activation<double>.Tanh.Derivative(0).Should().Be(1);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Tanh_derivative_is_one_over_cosh_squared(double z)
    {
        var expected = (Math.Exp(z) - Math.Exp(-z)) / (Math.Exp(z) + Math.Exp(-z));

        Activation<double>.Tanh.Value(z).Should().BeApproximately(expected, Tolerance);
        Activation<double>.Tanh.Derivative(z).Should().BeApproximately(1 / (Math.Cosh(z) * Math.Cosh(z)), Tolerance);
    }

    [Theory]
    [InlineData(-1.0, 0.0, 0.0)]
    [InlineData(-1e-9, 0.0, 0.0)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(2.5, 2.5, 1.0)]
    public void Relu_is_max_of_zero_and_z_with_derivative_zero_up_to_and_including_zero(double z, double value, double derivative)
    {
        Activation<double>.Relu.Value(z).Should().Be(value);
        Activation<double>.Relu.Derivative(z).Should().Be(derivative);
    }

    [Theory]
    [InlineData(-1.0, -0.1, 0.1)]
    [InlineData(-2.0, -0.2, 0.1)]
    [InlineData(0.0, 0.0, 0.1)]
    [InlineData(3.0, 3.0, 1.0)]
    public void Leaky_relu_is_slope_times_z_below_zero_with_derivative_slope(double z, double value, double derivative)
    {
        var leakyRelu = Activation<double>.LeakyRelu(0.1);

        leakyRelu.Value(z).Should().BeApproximately(value, Tolerance);
        leakyRelu.Derivative(z).Should().Be(derivative);
    }

    [Fact]
    public void Leaky_relu_has_slope_one_hundredth_by_default()
    {
        Activation<double>.LeakyRelu().Derivative(-1).Should().Be(0.01);
        Activation<double>.LeakyRelu().Value(-1).Should().Be(-0.01);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Leaky_relu_rejects_a_slope_outside_zero_to_one(double slope)
    {
        var create = () => Activation<double>.LeakyRelu(slope);

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("slope");
    }

    [Fact]
    public void Leaky_relu_refuses_in_float_a_slope_that_float_rounds_to_one()
    {
        // 0.99999999999 is below 1, but the nearest float is 1: the slope would no longer be leaky
        var create = () => Activation<float>.LeakyRelu(0.99999999999);

        create.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("slope");
        Activation<double>.LeakyRelu(0.99999999999).Derivative(-1).Should().Be(0.99999999999);
    }

    public static TheoryData<string> EveryActivation() => [.. TestActivations.All];

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void Only_sigmoid_and_softmax_make_a_classifier_output(string name)
        => TestActivations.Named(name).IsClassifierOutput.Should().Be(name is "sigmoid" or "softmax");

    [Theory]
    [InlineData(-7.25)]
    [InlineData(0.0)]
    [InlineData(3.5)]
    public void Identity_is_z_with_derivative_one(double z)
    {
        Activation<double>.Identity.Value(z).Should().Be(z);
        Activation<double>.Identity.Derivative(z).Should().Be(1);
    }

    [Fact]
    public void Every_built_in_activation_has_its_own_name()
    {
        var names = TestActivations.All.Select(name => TestActivations.Named(name).Name).ToList();

        names.Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
        Activation<double>.LeakyRelu(0.2).Name.Should().NotBe(Activation<double>.LeakyRelu(0.3).Name);
    }
}
