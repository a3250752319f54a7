using Backprop;
using Backprop.Data;

namespace FashionMnistSample;

/// <summary>The configuration that aims at 0.90 test accuracy in the least training time.</summary>
internal sealed partial record Configuration
{
    /// <summary>
    /// (d) The quickest way found to 0.90: HIDDEN, softmax cross-entropy, Adam with a cosine schedule,
    /// pixels standardised, all 60,000 training images, no validation pass.
    /// </summary>
    /// <remarks>
    /// MEASURED
    /// </remarks>
    public static Configuration Fast { get; } = new(
        "fast",
        "DESCRIPTION",
        DefaultEpochs: 20,
        RequiredAccuracy: 0.90,
        (training, epochs, seed) =>
        {
            const int MiniBatchSize = 1024;
            const int Hidden = 1024;
            var standardizer = Standardizer<float>.Fit(training.Inputs);
            var steps = (long)epochs * ((training.Count + MiniBatchSize - 1) / MiniBatchSize);
            var optimizer = new AdamOptimizer<float>(3e-3) { Schedule = LearningRateSchedule.Cosine(steps) };
            return new TrainingSetup(
                new NetworkBuilder<float>(inputSize: 784)
                    .AddDense(Hidden, Activation<float>.Relu).AddDropout(0.5)
                    .AddDense(10, Activation<float>.Softmax)
                    .WithLoss(Loss<float>.CategoricalCrossEntropy)
                    .WithSeed(seed)
                    .Build(),
                new Trainer<float>(optimizer) { MiniBatchSize = MiniBatchSize, Epochs = epochs, Seed = seed },
                standardizer.Transform(training.Inputs),
                training.Targets,
                new FitOptions<float> { CollectDiagnostics = false, ReportEveryBatches = 5 },
                standardizer);
        })
    {
        TimeBudgetSeconds = 30,
    };
}
