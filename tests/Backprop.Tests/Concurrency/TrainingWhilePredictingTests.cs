using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Backprop.Tests.Concurrency;

/// <summary>
/// Training and predicting on one network at once: a prediction that overlaps a change of the weights throws
/// <see cref="InvalidOperationException"/> and never answers from half-updated weights, and a second training
/// call is refused while one runs.
/// </summary>
public sealed class TrainingWhilePredictingTests(ITestOutputHelper output)
{
    [Fact]
    public void A_prediction_in_the_middle_of_a_weight_update_throws_and_so_do_overlapping_training_calls()
    {
        // Given a network trained by an optimizer that, on every step, stops after updating the first layer's
        // weights (the others are still the old ones) and asks other threads to predict, compute gradients, run
        // a forward pass and take a training step
        var (network, inputs, targets) = CreateProblem(seed: 1);
        var probeInput = inputs.Column(0);
        var outcomes = new List<(string Call, Exception? Error)>();
        var optimizer = new HalfwayProbeOptimizer(0.1, () =>
        {
            outcomes.Add(("Predict", OnAnotherThread(() => network.Predict(probeInput))));
            outcomes.Add(("Predict(batch)", OnAnotherThread(() => network.Predict(inputs))));
            outcomes.Add(("ComputeGradients", OnAnotherThread(() => network.ComputeGradients(inputs, targets))));
            outcomes.Add(("Forward", OnAnotherThread(() => network.Forward(inputs))));
            outcomes.Add(("Trainer.Step", OnAnotherThread(() => new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 1 }.Step(network, inputs, targets))));
        });

        // When it trains for 3 epochs of 4 batches
        new Trainer<double>(optimizer) { MiniBatchSize = 8, Epochs = 3, Seed = 2 }.Fit(network, inputs, targets);

        // Then each of those 12 steps' 5 calls threw InvalidOperationException
        outcomes.Should().HaveCount(12 * 5);
        outcomes.Should().OnlyContain(
            outcome => outcome.Error is InvalidOperationException,
            "no call may answer while the weights are half-updated or another training call runs");

        // And after training, prediction works and answers from the final weights
        var copy = network.Clone();
        network.Predict(probeInput).ToArray().Should().Equal(copy.Predict(probeInput).ToArray());
    }

    [Fact]
    public void Predictions_racing_with_training_either_throw_or_equal_the_answer_of_a_state_the_weights_passed_through()
    {
        // Given a network trained by SGD with momentum, reporting progress after every batch; the report (on the
        // training thread, between two updates) records the answer for one probe input, so the answer of every
        // weight state training passes through is known
        var (network, inputs, targets) = CreateProblem(seed: 7);
        var probeInput = inputs.Column(3);
        var passedThrough = new HashSet<string> { Key(network.Predict(probeInput)) };
        var reports = 0;
        var afterEveryBatch = new SynchronousProgress(() =>
        {
            reports++;
            passedThrough.Add(Key(network.Predict(probeInput)));
        });

        // When two threads predict the probe input as fast as they can while 500 epochs of 4 batches train
        var training = 1;
        var answers = new HashSet<string>[2];
        var answered = new int[2];
        var refused = new int[2];
        var errors = new Exception?[2];
        using var ready = new CountdownEvent(2);
        var predictors = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            answers[t] = [];
            try
            {
                ready.Signal();
                while (Volatile.Read(ref training) == 1)
                {
                    try
                    {
                        answers[t].Add(Key(network.Predict(probeInput)));
                        answered[t]++;
                    }
                    catch (InvalidOperationException)
                    {
                        refused[t]++;
                    }
                }
            }
            catch (Exception exception)
            {
                errors[t] = exception;
            }
        })).ToList();
        predictors.ForEach(predictor => predictor.Start());
        ready.Wait();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.05) { Momentum = 0.9 }) { MiniBatchSize = 8, Epochs = 500, Seed = 4 };
        trainer.Fit(network, inputs, targets, new FitOptions<double> { CollectDiagnostics = false }, afterEveryBatch);
        Volatile.Write(ref training, 0);
        predictors.ForEach(predictor => predictor.Join());

        // Then no other exception was thrown, every answer is the answer of a weight state training passed
        // through, and after training the answer is the final state's
        output.WriteLine($"{passedThrough.Count} weight states; {answered.Sum()} answers ({answers.Sum(a => a.Count)} distinct, counted per thread); {refused.Sum()} refused");
        errors.Should().OnlyContain(error => error == null);
        reports.Should().Be(500 * 4, "every batch's weights were recorded (3 batch reports and the epoch's end per epoch)");
        answers.SelectMany(a => a).Should().OnlyContain(answer => passedThrough.Contains(answer));
        Key(network.Predict(probeInput)).Should().Be(Key(network.Clone().Predict(probeInput)));
    }

    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) CreateProblem(int seed)
    {
        var random = new Random(seed);
        var network = new NetworkBuilder<double>(6)
            .AddDense(12, Activation<double>.Tanh)
            .AddDense(3, Activation<double>.Sigmoid)
            .WithSeed(seed)
            .Build();
        return (network, TestData.Uniform(random, 6, 32), TestData.Uniform(random, 3, 32, 0, 1));
    }

    private static Exception? OnAnotherThread(Action call)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                call();
            }
            catch (Exception exception)
            {
                error = exception;
            }
        });
        thread.Start();
        thread.Join();
        return error;
    }

    private static string Key(Vector<double> values) => string.Join(",", values.Select(BitConverter.DoubleToInt64Bits));

    /// <summary>Plain SGD that runs a probe halfway through its update: after layer 0's weights, before the rest.</summary>
    private sealed class HalfwayProbeOptimizer(double learningRate, Action probe) : Optimizer<double>
    {
        public override string Name => "sgd-with-halfway-probe";

        public override double Step(TrainingObjective<double> objective)
        {
            var cost = objective.Evaluate();
            for (var s = 0; s < objective.SegmentCount; s++)
            {
                var parameters = objective.GetParameters(s);
                var gradient = objective.GetGradient(s);
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i] -= learningRate * gradient[i];
                }

                if (s == 0)
                {
                    probe();
                }
            }

            return cost;
        }

        public override void Reset()
        {
        }
    }

    /// <summary>Calls back on the reporting thread itself (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class SynchronousProgress(Action report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report();
    }
}
