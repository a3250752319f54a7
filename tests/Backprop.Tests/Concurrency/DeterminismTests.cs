using Backprop.Kernels;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Concurrency;

/// <summary>
/// The same seed, data and settings give bit-identical weights run after run and for any degree of parallelism
/// of the matrix products.
/// </summary>
public sealed class DeterminismTests
{
    private const int Inputs = 256;
    private const int Hidden = 512;
    private const int Outputs = 10;
    private const int Samples = 128;
    private const int MiniBatchSize = 64;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Training_a_256_512_10_network_with_parallel_products_gives_the_single_threaded_weights_bit_for_bit(int degreeOfParallelism)
    {
        // Given a 256-512-10 network in batches of 64: the first layer's forward product (512 × 256 × 64) and its
        // weight gradient are 8.4 million multiply-adds each, above the 2-million threshold where products use threads
        (Gemm.ParallelMinWork <= (long)Hidden * Inputs * MiniBatchSize).Should().BeTrue();
        var (inputs, targets) = CreateData();

        // When it is trained from the same seed with one thread per product and with several
        var single = Train(inputs, targets, maxDegreeOfParallelism: 1);
        var parallel = Train(inputs, targets, degreeOfParallelism);

        // Then every weight and bias, and every epoch's loss, has the same bits
        Bitwise.ShouldEqual(single.Losses, parallel.Losses, "the epoch losses");
        single.Parameters.ShouldBeBitIdenticalTo(parallel.Network, $"with MaxDegreeOfParallelism {degreeOfParallelism}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Plain_gradient_descent_with_its_update_on_the_gradient_products_threads_gives_the_single_threaded_weights_bit_for_bit(int degreeOfParallelism)
    {
        // Given a 400-128-10 network trained by plain SGD in batches of 64: the first layer's weight gradient (128 × 400
        // over 64 samples, 3.3 million multiply-adds) is split by columns on several threads, and so is its update
        // (where the processor has vector instructions; without them every product takes the direct loop on one thread)
        Gemm.SplitsWeightGradientByColumns<double>(128, 400, 64, degreeOfParallelism).Should().Be(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated);
        var random = new Random(400);
        var inputs = TestData.Uniform(random, 400, Samples, 0, 1);
        var targets = Matrix<double>.Build.Dense(Outputs, Samples, (i, j) => i == (j * 3) % Outputs ? 1.0 : 0.0);
        (Network<double> Network, double[] GradientNorms) Trained(int threads)
        {
            var network = new NetworkBuilder<double>(400)
                .AddDense(128, Activation<double>.Relu)
                .AddDense(Outputs, Activation<double>.Softmax)
                .WithLoss(Loss<double>.CategoricalCrossEntropy)
                .WithSeed(7)
                .Build();
            network.MaxDegreeOfParallelism = threads;
            var history = new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = MiniBatchSize, Epochs = 3, Seed = 2 }.Fit(network, inputs, targets);
            return (network, [.. history.Epochs.SelectMany(epoch => epoch.Diagnostics!.Layers.Select(layer => layer.GradientNorm))]);
        }

        // When it is trained from the same seed on one thread and on several
        var single = Trained(1);
        var parallel = Trained(degreeOfParallelism);

        // Then every weight and bias has the same bits, and so has every gradient norm the diagnostics report (summed
        // in the check's pass on one thread, in a pass of their own after a check in chunks)
        ParameterSnapshot<double>.Of(single.Network).ShouldBeBitIdenticalTo(parallel.Network, $"with MaxDegreeOfParallelism {degreeOfParallelism}");
        Bitwise.ShouldEqual(single.GradientNorms, parallel.GradientNorms, "the diagnostics' gradient norms");
    }

    [Fact]
    public void Training_twice_with_the_same_seed_data_and_settings_gives_bit_identical_weights()
    {
        // Given the same data, seed and settings (Adam, shuffled mini-batches, a validation split)
        var (inputs, targets) = CreateData();

        // When the network is built and trained twice
        var first = Train(inputs, targets, Environment.ProcessorCount);
        var second = Train(inputs, targets, Environment.ProcessorCount);

        // Then both runs end with the same bits, and training did change the weights
        Bitwise.ShouldEqual(first.Losses, second.Losses, "the epoch losses");
        first.Parameters.ShouldBeBitIdenticalTo(second.Network, "in a second run");
        var untrained = ParameterSnapshot<double>.Of(CreateNetwork());
        Bitwise.FirstDifference<double>(untrained.Weights[0], first.Parameters.Weights[0]).Should().BeGreaterThanOrEqualTo(0);
    }

    private static Network<double> CreateNetwork()
        => new NetworkBuilder<double>(Inputs)
            .AddDense(Hidden, Activation<double>.Relu)
            .AddDense(Outputs, Activation<double>.Softmax)
            .WithLoss(Loss<double>.CategoricalCrossEntropy)
            .WithSeed(42)
            .Build();

    private static (Matrix<double> Inputs, Matrix<double> Targets) CreateData()
    {
        var random = new Random(128);
        return (TestData.Uniform(random, Inputs, Samples, 0, 1), Matrix<double>.Build.Dense(Outputs, Samples, (i, j) => i == (j * 7) % Outputs ? 1.0 : 0.0));
    }

    private static (Network<double> Network, ParameterSnapshot<double> Parameters, double[] Losses) Train(
        Matrix<double> inputs, Matrix<double> targets, int maxDegreeOfParallelism)
    {
        var network = CreateNetwork();
        network.MaxDegreeOfParallelism = maxDegreeOfParallelism;
        var trainer = new Trainer<double>(new AdamOptimizer<double>(1e-3)) { MiniBatchSize = MiniBatchSize, Epochs = 2, Seed = 9 };
        var history = trainer.Fit(network, inputs, targets, new FitOptions<double> { ValidationFraction = 0.25 });
        return (network, ParameterSnapshot<double>.Of(network), [.. history.Epochs.Select(epoch => epoch.Loss)]);
    }
}
