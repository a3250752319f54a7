using Backprop;
using Backprop.Data;

namespace FashionMnistSample;

/// <summary>The configuration that aims at 0.90 test accuracy in the least training time (issue 16: within 30 s on this 2-core machine).</summary>
internal sealed partial record Configuration
{
    /// <summary>
    /// (d) The quickest way to 0.90 found in session 5 (issue 16): 784-1024-10, one wide ReLU layer (He
    /// initialisation) with dropout 0.5, a softmax output with categorical cross-entropy, Adam (η = 3·10⁻³) on
    /// mini-batches of 1,024 with the rate annealed by a cosine to 0 over 25 epochs; each pixel standardised with the
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
    /// Session 5's 20 epochs gave test accuracies 0.9005, 0.9029, 0.8978 (seeds 1–3: seed 3 0.0022 short of 0.90) in
    /// 36.5–37.3 s on the quiet machine. Session 6's library (dropout masks without a branch, Adam in vectors,
    /// twelve-column product panels) trains the same bits in 19.1–21.7 s, which left room for more epochs; chosen
    /// again on the held-out 10,000 (the test set not read): 20 epochs 0.9032, 0.9021, 0.9013 (mean 0.9022), 25
    /// epochs 0.9029, 0.9043, 0.9027 (mean 0.9033), so 25.
    /// </para>
    /// <para>
    /// Test accuracy, read once at the end for the 25 epochs (2 December 2026, 06:10 UTC, quiet machine, load average
    /// about 2, 2 threads): 0.9030, 0.9034, 0.9028 for seeds 1, 2, 3, in 24.1, 22.8 and 23.6 s of training (about
    /// 0.9–1.0 s per epoch). Issue 16's target 6 (≥ 0.90 in ≤ 30 s) is met for all three seeds.
    /// </para>
    /// <para>
    /// Session 10's library (3 December 2026, 07:08 UTC, load average 1.2–2.0, 2 threads): 0.9031, 0.9052, 0.9030 for
    /// seeds 1, 2, 3, in 27.1, 27.3 and 24.4 s. The bits differ from session 6's because a later session changed the
    /// order of the products' sums (`3bb6784`, before this session, gives the same 0.9052 for seed 2); the seconds
    /// are the machine's, which ran the same library in 28–33 s for seed 1 at other times that morning and its
    /// one-thread matrix products at the speed of session 6.
    /// </para>
    /// </remarks>
    public static Configuration Fast { get; } = new(
        "fast",
        "784-1024-10 ReLU + dropout 0.5, softmax cross-entropy, Adam η = 3e-3 with a cosine schedule, mini-batches of 1,024, standardised pixels",
        DefaultEpochs: 25,
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
