using System.Numerics;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Activations;

/// <summary>
/// What every element-wise activation must satisfy, as one theory over all of them (a new activation joins by
/// adding its name to <see cref="TestActivations.All"/>): the derivative is the slope of the value (central
/// differences in float64), the span methods the training and inference passes use equal the scalar
/// <c>Value</c>/<c>Derivative</c> in float64 and float32 at every length around the vector widths, and activating in
/// place (as the inference pass does) equals activating into another buffer.
/// </summary>
public sealed class ActivationConsistencyTests
{
    /// <summary>Points on both sides of 0, away from ReLU's and leaky ReLU's kink, where the central slope is exact to O(h²).</summary>
    private static readonly double[] SlopePoints = [-6.0, -2.4, -1.2785, -0.3, 0.2, 0.9, 3.0, 5.5];

    public static TheoryData<string> Elementwise() => [.. TestActivations.Elementwise];

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
    [MemberData(nameof(Elementwise))]
    public void The_derivative_is_the_central_slope_of_the_value_in_float64(string name)
    {
        // Given the activation and a step h = 1e-5 (truncation ~h²·f‴, rounding ~1e-16/h: both below 1e-9 here)
        var activation = (ElementwiseActivation<double>)TestActivations.Named(name);
        const double h = 1e-5;

        // Then at every point f′(z) is (f(z + h) − f(z − h)) / 2h to 1e-9 (a 1 % error in f′ would be ≥ 1e-5 off)
        foreach (var z in SlopePoints)
        {
            var slope = (activation.Value(z + h) - activation.Value(z - h)) / (2 * h);
            activation.Derivative(z).Should().BeApproximately(slope, 1e-9, "{0}′ at z = {1}", name, z);
        }
    }

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void Span_methods_agree_with_the_scalar_ones_in_double(string name, int length) => SpanMethodsAgreeWithScalarOnes<double>(name, length);

    [Theory]
    [MemberData(nameof(SpanCases))]
    public void Span_methods_agree_with_the_scalar_ones_in_float(string name, int length) => SpanMethodsAgreeWithScalarOnes<float>(name, length);

    [Theory]
    [MemberData(nameof(Elementwise))]
    public void Activating_in_place_gives_what_activating_into_another_buffer_gives(string name)
    {
        // Given 3 columns of 13 weighted inputs (the inference pass activates in place)
        var activation = TestActivations.Named(name);
        var random = new Random(9);
        var weightedInputs = Enumerable.Range(0, 39).Select(_ => (8 * random.NextDouble()) - 4).ToArray();
        var separate = new double[39];
        var inPlace = (double[])weightedInputs.Clone();

        // When the activation writes into another array, and into the array of z itself
        activation.Activate(weightedInputs, separate, neurons: 13);
        activation.Activate(inPlace, inPlace, neurons: 13);

        // Then both hold the same values
        inPlace.Should().Equal(separate);
    }

    private static void SpanMethodsAgreeWithScalarOnes<T>(string name, int length)
        where T : struct, IFloatingPointIeee754<T>
    {
        // Given weighted inputs of both signs (some exactly 0, some large) and upstream gradients
        var activation = (ElementwiseActivation<T>)TestActivations.Named<T>(name);
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

        // Then each element is the scalar Value, and the gradient times the scalar Derivative, to a few ulps
        var epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        for (var i = 0; i < length; i++)
        {
            var value = double.CreateChecked(activation.Value(weightedInputs[i]));
            var delta = double.CreateChecked(gradient[i] * activation.Derivative(weightedInputs[i]));
            double.CreateChecked(activations[i]).Should().BeApproximately(value, 4 * epsilon * Math.Max(1, Math.Abs(value)), "{0}(z[{1}])", name, i);
            double.CreateChecked(deltas[i]).Should().BeApproximately(delta, 8 * epsilon, "g[{0}]·{1}′(z[{0}])", i, name);
        }
    }
}
