using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>
/// Per-sample SGD (batch 1, sigmoid, cost ½(a − y)², float64) on the two worked examples: the 2-2-1 network
/// without biases and the 2-3-2-1 network with biases, in Backprop (<c>Trainer.Step</c>), a hand-written
/// loop on <c>double[]</c>, and TorchSharp (autograd and <c>torch.optim.SGD</c>, one thread).
/// </summary>
internal static class TinyComparison
{
    private const int CheckSteps = 100;
    private const int Repetitions = 9;
    private const double SecondsPerRepetition = 0.2;

    // docs/worked-examples.md, Table 1.6 (Example 1 after 100 steps): W[1] row-major, then W[2].
    private static readonly double[] Example1After100Steps =
    [
        0.09949728657532442, 0.7987073083365487, 0.3565002802682637, 0.48814357783267737,
        -0.3004722542926405, 0.32533602822417995,
    ];

    public static void Run()
    {
        torch.set_num_threads(1);
        Run(
            "221",
            input: [0.35, 0.9],
            target: [0.5],
            learningRate: 1.0,
            sizes: [2, 2, 1],
            weights: [[0.1, 0.8, 0.4, 0.6], [0.3, 0.9]],
            biases: [null, null]);
        Run(
            "2321",
            input: [1.0, 0.5],
            target: [1.0],
            learningRate: 1.0,
            sizes: [2, 3, 2, 1],
            weights: [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.7, 0.8, 0.9, 0.1, 0.2, 0.3], [0.4, 0.5]],
            biases: [[0.1, 0.1, 0.1], [0.2, 0.2], [0.3]]);
    }

    private static void Run(string name, double[] input, double[] target, double learningRate, int[] sizes, double[][] weights, double[]?[] biases)
    {
        Report.Note($"tiny.{name}: equality check ({CheckSteps} steps), then timing");

        // The equality check: the same start, 100 steps each.
        var backprop = new BackpropTiny(input, target, learningRate, sizes, weights, biases);
        var plain = new PlainSigmoidNetwork(sizes, weights, biases);
        using var torchTiny = new TorchTiny(input, target, learningRate, backprop.Network);
        for (var s = 0; s < CheckSteps; s++)
        {
            backprop.Step();
            plain.Step(input, target, learningRate);
            torchTiny.Step();
        }

        var reference = TorchMlp.ParametersOf(backprop.Network);
        var difference = Math.Max(
            Report.MaxAbsoluteDifference(reference, plain.Parameters()),
            Report.MaxAbsoluteDifference(reference, torchTiny.Mlp.Parameters()));
        Report.Check($"tiny.{name}", difference, 1e-9);
        if (name == "221")
        {
            Report.Check("tiny.221.worked_example", Report.MaxAbsoluteDifference(reference, Example1After100Steps), 1e-12);
        }

        // Timing: fresh copies from the same start; the weights keep converging on the one sample.
        var timedBackprop = new BackpropTiny(input, target, learningRate, sizes, weights, biases);
        var timedPlain = new PlainSigmoidNetwork(sizes, weights, biases);
        using var timedTorch = new TorchTiny(input, target, learningRate, timedBackprop.Network);
        Action<int>[] candidates =
        [
            steps => timedBackprop.Steps(steps),
            steps =>
            {
                for (var s = 0; s < steps; s++)
                {
                    timedPlain.Step(input, target, learningRate);
                }
            },
            timedTorch.Steps,
        ];
        int[] units = [.. candidates.Select(run => Timing.Calibrate(run, SecondsPerRepetition))];
        var medians = Timing.InterleavedMedians(Repetitions, candidates, units);
        Report.Figure($"tiny.{name}.backprop.ns_per_step", medians[0] * 1e9, "ns", "0.#");
        Report.Figure($"tiny.{name}.plain.ns_per_step", medians[1] * 1e9, "ns", "0.#");
        Report.Figure($"tiny.{name}.torch.ns_per_step", medians[2] * 1e9, "ns", "0.#");
    }

    /// <summary>Backprop as its users write it: a network of dense layers and <c>Trainer.Step</c> on one-column matrices.</summary>
    private sealed class BackpropTiny
    {
        private readonly Matrix<double> _input;
        private readonly Matrix<double> _target;
        private readonly Trainer<double> _trainer;

        public BackpropTiny(double[] input, double[] target, double learningRate, int[] sizes, double[][] weights, double[]?[] biases)
        {
            var layers = new DenseLayer<double>[weights.Length];
            for (var l = 0; l < layers.Length; l++)
            {
                var w = Matrix<double>.Build.Dense(sizes[l + 1], sizes[l], (i, j) => weights[l][(i * sizes[l]) + j]);
                var b = biases[l] is { } values ? Vector<double>.Build.DenseOfArray(values) : null;
                layers[l] = new DenseLayer<double>(w, b, Activation<double>.Sigmoid);
            }

            Network = new Network<double>(layers) { MaxDegreeOfParallelism = 1 };
            _input = Matrix<double>.Build.DenseOfColumnArrays(input);
            _target = Matrix<double>.Build.DenseOfColumnArrays(target);
            _trainer = new Trainer<double>(new SgdOptimizer<double>(learningRate)) { MiniBatchSize = 1 };
        }

        public Network<double> Network { get; }

        public void Step() => _trainer.Step(Network, _input, _target);

        public void Steps(int count)
        {
            for (var s = 0; s < count; s++)
            {
                _trainer.Step(Network, _input, _target);
            }
        }
    }

    /// <summary>TorchSharp as its users write it: zero_grad, forward, loss, backward, step, in a dispose scope.</summary>
    private sealed class TorchTiny : IDisposable
    {
        private readonly Tensor _input;
        private readonly Tensor _target;
        private readonly optim.Optimizer _optimizer;

        public TorchTiny(double[] input, double[] target, double learningRate, Network<double> start)
        {
            Mlp = TorchMlp.FromNetwork(start, ScalarType.Float64);
            _input = tensor(input, [1, input.Length], ScalarType.Float64);
            _target = tensor(target, [1, target.Length], ScalarType.Float64);
            _optimizer = optim.SGD(Mlp.Model.parameters(), learningRate);
        }

        public TorchMlp Mlp { get; }

        public void Step()
        {
            using var scope = NewDisposeScope();
            _optimizer.zero_grad();
            var output = Mlp.Model.forward(_input);
            using var loss = Losses.HalfSquaredError(output, _target);
            loss.backward();
            _optimizer.step();
        }

        public void Steps(int count)
        {
            for (var s = 0; s < count; s++)
            {
                Step();
            }
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _input.Dispose();
            _target.Dispose();
            Mlp.Dispose();
        }
    }
}
