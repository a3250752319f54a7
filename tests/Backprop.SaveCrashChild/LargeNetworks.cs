using MathNet.Numerics.LinearAlgebra;

namespace Backprop.SaveCrashChild;

/// <summary>The seeded networks of the kill test: large enough (about 8 MB saved) that a kill lands inside a save.</summary>
public static class LargeNetworks
{
    /// <summary>A 200-800-800-10 tanh network whose weights come from <paramref name="seed"/>.</summary>
    public static Network<double> Build(int seed)
    {
        var random = new Random(seed);
        var sizes = new[] { 200, 800, 800, 10 };
        var builder = new NetworkBuilder<double>(sizes[0]);
        for (var l = 1; l < sizes.Length; l++)
        {
            builder.AddDense(sizes[l], l == sizes.Length - 1 ? Activation<double>.Identity : Activation<double>.Tanh);
        }

        var network = builder.WithLoss(Loss<double>.MeanSquaredError).WithSeed(seed).Build();
        foreach (var layer in network.Layers)
        {
            layer.SetWeights(Matrix<double>.Build.Dense(layer.Neurons, layer.InputSize, (_, _) => random.NextDouble() - 0.5));
        }

        return network;
    }
}
