using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// <see cref="Network{T}"/> and threads: predictions from many threads at once give the single-threaded bits,
/// and the number of threads a matrix product may use never changes a result.
/// </summary>
public sealed class NetworkConcurrencyTests
{
    [Fact]
    public void Predict_from_four_threads_gives_the_single_threaded_answers_bit_for_bit()
    {
        // Given a trained 6-16-8-3 network, 50 samples and their single-threaded predictions (one at a time and as a batch)
        var random = new Random(12);
        var network = new NetworkBuilder<double>(6)
            .AddDense(16, TestActivations.Named<double>("tanh"))
            .AddDense(8, TestActivations.Named<double>("sigmoid"))
            .AddDense(3, TestActivations.Named<double>("identity"))
            .WithSeed(3)
            .Build();
        var inputs = TestData.Uniform(random, 6, 50);
        new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 10, Epochs = 5 }.Fit(network, inputs, TestData.Uniform(random, 3, 50));
        var samples = Enumerable.Range(0, 50).Select(inputs.Column).ToArray();
        var expectedSingle = samples.Select(sample => network.Predict(sample).ToArray()).ToArray();
        var batches = Enumerable.Range(0, 10).Select(b => inputs.SubMatrix(0, 6, b * 5, 5)).ToArray();
        var expectedBatches = batches.Select(batch => network.Predict(batch).ToColumnMajorArray()).ToArray();

        // When 4 threads each make 2,000 predictions at the same time (every fourth one a batch of 5)
        const int threads = 4;
        const int callsPerThread = 2000;
        var mismatches = new int[threads];
        var errors = new Exception?[threads];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var call = 0; call < callsPerThread; call++)
                {
                    var index = (call * 7) + t;
                    if (call % 4 == 3)
                    {
                        var b = index % batches.Length;
                        var actual = network.Predict(batches[b]).ToColumnMajorArray();
                        mismatches[t] += Bitwise.FirstDifference<double>(expectedBatches[b], actual) >= 0 ? 1 : 0;
                    }
                    else
                    {
                        var s = index % samples.Length;
                        var actual = network.Predict(samples[s]).ToArray();
                        mismatches[t] += Bitwise.FirstDifference<double>(expectedSingle[s], actual) >= 0 ? 1 : 0;
                    }
                }
            }
            catch (Exception exception)
            {
                errors[t] = exception;
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());

        // Then no call threw and every answer has the single-threaded bits
        errors.Should().OnlyContain(error => error == null);
        mismatches.Should().OnlyContain(count => count == 0);
    }

    [Fact]
    public void Training_with_one_or_two_threads_per_product_gives_bit_identical_weights()
    {
        // Given two copies of a 784-64-10 sigmoid network, and 300 random samples in batches of 100
        // (every forward and backward product of the first layer is over 2 million multiply-adds: it uses threads)
        var random = new Random(784);
        var single = new NetworkBuilder<double>(784)
            .AddDense(64, TestActivations.Named<double>("sigmoid"))
            .AddDense(10, TestActivations.Named<double>("sigmoid"))
            .WithSeed(1)
            .Build();
        var parallel = single.Clone();
        var initial = ParameterSnapshot<double>.Of(single);
        single.MaxDegreeOfParallelism = 1;
        parallel.MaxDegreeOfParallelism = 2;
        var inputs = TestData.Uniform(random, 784, 300, 0, 1);
        var targets = Matrix<double>.Build.Dense(10, 300, (i, j) => i == j % 10 ? 1.0 : 0.0);

        // When both are trained identically
        var trainer = () => new Trainer<double>(new SgdOptimizer<double>(3.0)) { MiniBatchSize = 100, Epochs = 2, Seed = 5 };
        var singleCosts = trainer().Fit(single, inputs, targets).Losses;
        var parallelCosts = trainer().Fit(parallel, inputs, targets).Losses;

        // Then the costs and every weight and bias have the same bits (and training did move the weights)
        Bitwise.ShouldEqual(singleCosts.ToArray(), parallelCosts.ToArray(), "the epoch costs");
        ParameterSnapshot<double>.Of(single).ShouldBeBitIdenticalTo(parallel);
        Bitwise.FirstDifference<double>(initial.Weights[0], single.Layers[0].GetWeights().ToColumnMajorArray()).Should().BeGreaterThanOrEqualTo(0);
    }
}
