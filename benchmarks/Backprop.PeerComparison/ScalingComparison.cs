using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>
/// The scaling tables of benchmarks/README.md: seconds per Fashion-MNIST epoch of the 784-h-10 sigmoid network
/// (½‖a − y‖², η = 3, float32, one thread) against the hidden width h ∈ {100, 256, 1024} at batch 10, and against
/// the batch size b ∈ {1, 10, 128, 1024} at h = 100, Backprop beside TorchSharp.
/// </summary>
/// <remarks>
/// Each figure trains on the first <see cref="Samples"/> images of the shuffled training set (a fifth of an epoch)
/// and scales the time by 60,000 / <see cref="Samples"/>; three runs per library, alternating who goes first,
/// each from the same initial weights; the median counts. Figures: <c>scaling.h{h}_b{b}.f32.t1.{backprop,torch}.s_per_epoch</c>.
/// </remarks>
internal static class ScalingComparison
{
    /// <summary>Images per timed run.</summary>
    public const int Samples = 12_000;

    private const int Repetitions = 3;

    private static readonly (int Hidden, int Batch)[] Configurations =
    [
        (100, 10), (256, 10), (1024, 10), (100, 1), (100, 128), (100, 1024),
    ];

    public static void Run(string folder)
    {
        torch.set_num_threads(1);
        var order = FashionMnistShape.Permutation(FashionMnistComparison.Seed);
        var data = BackpropFashionMnist<float>.Load(folder, order);
        using var torchData = TorchFashionMnist.Load(folder, order, ScalarType.Float32);
        var inputs = data.TrainInputs.SubMatrix(0, data.TrainInputs.RowCount, 0, Samples);
        var targets = data.TrainTargets.SubMatrix(0, data.TrainTargets.RowCount, 0, Samples);
        var perEpoch = 60_000.0 / Samples;
        foreach (var (hidden, batch) in Configurations)
        {
            var workload = new FashionMnistComparison.Workload($"h{hidden}_b{batch}", hidden, SoftmaxCrossEntropy: false, MiniBatchSize: batch, LearningRate: 3.0);
            var name = $"scaling.{workload.Name}.f32.t1";
            Report.Note($"{name}: {Repetitions} runs of {Samples} images each");

            // Warm-up on a few batches.
            var warmUp = Math.Min(Samples, 20 * batch);
            FashionMnistComparison.TrainBackprop(FashionMnistComparison.Build<float>(workload), workload,
                inputs.SubMatrix(0, inputs.RowCount, 0, warmUp), targets.SubMatrix(0, targets.RowCount, 0, warmUp));
            using (var mlp = TorchMlp.FromNetwork(FashionMnistComparison.Build<float>(workload), ScalarType.Float32))
            {
                FashionMnistComparison.TrainTorch(mlp, workload, torchData, warmUp);
            }

            var backpropSeconds = new double[Repetitions];
            var torchSeconds = new double[Repetitions];
            for (var r = 0; r < Repetitions; r++)
            {
                var network = FashionMnistComparison.Build<float>(workload);
                network.MaxDegreeOfParallelism = 1;
                using var mlp = TorchMlp.FromNetwork(network, ScalarType.Float32);
                void RunBackprop()
                {
                    GC.Collect();
                    backpropSeconds[r] = Timing.Seconds(() => FashionMnistComparison.TrainBackprop(network, workload, inputs, targets)) * perEpoch;
                }

                void RunTorch()
                {
                    GC.Collect();
                    torchSeconds[r] = Timing.Seconds(() => FashionMnistComparison.TrainTorch(mlp, workload, torchData, Samples)) * perEpoch;
                }

                Timing.InTurns(r, RunBackprop, RunTorch);
            }

            Report.Note(string.Create(CultureInfo.InvariantCulture,
                $"{name}: backprop {string.Join(" ", backpropSeconds.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} s/epoch, torch {string.Join(" ", torchSeconds.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))}"));
            Report.Figure($"{name}.backprop.s_per_epoch", Timing.Median(backpropSeconds), "s", "0.000");
            Report.Figure($"{name}.torch.s_per_epoch", Timing.Median(torchSeconds), "s", "0.000");
        }
    }
}
