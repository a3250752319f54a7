using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Concurrency;

/// <summary>
/// <see cref="Network{T}.Predict(Matrix{T})"/> from many threads at once on one trained network: every answer has
/// the bits of the single-threaded answer.
/// </summary>
public sealed class PredictionConcurrencyTests
{
    private const int Threads = 8;
    private const int PredictionsPerThread = 10_000;

    [Fact]
    public void Eight_threads_making_ten_thousand_predictions_each_get_the_single_threaded_answers_bit_for_bit()
    {
        // Given a trained 8-16-8-4 network (tanh, ReLU, softmax) and the single-threaded answers for 64 samples,
        // alone, as 8 batches of 8, and into caller-owned outputs
        var random = new Random(2024);
        var network = new NetworkBuilder<double>(8)
            .AddDense(16, Activation<double>.Tanh)
            .AddDense(8, Activation<double>.Relu)
            .AddDense(4, Activation<double>.Softmax)
            .WithLoss(Loss<double>.CategoricalCrossEntropy)
            .WithSeed(8)
            .Build();
        var inputs = TestData.Uniform(random, 8, 64);
        var targets = Matrix<double>.Build.Dense(4, 64, (i, j) => i == j % 4 ? 1.0 : 0.0);
        new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 16, Epochs = 20, Seed = 3 }.Fit(network, inputs, targets);
        var samples = Enumerable.Range(0, 64).Select(inputs.Column).ToArray();
        var expectedSamples = samples.Select(sample => network.Predict(sample).ToArray()).ToArray();
        var batches = Enumerable.Range(0, 8).Select(b => inputs.SubMatrix(0, 8, b * 8, 8)).ToArray();
        var expectedBatches = batches.Select(batch => network.Predict(batch).ToColumnMajorArray()).ToArray();

        // When 8 threads, started together, each make 10,000 predictions (every third a batch, every fifth into
        // their own output matrix; of the single samples every seventh into their own span)
        var mismatches = new int[Threads];
        var errors = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                var outputs = Matrix<double>.Build.Dense(4, 8);
                var sampleOutput = new double[4];
                start.SignalAndWait();
                for (var call = 0; call < PredictionsPerThread; call++)
                {
                    var index = (call * 13) + (t * 7);
                    double[] actual;
                    double[] expected;
                    if (call % 3 == 2)
                    {
                        var b = index % batches.Length;
                        expected = expectedBatches[b];
                        if (call % 5 == 0)
                        {
                            network.Predict(batches[b], outputs);
                            actual = outputs.ToColumnMajorArray();
                        }
                        else
                        {
                            actual = network.Predict(batches[b]).ToColumnMajorArray();
                        }
                    }
                    else
                    {
                        var s = index % samples.Length;
                        expected = expectedSamples[s];
                        if (call % 7 == 1)
                        {
                            network.Predict(samples[s].AsArray(), sampleOutput);
                            actual = sampleOutput;
                        }
                        else
                        {
                            actual = network.Predict(samples[s]).ToArray();
                        }
                    }

                    mismatches[t] += Bitwise.FirstDifference<double>(expected, actual) >= 0 ? 1 : 0;
                }
            }
            catch (Exception exception)
            {
                errors[t] = exception;
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());

        // Then no call threw and all 80,000 answers have the single-threaded bits
        errors.Should().OnlyContain(error => error == null);
        mismatches.Should().OnlyContain(count => count == 0);
    }
}
