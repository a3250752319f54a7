using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// One per-sample SGD step (forward, backward, update) of the two worked-example networks, float64:
/// the library's <see cref="Trainer{T}.Step"/> against a hand-written <c>double[]</c> loop (the baseline)
/// and plain MathNet code. Goal: the library within 1.2× of the loop, 0 bytes allocated.
/// </summary>
/// <remarks>
/// Every iteration steps the same sample again, so the weights drift towards fitting it; they stay finite
/// (the cleanup checks), and the work per step does not depend on their values.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TinyNetworkStepBenchmarks
{
    private const string TwoTwoOne = "2-2-1";
    private const string TwoThreeTwoOne = "2-3-2-1";

    private readonly Case _twoTwoOne = new(WorkedExample.TwoTwoOne);
    private readonly Case _twoThreeTwoOne = new(WorkedExample.TwoThreeTwoOne);

    [GlobalSetup]
    public void Setup()
    {
        // The three implementations must take the same step: check one step of fresh copies first.
        // Example 1's weights after one step: docs/worked-examples.md, Table 1.4.
        new Case(WorkedExample.TwoTwoOne).CheckOneStep(
            expectedFirstLayer: [0.09907092883919034, 0.7976109598722038, 0.39713992422755456, 0.592645519442283],
            expectedLastLayer: [0.27232596506128215, 0.8729983630089926]);

        // Example 2's dC/dW[1] and dC/dW[3] (Table 2.3); one step with η = 0.5 subtracts half of them.
        new Case(WorkedExample.TwoThreeTwoOne).CheckOneStep(
            expectedFirstLayer:
            [
                0.1 + (0.5 * 0.0006278042006911604), 0.2 + (0.5 * 0.0003139021003455802),
                0.3 + (0.5 * 0.0007952632814490914), 0.4 + (0.5 * 0.0003976316407245457),
                0.5 + (0.5 * 0.0009009003478084829), 0.6 + (0.5 * 0.00045045017390424146),
            ],
            expectedLastLayer: [0.4 + (0.5 * 0.0470657020415736), 0.5 + (0.5 * 0.0356225537633454)]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _twoTwoOne.RequireFiniteWeights();
        _twoThreeTwoOne.RequireFiniteWeights();
    }

    [Benchmark(Baseline = true), BenchmarkCategory(TwoTwoOne)]
    public double TwoTwoOne_PlainLoop() => _twoTwoOne.PlainStep();

    [Benchmark, BenchmarkCategory(TwoTwoOne)]
    public double TwoTwoOne_Backprop() => _twoTwoOne.BackpropStep();

    [Benchmark, BenchmarkCategory(TwoTwoOne)]
    public double TwoTwoOne_MathNet() => _twoTwoOne.MathNetStep();

    [Benchmark(Baseline = true), BenchmarkCategory(TwoThreeTwoOne)]
    public double TwoThreeTwoOne_PlainLoop() => _twoThreeTwoOne.PlainStep();

    [Benchmark, BenchmarkCategory(TwoThreeTwoOne)]
    public double TwoThreeTwoOne_Backprop() => _twoThreeTwoOne.BackpropStep();

    [Benchmark, BenchmarkCategory(TwoThreeTwoOne)]
    public double TwoThreeTwoOne_MathNet() => _twoThreeTwoOne.MathNetStep();

    /// <summary>One worked example in its three implementations, with the sample in each one's form.</summary>
    private sealed class Case
    {
        private readonly WorkedExample _example;
        private readonly Network<double> _network;
        private readonly Trainer<double> _trainer;
        private readonly Matrix<double> _inputColumn;
        private readonly Matrix<double> _targetColumn;
        private readonly PlainSigmoidNetwork _plain;
        private readonly MathNetSigmoidNetwork _mathNet;
        private readonly Vector<double> _inputVector;
        private readonly Vector<double> _targetVector;

        public Case(WorkedExample example)
        {
            _example = example;
            _network = example.BuildNetwork();
            _network.MaxDegreeOfParallelism = 1;
            _trainer = new Trainer<double>(new SgdOptimizer<double>(example.LearningRate)) { MiniBatchSize = 1 };
            _inputColumn = example.InputColumn();
            _targetColumn = example.TargetColumn();
            _plain = new PlainSigmoidNetwork(example);
            _mathNet = new MathNetSigmoidNetwork(example);
            _inputVector = Vector<double>.Build.DenseOfArray(example.Input);
            _targetVector = Vector<double>.Build.DenseOfArray(example.Target);
        }

        public double PlainStep() => _plain.Step(_example.Input, _example.Target, _example.LearningRate);

        public double BackpropStep() => _trainer.Step(_network, _inputColumn, _targetColumn);

        public double MathNetStep() => _mathNet.Step(_inputVector, _targetVector, _example.LearningRate);

        public void CheckOneStep(double[] expectedFirstLayer, double[] expectedLastLayer)
        {
            var costs = new[] { PlainStep(), BackpropStep(), MathNetStep() };
            if (costs.Any(cost => Math.Abs(cost - costs[0]) > 1e-15))
            {
                throw new InvalidOperationException($"{_example.Name}: the three steps report different costs: {string.Join(", ", costs)}.");
            }

            var last = _example.Weights.Length - 1;
            Require("plain loop", _plain.Weights(0), _plain.Weights(last));
            Require("Backprop", RowMajor(_network.Layers[0].GetWeights()), RowMajor(_network.Layers[last].GetWeights()));
            Require("MathNet", RowMajor(_mathNet.Weights(0)), RowMajor(_mathNet.Weights(last)));

            void Require(string implementation, double[] firstLayer, double[] lastLayer)
            {
                if (!Close(firstLayer, expectedFirstLayer) || !Close(lastLayer, expectedLastLayer))
                {
                    throw new InvalidOperationException(
                        $"{_example.Name}: the {implementation} step does not reproduce the worked example: " +
                        $"W[1] = [{string.Join(", ", firstLayer)}], W[L] = [{string.Join(", ", lastLayer)}].");
                }
            }
        }

        public void RequireFiniteWeights()
        {
            var last = _example.Weights.Length - 1;
            var all = _plain.Weights(0).Concat(_plain.Weights(last))
                .Concat(RowMajor(_network.Layers[0].GetWeights())).Concat(RowMajor(_network.Layers[last].GetWeights()))
                .Concat(RowMajor(_mathNet.Weights(0))).Concat(RowMajor(_mathNet.Weights(last)));
            if (!all.All(double.IsFinite))
            {
                throw new InvalidOperationException($"{_example.Name}: a weight drifted to a non-finite value.");
            }
        }

        private static double[] RowMajor(Matrix<double> matrix) => matrix.ToRowMajorArray();

        private static bool Close(double[] actual, double[] expected)
            => actual.Length == expected.Length && actual.Zip(expected).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-12);
    }
}
