using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>
/// One epoch of Fashion-MNIST in each library from the same initial weights (drawn by Backprop's
/// <c>NetworkBuilder</c>, copied into torch) and in the same batch order (one permutation, applied to the data
/// once, outside the timings): 784-100-10 sigmoid with ½‖a − y‖², η = 3, batches of 10 (float32 and float64),
/// and 784-256-10 ReLU with a softmax output and cross-entropy, η = 0.1, batches of 128 (float32).
/// Each timing is the median of three epochs, each from the same start, the libraries taking turns; the
/// test accuracy is that of the first.
/// </summary>
internal static class FashionMnistComparison
{
    public const string RssChildArgument = "--rss-child";

    internal const int Seed = 1;
    private const int CheckBatches = 100;
    private const int WarmUpBatches = 50;
    private const int EpochRepetitions = 3;

    private static readonly Workload SigmoidB10 = new("sigmoid_b10", 100, SoftmaxCrossEntropy: false, MiniBatchSize: 10, LearningRate: 3.0);
    private static readonly Workload ReluCeB128 = new("relu_ce_b128", 256, SoftmaxCrossEntropy: true, MiniBatchSize: 128, LearningRate: 0.1);

    public static void Run(string folder)
    {
        var order = FashionMnistShape.Permutation(Seed);

        var float64 = BackpropFashionMnist<double>.Load(folder, order);
        using (var torchFloat64 = TorchFashionMnist.Load(folder, order, ScalarType.Float64))
        {
            CheckInputs("fmnist.inputs.f64", float64, torchFloat64);
            CheckTraining("fmnist.sigmoid_b10", SigmoidB10, float64, torchFloat64);
            CheckTraining("fmnist.relu_ce_b128.f64", ReluCeB128, float64, torchFloat64);
            Time("f64", SigmoidB10, float64, torchFloat64);
        }

        float64 = null;
        GC.Collect();
        var float32 = BackpropFashionMnist<float>.Load(folder, order);
        using (var torchFloat32 = TorchFashionMnist.Load(folder, order, ScalarType.Float32))
        {
            CheckInputs("fmnist.inputs.f32", float32, torchFloat32);
            Time("f32", SigmoidB10, float32, torchFloat32);
            Time("f32", ReluCeB128, float32, torchFloat32);
        }

        foreach (var library in (string[])["backprop", "torch"])
        {
            Report.Figure($"fmnist.peak_rss_mb.{library}", PeakRssOfChild(library, folder), "MB", "0");
        }

        // float32 alone: the data loaded and one epoch of the sigmoid batch-10 workload, against the data's own size.
        var dataMegabytes = FashionMnistShape.Float32DataBytes / (1024.0 * 1024.0);
        Report.Figure("fmnist.f32_data_mb", dataMegabytes, "MB", "0");
        foreach (var library in (string[])["backprop", "torch"])
        {
            var peak = PeakRssOfChild(library + Float32Only, folder);
            Report.Figure($"fmnist.peak_rss_mb.f32.{library}", peak, "MB", "0");
            Report.Figure($"fmnist.peak_rss_mb.f32.{library}_vs_data", peak / dataMegabytes, "ratio", "0.000");
        }
    }

    /// <summary>The suffix of a child's library name that makes it load and train float32 only.</summary>
    private const string Float32Only = "-f32";

    /// <summary>
    /// The child process for the peak-RSS figure: loads the data and trains one epoch of every workload
    /// (sigmoid float32 and float64, ReLU float32; one thread; each workload's data freed before the next
    /// one's is built) in one library only, then prints its VmHWM.
    /// </summary>
    public static void RunRssChild(string library, string folder)
    {
        var order = FashionMnistShape.Permutation(Seed);
        Report.Note($"rss child {library}: start, {MemoryStatus()}");
        if (library == "backprop" + Float32Only)
        {
            BackpropEpoch<float>(SigmoidB10, folder, order);
        }
        else if (library == "torch" + Float32Only)
        {
            torch.set_num_threads(1);
            TorchEpoch<float>(SigmoidB10, folder, order);
        }
        else if (library == "backprop")
        {
            // Each workload's data is collected and its memory returned to the system before the next one's is
            // built (torch's tensors are disposed, and the managed bytes it was read from collected, alike).
            BackpropEpoch<float>(SigmoidB10, folder, order);
            ReleaseMemory();
            BackpropEpoch<double>(SigmoidB10, folder, order);
            ReleaseMemory();
            BackpropEpoch<float>(ReluCeB128, folder, order);
        }
        else
        {
            torch.set_num_threads(1);
            TorchEpoch<float>(SigmoidB10, folder, order);
            ReleaseMemory();
            TorchEpoch<double>(SigmoidB10, folder, order);
            ReleaseMemory();
            TorchEpoch<float>(ReluCeB128, folder, order);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VmHWM\t{ReadVmHwmKilobytes()}"));
    }

    // Its own method, not inlined, so that the data is unreachable once it returns (unoptimised code may keep a
    // caller's temporaries alive to the end of the caller).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BackpropEpoch<T>(Workload workload, string folder, int[] order)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = BackpropFashionMnist<T>.Load(folder, order);
        Report.Note($"rss child backprop {workload.Name} {typeof(T).Name}: loaded, {MemoryStatus()}");
        var network = Build<T>(workload);
        network.MaxDegreeOfParallelism = 1;
        var seconds = Timing.Seconds(() => TrainBackprop(network, workload, data.TrainInputs, data.TrainTargets));
        Report.Note($"rss child backprop {workload.Name} {typeof(T).Name}: {seconds:0.00} s, {MemoryStatus()}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TorchEpoch<T>(Workload workload, string folder, int[] order)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var data = TorchFashionMnist.Load(folder, order, TorchArrays.DType<T>());
        using var mlp = TorchMlp.FromNetwork(Build<T>(workload), TorchArrays.DType<T>());
        var seconds = Timing.Seconds(() => TrainTorch(mlp, workload, data, (int)data.TrainInputs.shape[0]));
        Report.Note($"rss child torch {workload.Name} {typeof(T).Name}: {seconds:0.00} s, {MemoryStatus()}");
    }

    /// <summary>Both libraries hold bit-identical inputs (Backprop scales in C#, torch in its own kernels).</summary>
    private static void CheckInputs<T>(string name, BackpropFashionMnist<T> data, TorchFashionMnist torchData)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var difference = 0.0;
        var backpropTrain = data.TrainInputs.AsColumnMajorArray();
        var torchTrain = torchData.TrainInputs.data<T>().ToArray();
        var backpropTest = data.TestInputs.AsColumnMajorArray();
        var torchTest = torchData.TestInputs.data<T>().ToArray();
        if (backpropTrain.Length != torchTrain.Length || backpropTest.Length != torchTest.Length)
        {
            difference = double.PositiveInfinity;
        }
        else
        {
            for (var i = 0; i < backpropTrain.Length; i++)
            {
                difference = Math.Max(difference, Math.Abs(double.CreateChecked(backpropTrain[i] - torchTrain[i])));
            }

            for (var i = 0; i < backpropTest.Length; i++)
            {
                difference = Math.Max(difference, Math.Abs(double.CreateChecked(backpropTest[i] - torchTest[i])));
            }
        }

        Report.Check(name, difference, 0);
    }

    /// <summary>100 batches in float64 from the same start: the weights must agree to 1e-9.</summary>
    private static void CheckTraining(string name, Workload workload, BackpropFashionMnist<double> data, TorchFashionMnist torchData)
    {
        Report.Note($"{name}: equality check ({CheckBatches} batches)");
        var samples = CheckBatches * workload.MiniBatchSize;
        var network = Build<double>(workload);
        using var mlp = TorchMlp.FromNetwork(network, ScalarType.Float64);
        TrainBackprop(network, workload, data.TrainInputs.SubMatrix(0, data.TrainInputs.RowCount, 0, samples), data.TrainTargets.SubMatrix(0, data.TrainTargets.RowCount, 0, samples));
        TrainTorch(mlp, workload, torchData, samples);
        Report.Check(name, Report.MaxAbsoluteDifference(TorchMlp.ParametersOf(network), mlp.Parameters()), 1e-9);
    }

    private static void Time<T>(string type, Workload workload, BackpropFashionMnist<T> data, TorchFashionMnist torchData)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = TorchArrays.DType<T>();
        var samples = data.TrainInputs.ColumnCount;

        // Warm-up (JIT tiers, torch's first calls) on throwaway copies.
        var warmUpSamples = WarmUpBatches * workload.MiniBatchSize;
        TrainBackprop(Build<T>(workload), workload, data.TrainInputs.SubMatrix(0, data.TrainInputs.RowCount, 0, warmUpSamples), data.TrainTargets.SubMatrix(0, data.TrainTargets.RowCount, 0, warmUpSamples));
        using (var warmUp = TorchMlp.FromNetwork(Build<T>(workload), dtype))
        {
            TrainTorch(warmUp, workload, torchData, warmUpSamples);
        }

        var oneThreadSeconds = 0.0;
        foreach (var threads in (int[])[1, 2])
        {
            var prefix = $"fmnist.{workload.Name}.{type}.t{threads}";
            Report.Note($"{prefix}: {EpochRepetitions} epochs each, each from the same start");
            torch.set_num_threads(threads);
            var backpropSeconds = new double[EpochRepetitions];
            var torchSeconds = new double[EpochRepetitions];
            Network<T>? firstNetwork = null;
            TorchMlp? firstMlp = null;
            for (var r = 0; r < EpochRepetitions; r++)
            {
                var network = Build<T>(workload);
                network.MaxDegreeOfParallelism = threads;
                var mlp = TorchMlp.FromNetwork(network, dtype);
                void RunBackprop()
                {
                    GC.Collect();
                    backpropSeconds[r] = Timing.Seconds(() => TrainBackprop(network, workload, data.TrainInputs, data.TrainTargets));
                }

                void RunTorch()
                {
                    GC.Collect();
                    torchSeconds[r] = Timing.Seconds(() => TrainTorch(mlp, workload, torchData, samples));
                }

                Timing.InTurns(r, RunBackprop, RunTorch);

                if (r == 0)
                {
                    (firstNetwork, firstMlp) = (network, mlp);
                }
                else
                {
                    mlp.Dispose();
                }
            }

            Report.Note($"{prefix}: backprop {string.Join(" ", backpropSeconds.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} s, torch {string.Join(" ", torchSeconds.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} s");
            Report.Note($"{prefix}: max |w_backprop − w_torch| after the epoch: {Report.MaxAbsoluteDifference(TorchMlp.ParametersOf(firstNetwork!), firstMlp!.Parameters()):0.##E+00}");
            Report.Figure($"{prefix}.backprop.s_per_epoch", Timing.Median(backpropSeconds), "s", "0.000");
            Report.Figure($"{prefix}.torch.s_per_epoch", Timing.Median(torchSeconds), "s", "0.000");
            var seconds = Timing.Median(backpropSeconds);
            if (threads == 1)
            {
                oneThreadSeconds = seconds;
                var gflop = workload.EpochFlops(samples) / 1e9;
                Report.Note($"{prefix}: {gflop:0.0} GFLOP per epoch (the three products of each layer, less the first layer's (W¹)ᵀδ)");
                Report.Figure($"{prefix}.backprop.fraction_of_ceiling", gflop / PeakFlops.CeilingGflops<T>() / seconds, "fraction", "0.000");
            }
            else
            {
                Report.Figure($"{prefix}_vs_t1.backprop.time_ratio", seconds / oneThreadSeconds, "ratio", "0.000");
            }
            Report.Figure($"{prefix}.backprop.test_acc", BackpropAccuracy(firstNetwork!, data), "fraction", "0.0000");
            Report.Figure($"{prefix}.torch.test_acc", TorchAccuracy(firstMlp, torchData), "fraction", "0.0000");
            firstMlp.Dispose();
        }
    }

    /// <summary>Backprop as its users train: <c>Trainer.Fit</c>, one epoch, no shuffling (the data is pre-shuffled).</summary>
    internal static void TrainBackprop<T>(Network<T> network, Workload workload, Matrix<T> inputs, Matrix<T> targets)
        where T : struct, IFloatingPointIeee754<T>
    {
        var trainer = new Trainer<T>(new SgdOptimizer<T>(workload.LearningRate)) { MiniBatchSize = workload.MiniBatchSize, Epochs = 1, Shuffle = false };
        trainer.Fit(network, inputs, targets);
    }

    /// <summary>TorchSharp as its users train: slices of the pre-shuffled tensors, zero_grad, forward, loss, backward, step.</summary>
    internal static void TrainTorch(TorchMlp mlp, Workload workload, TorchFashionMnist data, int samples)
    {
        using var optimizer = optim.SGD(mlp.Model.parameters(), workload.LearningRate);
        for (var start = 0; start < samples; start += workload.MiniBatchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(workload.MiniBatchSize, samples - start);
            var inputs = data.TrainInputs.narrow(0, start, size);
            optimizer.zero_grad();
            var output = mlp.Model.forward(inputs);
            var loss = workload.SoftmaxCrossEntropy
                ? nn.functional.cross_entropy(output, data.TrainLabels.narrow(0, start, size))
                : Losses.HalfSquaredError(output, data.TrainTargets.narrow(0, start, size));
            loss.backward();
            optimizer.step();
        }
    }

    private static double BackpropAccuracy<T>(Network<T> network, BackpropFashionMnist<T> data)
        where T : struct, IFloatingPointIeee754<T>
    {
        var outputs = network.Predict(data.TestInputs).AsColumnMajorArray();
        var classes = FashionMnistShape.Classes;
        var correct = 0;
        for (var s = 0; s < data.TestLabels.Count; s++)
        {
            var column = outputs.AsSpan(s * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (column[c] > column[best])
                {
                    best = c;
                }
            }

            correct += best == data.TestLabels[s] ? 1 : 0;
        }

        return (double)correct / data.TestLabels.Count;
    }

    private static double TorchAccuracy(TorchMlp mlp, TorchFashionMnist data)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var predicted = mlp.Model.forward(data.TestInputs).argmax(1);
        return predicted.eq(data.TestLabels).sum().item<long>() / (double)data.TestLabels.shape[0];
    }

    internal static Network<T> Build<T>(Workload workload)
        where T : struct, IFloatingPointIeee754<T>
    {
        var builder = new NetworkBuilder<T>(FashionMnistShape.Pixels).WithSeed(Seed);
        return workload.SoftmaxCrossEntropy
            ? builder.AddDense(workload.Hidden, Activation<T>.Relu)
                .AddDense(FashionMnistShape.Classes, Activation<T>.Softmax)
                .WithLoss(Loss<T>.CategoricalCrossEntropy)
                .Build()
            : builder.AddDense(workload.Hidden, Activation<T>.Sigmoid)
                .AddDense(FashionMnistShape.Classes, Activation<T>.Sigmoid)
                .Build();
    }

    private static double PeakRssOfChild(string library, string folder)
    {
        Report.Note($"fmnist.peak_rss_mb.{library}: child process");
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(RssChildArgument);
        start.ArgumentList.Add(library);
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(folder);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM\t", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            Report.Note($"fmnist.peak_rss_mb.{library}: the child failed (exit code {child.ExitCode})");
            return double.NaN;
        }

        return long.Parse(line["VmHWM\t".Length..], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static void ReleaseMemory()
        => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    // "VmHWM:     123456 kB": the peak resident set size of this process; VmRSS the current one.
    private static long ReadVmHwmKilobytes() => ReadStatusKilobytes("VmHWM:");

    private static string MemoryStatus()
        => string.Create(CultureInfo.InvariantCulture, $"VmRSS {ReadStatusKilobytes("VmRSS:") / 1024} MB, VmHWM {ReadStatusKilobytes("VmHWM:") / 1024} MB");

    private static long ReadStatusKilobytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
    }

    internal sealed record Workload(string Name, int Hidden, bool SoftmaxCrossEntropy, int MiniBatchSize, double LearningRate)
    {
        /// <summary>
        /// The floating-point operations of an epoch's matrix products: per sample and layer 2·n_in·n_out for the forward
        /// product and as many for the weight gradient, and for every layer but the first as many again for the error
        /// passed down (the first layer's is never needed).
        /// </summary>
        public double EpochFlops(int samples)
        {
            double first = FashionMnistShape.Pixels * Hidden;
            double second = Hidden * FashionMnistShape.Classes;
            return samples * 2.0 * ((2 * first) + (3 * second));
        }
    }
}
