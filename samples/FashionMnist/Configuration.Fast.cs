using Backprop;
using Backprop.Data;

namespace FashionMnistSample;

/// <summary>The configuration that aims at 0.90 test accuracy in the least training time (issue 16: within 30 s on this 2-core machine).</summary>
internal sealed partial record Configuration
{
    /// <summary>
    /// (d) The quickest way to 0.90 found in session 5 (issue 16): 784-1024-10, one wide ReLU layer (He
    /// initialisation) with dropout 0.5, a softmax output with categorical cross-entropy, Adam (η = 3·10⁻³) on
    /// mini-batches of 1,024 with the rate annealed by a cosine to 0 over 20 epochs; each pixel standardised with the
    /// mean and standard deviation of the training images (<see cref="Standardizer{T}"/>, applied unchanged to the
    /// test images). It trains on all 60,000 training images with no validation pass and no diagnostics, so the
    /// training time is the updates alone.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Chosen on the last 10,000 training images (<c>--holdout 10000</c>: trained on the first 50,000), by
    /// validation accuracy per FLOP, not by seconds: the machine was shared (load average 12–41). One wide layer,
    /// large batches and strong dropout won: every 256- and 512-unit variant (dropout 0–0.3, Adam, AdamW, Nesterov
    /// SGD, GELU, batches of 64–256, 10–40 epochs, mirror images) stopped at 0.899–0.902 validation accuracy; this
    /// one reached 0.9032 and 0.9021 (seeds 1, 2); 15 epochs gave 0.9006, 2,048 units for 10 epochs 0.8940, one
    /// standardisation for all pixels instead of one per pixel 0.9002. A batch of 1,024 costs less per sample than
    /// 512 (fewer optimizer steps) at the same accuracy. The figures are in benchmarks/README.md, session 5.
    /// </para>
    /// <para>
    /// Test accuracy, read once at the end for this configuration: 0.9005, 0.9029, 0.8978 for seeds 1, 2, 3 (mean
    /// 0.9004): seed 3 misses the bar of 0.90 by 0.0022. Training took 143.9, 116.3 and 80.1 s at load averages
    /// of 34, 30 and 16 (4.0–7.2 s per epoch). On the quiet machine (load average 2.1–2.3, nothing else running,
    /// 2 threads, 2 December 2026 04:18 UTC) the same three seeds gave the same accuracies in 37.3, 36.5 and 37.0 s
    /// (1.8–1.9 s per epoch): over the 30 s budget by about a quarter, and seed 3 under 0.90. Issue 16's target 6
    /// is missed on both counts; the next candidates (fewer epochs of a wider layer, or a cheaper optimizer step per
    /// batch) must be chosen again on the held-out 10,000 before the test set is read.
    /// </para>
    /// </remarks>
    public static Configuration Fast { get; } = new(
        "fast",
        "784-1024-10 ReLU + dropout 0.5, softmax cross-entropy, Adam η = 3e-3 with a cosine schedule, mini-batches of 1,024, standardised pixels",
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
