using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>Seeded random matrices and networks for tests: the same seed always gives the same values.</summary>
internal static class TestData
{
    /// <summary>A <c>rows × columns</c> matrix of values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Matrix<double> Uniform(Random random, int rows, int columns, double low = -1, double high = 1)
        => Matrix<double>.Build.Dense(rows, columns, (_, _) => low + ((high - low) * random.NextDouble()));

    /// <summary>A vector of values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Vector<double> UniformVector(Random random, int count, double low = -1, double high = 1)
        => Vector<double>.Build.Dense(count, _ => low + ((high - low) * random.NextDouble()));

    /// <summary>An array of values drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static T[] UniformArray<T>(Random random, int length, double low = -1, double high = 1)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(low + ((high - low) * random.NextDouble()));
        }

        return values;
    }

    /// <summary>
    /// A network with the given layer sizes (<c>"3-5-2"</c>: 3 inputs, a hidden layer of 5, 2 outputs), the same
    /// activation in every layer, weights uniform in [−1, 1) and biases (when present) uniform in [−0.5, 0.5).
    /// </summary>
    public static Network<double> RandomNetwork(Random random, string layerSizes, Activation<double> activation, bool hasBiases)
    {
        var sizes = ParseSizes(layerSizes);
        var layers = new DenseLayer<double>[sizes.Length - 1];
        for (var l = 0; l < layers.Length; l++)
        {
            var weights = Uniform(random, sizes[l + 1], sizes[l]);
            var biases = hasBiases ? UniformVector(random, sizes[l + 1], -0.5, 0.5) : null;
            layers[l] = new DenseLayer<double>(weights, biases, activation);
        }

        return new Network<double>(layers, null);
    }

    /// <summary>Parses <c>"3-5-2"</c> into { 3, 5, 2 }.</summary>
    public static int[] ParseSizes(string layerSizes)
        => [.. layerSizes.Split('-').Select(size => int.Parse(size, System.Globalization.CultureInfo.InvariantCulture))];
}
