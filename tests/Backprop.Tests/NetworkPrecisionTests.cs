using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// <see cref="Network{T}"/> in float against the same network in double: one generic code path, so the two
/// may differ only by float rounding.
/// </summary>
public sealed class NetworkPrecisionTests
{
    /// <summary>Float keeps about 7 digits; a few layers of sums lose one or two.</summary>
    private const double RelativeTolerance = 1e-5;

    /// <summary>
    /// A value far smaller than the largest of its kind (a sum that cancelled) is compared against this fraction of
    /// the largest: float rounds the terms at their own scale, not at the scale of the result.
    /// </summary>
    private const double ScaleFraction = 0.1;

    [Theory]
    [InlineData("sigmoid", "3-4-2", 1)]
    [InlineData("tanh", "20-16-8-3", 10)]
    [InlineData("relu", "12-9-5", 7)]
    [InlineData("leaky-relu", "7-33-4", 5)]
    [InlineData("identity", "5-3-2", 3)]
    [InlineData("silu", "9-7-3", 4)]
    public void Float_and_double_agree_to_float_precision_on_the_same_network(string activation, string layerSizes, int batchSize)
    {
        // Given the same weights, biases, inputs and targets in both types (floats, so double holds them exactly)
        var random = new Random(batchSize);
        var sizes = TestData.ParseSizes(layerSizes);
        var floatLayers = new List<DenseLayer<float>>();
        var doubleLayers = new List<DenseLayer<double>>();
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            var weights = RandomFloats(random, sizes[l + 1], sizes[l], 1.5 / Math.Sqrt(sizes[l]));
            var biases = RandomFloats(random, sizes[l + 1], 1, 0.3).Column(0);
            floatLayers.Add(new DenseLayer<float>(weights, biases, TestActivations.Named<float>(activation)));
            doubleLayers.Add(new DenseLayer<double>(weights.Map(w => (double)w), biases.Map(b => (double)b), TestActivations.Named<double>(activation)));
        }

        var floatNetwork = new Network<float>(floatLayers, null);
        var doubleNetwork = new Network<double>(doubleLayers, null);
        var floatInputs = RandomFloats(random, sizes[0], batchSize, 1);
        var floatTargets = RandomFloats(random, sizes[^1], batchSize, 1);

        // When both predict and compute gradients
        var floatOutputs = floatNetwork.Predict(floatInputs);
        var doubleOutputs = doubleNetwork.Predict(floatInputs.Map(x => (double)x));
        var floatGradients = floatNetwork.ComputeGradients(floatInputs, floatTargets);
        var doubleGradients = doubleNetwork.ComputeGradients(floatInputs.Map(x => (double)x), floatTargets.Map(y => (double)y));

        // Then outputs, cost and every gradient agree to about 1e-5 relative
        ShouldAgree(floatOutputs.Enumerate(), doubleOutputs.Enumerate(), "outputs");
        ShouldAgree([floatGradients.Cost], [doubleGradients.Cost], "cost");
        for (var l = 0; l < floatLayers.Count; l++)
        {
            ShouldAgree(floatGradients.Layers[l].WeightGradient.Enumerate(), doubleGradients.Layers[l].WeightGradient.Enumerate(), $"dC/dW of layer {l}");
            ShouldAgree(floatGradients.Layers[l].BiasGradient!, doubleGradients.Layers[l].BiasGradient!, $"dC/db of layer {l}");
        }
    }

    private static Matrix<float> RandomFloats(Random random, int rows, int columns, double scale)
        => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)(scale * ((2 * random.NextDouble()) - 1)));

    private static void ShouldAgree(IEnumerable<float> single, IEnumerable<double> reference, string what)
    {
        var expected = reference.ToArray();
        var scale = ScaleFraction * expected.Max(Math.Abs);
        single.Select(value => (double)value).Should().Equal(
            expected,
            (s, d) => Math.Abs(s - d) <= RelativeTolerance * Math.Max(scale, Math.Abs(d)),
            "{0} in float must match double to float precision",
            what);
    }
}
