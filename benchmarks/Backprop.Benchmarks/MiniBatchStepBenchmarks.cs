using System.Numerics;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// One mini-batch SGD step (<see cref="Trainer{T}.Step"/>: forward, backward, update) of MNIST-sized
/// networks on random inputs in [0, 1) with one-hot targets, squared error, one thread unless named:
/// 784-100-10 sigmoid with batch 10 and η = 3 (Nielsen's chapter 1 set-up), and 784-256-10 with a ReLU
/// hidden layer, a sigmoid output and batch 128 (η = 0.1), also on two threads. One more row times the
/// forward and backward passes alone, to show what the update costs.
/// </summary>
/// <remarks>
/// The steps cycle through <see cref="Batches"/> different batches, so each step sees new data as in
/// training; the work of a step does not depend on the data.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class MiniBatchStepBenchmarks<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private const int Batches = 8;

    private readonly Network<T> _sigmoid = new NetworkBuilder<T>(784)
        .AddDense(100, Activation<T>.Sigmoid)
        .AddDense(10, Activation<T>.Sigmoid)
        .WithSeed(1)
        .Build();

    private readonly Network<T> _sigmoidGradientsOnly = new NetworkBuilder<T>(784)
        .AddDense(100, Activation<T>.Sigmoid)
        .AddDense(10, Activation<T>.Sigmoid)
        .WithSeed(1)
        .Build();

    private readonly Network<T> _relu = BuildRelu(threads: 1);
    private readonly Network<T> _reluTwoThreads = BuildRelu(threads: 2);
    private readonly Trainer<T> _sigmoidTrainer = new(new SgdOptimizer<T>(3.0)) { MiniBatchSize = 1 };
    private readonly Trainer<T> _reluTrainer = new(new SgdOptimizer<T>(0.1)) { MiniBatchSize = 1 };
    private (Matrix<T> Inputs, Matrix<T> Targets)[] _batchesOf10 = [];
    private (Matrix<T> Inputs, Matrix<T> Targets)[] _batchesOf128 = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _sigmoid.MaxDegreeOfParallelism = 1;
        _sigmoidGradientsOnly.MaxDegreeOfParallelism = 1;
        var random = new Random(2);
        _batchesOf10 = [.. Enumerable.Range(0, Batches).Select(_ => (RandomData.Uniform<T>(random, 784, 10), RandomData.OneHot<T>(random, 10, 10)))];
        _batchesOf128 = [.. Enumerable.Range(0, Batches).Select(_ => (RandomData.Uniform<T>(random, 784, 128), RandomData.OneHot<T>(random, 10, 128)))];
    }

    [Benchmark]
    public T Sigmoid_784_100_10_Batch10()
    {
        var (inputs, targets) = _batchesOf10[NextBatch()];
        return _sigmoidTrainer.Step(_sigmoid, inputs, targets);
    }

    /// <summary>
    /// For reference, the forward and backward passes of the same step without the update
    /// (<see cref="Backpropagation.ComputeGradients"/>): the difference to the step is the cost of the update.
    /// </summary>
    [Benchmark]
    public object Sigmoid_784_100_10_Batch10_GradientsOnly()
    {
        var (inputs, targets) = _batchesOf10[NextBatch()];
        return _sigmoidGradientsOnly.ComputeGradients(inputs, targets);
    }

    [Benchmark]
    public T Relu_784_256_10_Batch128()
    {
        var (inputs, targets) = _batchesOf128[NextBatch()];
        return _reluTrainer.Step(_relu, inputs, targets);
    }

    [Benchmark]
    public T Relu_784_256_10_Batch128_TwoThreads()
    {
        var (inputs, targets) = _batchesOf128[NextBatch()];
        return _reluTrainer.Step(_reluTwoThreads, inputs, targets);
    }

    private int NextBatch() => _next = (_next + 1) % Batches;

    private static Network<T> BuildRelu(int threads)
    {
        var network = new NetworkBuilder<T>(784)
            .AddDense(256, Activation<T>.Relu)
            .AddDense(10, Activation<T>.Sigmoid)
            .WithSeed(1)
            .Build();
        network.MaxDegreeOfParallelism = threads;
        return network;
    }
}
