using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>The README's quick start, line for line, so that the README cannot drift from what compiles and works.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void The_readme_quick_start_learns_xor()
    {
        // --- README quick start (keep in sync with README.md) ---
        // XOR: one column per sample.
        var inputs = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { 0, 0, 1, 1 },
            { 0, 1, 0, 1 },
        });
        var targets = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

        var network = new NetworkBuilder<double>(inputSize: 2)
            .AddDense(3, Activation<double>.Sigmoid)
            .AddDense(1, Activation<double>.Sigmoid)
            .WithSeed(7)
            .Build();

        var trainer = new Trainer<double>(new SgdOptimizer<double>(3.0)) { MiniBatchSize = 4, Epochs = 3000, Seed = 1 };
        IReadOnlyList<double> costPerEpoch = trainer.Fit(network, inputs, targets).Losses;

        Matrix<double> predictions = network.Predict(inputs); // 1×4, close to 0 1 1 0
        // --- end of quick start ---

        costPerEpoch[^1].Should().BeLessThan(costPerEpoch[0] / 10);
        predictions.Row(0).Select(p => p > 0.5 ? 1.0 : 0.0).Should().Equal(0, 1, 1, 0);
    }
}
