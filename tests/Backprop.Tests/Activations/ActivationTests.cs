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

    public static TheoryData<string, int> SpanCases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var name in TestActivations.Elementwise)
        {
            // Lengths below, at and above the vector widths and the scalar cut-offs.
            foreach (var length in new[] { 1, 3, 4, 5, 7, 8, 9, 16, 33 })
            {
                cases.Add(name, length);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void Span_methods_agree_with_the_scalar_ones_in_double(string activation, int length)
    {
        SpanMethodsAgreeWithScalarOnes<double>(activation, length);
    }

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void Span_methods_agree_with_the_scalar_ones_in_float(string activation, int length)
    {
        SpanMethodsAgreeWithScalarOnes<float>(activation, length);
    }

    private static void SpanMethodsAgreeWithScalarOnes<T>(string name, int length)
        where T : struct, IFloatingPointIeee754<T>
    {
        // Given weighted inputs of both signs (some exactly 0, some large) and upstream gradients
        var activation = TestActivations.ElementwiseNamed<T>(name);
        var random = new Random(length);
        var points = new[] { -40.0, -3.0, -1e-3, 0.0, 1e-3, 0.7, 2.0, 40.0 };
        var weightedInputs = Enumerable.Range(0, length)
            .Select(i => T.CreateChecked(i < points.Length ? points[(i * 3) % points.Length] : (random.NextDouble() * 10) - 5))
            .ToArray();
        var gradient = TestData.UniformArray<T>(random, length);
        var activations = new T[length];
        var deltas = (T[])gradient.Clone();

        // When the span methods run on the whole array (one column of `length` neurons)
        activation.Activate(weightedInputs, activations, length);
        activation.MultiplyByDerivative(weightedInputs, activations, deltas, length);

        // Then each element is the scalar Value, and the gradient times the scalar Derivative
        var epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        for (var i = 0; i < length; i++)
        {
            var value = double.CreateChecked(activation.Value(weightedInputs[i]));
            var delta = double.CreateChecked(gradient[i] * activation.Derivative(weightedInputs[i]));
            double.CreateChecked(activations[i]).Should().BeApproximately(value, 4 * epsilon * Math.Max(1, Math.Abs(value)), "f(z[{0}])", i);
            double.CreateChecked(deltas[i]).Should().BeApproximately(delta, 8 * epsilon, "g[{0}]·f′(z[{0}])", i);
        }
    }
}
