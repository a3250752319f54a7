using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;

namespace Backprop.PeerComparison;

/// <summary>
/// Prediction: one sample through 30-32-2 (float64) and 784-100-10 (float32), ReLU hidden and softmax output, in
/// Backprop (<c>Predict(ReadOnlySpan, Span)</c> and <c>Predict(Vector)</c>), a hand-written loop over the same
/// weights, and ONNX Runtime on the model <c>SaveOnnx</c> exports (one thread, its fastest C# path: OrtValues over
/// pinned arrays created once, bound once with an <see cref="OrtIoBinding"/>, reused every call); then a batch of
/// 1,000 samples (throughput) in Backprop and ONNX Runtime. Each is timed in elapsed time and again in processor time
/// (every candidate runs on the calling thread), the second robust to a loaded machine.
/// </summary>
internal static class PredictComparison
{
    private const int Repetitions = 9;
    private const double SecondsPerRepetition = 0.2;
    private const int BatchSize = 1000;

    public static void Run()
    {
        Run<double>("30_32_2.f64", [30, 32, 2], batch: false);
        Run<float>("784_100_10.f32", [784, 100, 10], batch: true);
    }

    private static void Run<T>(string name, int[] sizes, bool batch)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Report.Note($"predict.{name}: equality check, then timing");
        var builder = new NetworkBuilder<T>(sizes[0]);
        for (var l = 1; l < sizes.Length - 1; l++)
        {
            builder.AddDense(sizes[l], Activation<T>.Relu);
        }

        var network = builder.AddDense(sizes[^1], Activation<T>.Softmax)
            .WithLoss(Loss<T>.CategoricalCrossEntropy).WithSeed(1).Build();
        network.MaxDegreeOfParallelism = 1;

        // Small random biases, so the bias path is measured too.
        var random = new Random(2);
        foreach (var layer in network.Layers)
        {
            layer.SetBiases(Vector<T>.Build.Dense(layer.Neurons, _ => T.CreateChecked((random.NextDouble() - 0.5) * 0.2)));
        }

        var input = new T[sizes[0]];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = T.CreateChecked(random.NextDouble());
        }

        var plain = new PlainReluSoftmaxNetwork<T>(network);
        using var ort = new OrtPredictor<T>(network, batch: 1);
        var output = new T[network.OutputSize];
        var vectorInput = Vector<T>.Build.Dense(input);

        // The equality check: the four answers for the same sample.
        network.Predict(input, output);
        var vectorOutput = network.Predict(vectorInput).ToArray();
        var plainOutput = (T[])output.Clone();
        plain.Predict(input, plainOutput);
        var ortOutput = ort.Predict(input);
        var tolerance = typeof(T) == typeof(float) ? 1e-6 : 1e-12;
        Report.Check($"predict.{name}", Math.Max(Math.Max(Difference(output, vectorOutput), Difference(output, plainOutput)), Difference(output, ortOutput)), tolerance);

        var before = GC.GetAllocatedBytesForCurrentThread();
        network.Predict(input, output);
        var spanBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        network.Predict(vectorInput);
        var vectorBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Action<int>[] candidates =
        [
            count =>
            {
                for (var c = 0; c < count; c++)
                {
                    network.Predict(input, output);
                }
            },
            count =>
            {
                for (var c = 0; c < count; c++)
                {
                    network.Predict(vectorInput);
                }
            },
            count =>
            {
                for (var c = 0; c < count; c++)
                {
                    plain.Predict(input, output);
                }
            },
            count =>
            {
                for (var c = 0; c < count; c++)
                {
                    ort.Predict(input);
                }
            },
        ];
        int[] units = [.. candidates.Select(run => Timing.Calibrate(run, SecondsPerRepetition))];
        var medians = Timing.InterleavedMedians(Repetitions, candidates, units);
        Report.Figure($"predict.{name}.span.backprop.ns", medians[0] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.vector.backprop.ns", medians[1] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.plain.ns", medians[2] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.ort.ns", medians[3] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.span.backprop.bytes_per_call", spanBytes, "B");
        Report.Figure($"predict.{name}.vector.backprop.bytes_per_call", vectorBytes, "B");
        Report.Figure($"predict.{name}.span_vs_plain", medians[0] / medians[2], "ratio");
        Report.Figure($"predict.{name}.span_vs_ort", medians[0] / medians[3], "ratio");

        // The same in processor time (everything here runs on this thread), which a loaded machine's lost time slices do not inflate.
        var processor = Timing.InterleavedProcessorTimeMedians(Repetitions, candidates, units);
        Report.Figure($"predict.{name}.span.backprop.cpu_ns", processor[0] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.plain.cpu_ns", processor[2] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.ort.cpu_ns", processor[3] * 1e9, "ns", "0.#");
        Report.Figure($"predict.{name}.span_vs_plain.cpu", processor[0] / processor[2], "ratio");
        Report.Figure($"predict.{name}.span_vs_ort.cpu", processor[0] / processor[3], "ratio");
        if (batch)
        {
            RunBatch(name, network, random);
        }
    }

    /// <summary>1,000 samples at once: <c>Predict(Matrix, Matrix)</c> into a reused output against ORT on a [1000, n] tensor.</summary>
    private static void RunBatch<T>(string name, Network<T> network, Random random)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Report.Note($"predict.{name}.b{BatchSize}: equality check, then timing");
        var inputs = Matrix<T>.Build.Dense(network.InputSize, BatchSize, (_, _) => T.CreateChecked(random.NextDouble()));
        var outputs = Matrix<T>.Build.Dense(network.OutputSize, BatchSize);
        using var ort = new OrtPredictor<T>(network, BatchSize);
        // One column per sample, column-major, is ONNX's [batch, inputs] row-major: the same array.
        var rowMajor = inputs.ToColumnMajorArray();
        network.Predict(inputs, outputs);
        var ortOutputs = ort.Predict(rowMajor);
        var expected = outputs.ToColumnMajorArray();
        var tolerance = typeof(T) == typeof(float) ? 1e-5 : 1e-12;
        Report.Check($"predict.{name}.b{BatchSize}", Difference(expected, ortOutputs), tolerance);

        Action<int>[] candidates =
        [
            count =>
            {
                for (var c = 0; c < count; c++)
                {
                    network.Predict(inputs, outputs);
                }
            },
            count =>
            {
                for (var c = 0; c < count; c++)
                {
                    ort.Predict(rowMajor);
                }
            },
        ];
        int[] units = [.. candidates.Select(run => Timing.Calibrate(run, SecondsPerRepetition))];
        var medians = Timing.InterleavedMedians(Repetitions, candidates, units);
        Report.Figure($"predict.{name}.b{BatchSize}.backprop.samples_per_s", BatchSize / medians[0], "samples/s", "0");
        Report.Figure($"predict.{name}.b{BatchSize}.ort.samples_per_s", BatchSize / medians[1], "samples/s", "0");
        Report.Figure($"predict.{name}.b{BatchSize}.backprop_vs_ort_throughput", medians[1] / medians[0], "ratio");
        var processor = Timing.InterleavedProcessorTimeMedians(Repetitions, candidates, units);
        Report.Figure($"predict.{name}.b{BatchSize}.backprop.cpu_samples_per_s", BatchSize / processor[0], "samples/s", "0");
        Report.Figure($"predict.{name}.b{BatchSize}.ort.cpu_samples_per_s", BatchSize / processor[1], "samples/s", "0");
        Report.Figure($"predict.{name}.b{BatchSize}.backprop_vs_ort_throughput.cpu", processor[1] / processor[0], "ratio");
    }

    private static double Difference<T>(T[] first, T[] second)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Report.MaxAbsoluteDifference([.. first.Select(double.CreateChecked)], [.. second.Select(double.CreateChecked)]);

    /// <summary>ONNX Runtime on one thread, on the exported model, with its tensors bound once and reused.</summary>
    private sealed class OrtPredictor<T> : IDisposable
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        private readonly SessionOptions _options;
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions = new();
        private readonly T[] _input;
        private readonly T[] _output;
        private readonly OrtValue _inputValue;
        private readonly OrtValue _outputValue;
        private readonly OrtIoBinding _binding;

        public OrtPredictor(Network<T> network, int batch)
        {
            using var model = new MemoryStream();
            network.SaveOnnx(model);
            _options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            _session = new InferenceSession(model.ToArray(), _options);
            _input = new T[batch * network.InputSize];
            _output = new T[batch * network.OutputSize];
            _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [batch, network.InputSize]);
            _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [batch, network.OutputSize]);
            _binding = _session.CreateIoBinding();
            _binding.BindInput(OnnxExport.InputName, _inputValue);
            _binding.BindOutput(OnnxExport.OutputName, _outputValue);
        }

        /// <summary>Copies the row-major inputs in, runs, and returns the (reused) row-major output array.</summary>
        public T[] Predict(T[] inputs)
        {
            inputs.CopyTo(_input, 0);
            _session.RunWithBinding(_runOptions, _binding);
            return _output;
        }

        public void Dispose()
        {
            _binding.Dispose();
            _inputValue.Dispose();
            _outputValue.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
            _options.Dispose();
        }
    }
}
