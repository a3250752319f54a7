using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Browser.Tests;

/// <summary>
/// What every number of an explainer page must be, from the library's public calls and not from the page's data:
/// <see cref="ExplainTrace.Capture{T}"/> for z, a, δ and the gradients, <see cref="DenseLayer{T}.GetWeights"/> before and
/// after a <see cref="Trainer{T}.Step"/> on an independent copy, <see cref="Network{T}.Cost"/> for each sample's cost and
/// for central finite differences, <see cref="GradientCheck.Run{T}"/> for the largest relative errors, and f′ and
/// (Wˡ⁺¹)ᵀδˡ⁺¹ by hand. Keys are the page's: "step|quantity|layer|row|column".
/// </summary>
internal sealed class LibraryValues
{
    public const double FiniteDifferenceStep = 1e-5;

    private readonly Dictionary<string, double> _values = [];
    private readonly HashSet<string> _finiteDifferences = [];

    public IReadOnlyDictionary<string, double> Values => _values;

    /// <summary>True for keys whose value is a finite difference (computed here by another path, so compared to 1e-9).</summary>
    public bool IsFiniteDifference(string key) => _finiteDifferences.Contains(key);

    public static LibraryValues Replay(Network<double> network, Matrix<double> x, Matrix<double> y, double learningRate, int steps)
    {
        var values = new LibraryValues();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(learningRate)) { MiniBatchSize = x.ColumnCount };
        var layers = network.Layers.Count;
        for (var k = 0; k < steps; k++)
        {
            var trace = ExplainTrace.Capture(network, x, y, learningRate);
            var check = GradientCheck.Run(network, x, y);
            void Put(string quantity, int layer, int row, int column, double value) => values._values[$"{k}|{quantity}|{layer}|{row}|{column}"] = value;
            Put("eta", 0, 0, 0, learningRate);
            Put("h", 0, 0, 0, FiniteDifferenceStep);
            Put("C", 0, 0, 0, trace.Cost);
            for (var s = 0; s < x.ColumnCount; s++)
            {
                Put("cs", 0, 0, s, network.Cost(x.SubMatrix(0, x.RowCount, s, 1), y.SubMatrix(0, y.RowCount, s, 1)));
                for (var i = 0; i < x.RowCount; i++)
                {
                    Put("x", 0, i, s, x[i, s]);
                }

                for (var i = 0; i < y.RowCount; i++)
                {
                    Put("y", layers, i, s, y[i, s]);
                }
            }

            for (var l = 1; l <= layers; l++)
            {
                var layer = network.Layers[l - 1];
                var part = trace.Layers[l - 1];
                var weights = layer.GetWeights();
                var biases = layer.GetBiases();
                Put("rew", l, 0, 0, check.Layers[l - 1].WeightRelativeError);
                if (check.Layers[l - 1].BiasRelativeError is { } biasError)
                {
                    Put("reb", l, 0, 0, biasError);
                }

                for (var i = 0; i < layer.Neurons; i++)
                {
                    for (var s = 0; s < x.ColumnCount; s++)
                    {
                        Put("z", l, i, s, part.WeightedInput[i][s]);
                        Put("a", l, i, s, part.Activation[i][s]);
                        Put("delta", l, i, s, part.Delta[i][s]);
                        if (layer.Activation is ElementwiseActivation<double> elementwise)
                        {
                            Put("fp", l, i, s, elementwise.Derivative(part.WeightedInput[i][s]));
                        }

                        if (l < layers)
                        {
                            var next = trace.Layers[l];
                            var nextWeights = network.Layers[l].GetWeights();
                            var sum = 0.0;
                            for (var n = 0; n < nextWeights.RowCount; n++)
                            {
                                sum += nextWeights[n, i] * next.Delta[n][s];
                            }

                            Put("back", l, i, s, sum);
                        }
                    }

                    for (var j = 0; j < layer.InputSize; j++)
                    {
                        Put("w", l, i, j, weights[i, j]);
                        Put("gw", l, i, j, part.WeightGradient[i][j]);
                        Put("dw", l, i, j, part.WeightUpdate[i][j]);
                        values.PutFiniteDifference($"{k}|fdw|{l}|{i}|{j}", CentralDifference(network, x, y, l - 1, i, j, bias: false));
                    }

                    if (biases is not null)
                    {
                        Put("b", l, i, 0, biases[i]);
                        Put("gb", l, i, 0, part.BiasGradient![i]);
                        Put("db", l, i, 0, part.BiasUpdate![i]);
                        values.PutFiniteDifference($"{k}|fdb|{l}|{i}|0", CentralDifference(network, x, y, l - 1, i, 0, bias: true));
                    }
                }
            }

            trainer.Step(network, x, y);
            for (var l = 1; l <= layers; l++)
            {
                var layer = network.Layers[l - 1];
                var weights = layer.GetWeights();
                for (var i = 0; i < layer.Neurons; i++)
                {
                    for (var j = 0; j < layer.InputSize; j++)
                    {
                        Put("nw", l, i, j, weights[i, j]);
                    }

                    if (layer.GetBiases() is { } biases)
                    {
                        Put("nb", l, i, 0, biases[i]);
                    }
                }
            }
        }

        return values;
    }

    private void PutFiniteDifference(string key, double value)
    {
        _values[key] = value;
        _finiteDifferences.Add(key);
    }

    // (C(θ + h) − C(θ − h)) / 2h on copies of the network with one parameter moved.
    private static double CentralDifference(Network<double> network, Matrix<double> x, Matrix<double> y, int layer, int row, int column, bool bias)
    {
        double CostWith(double shift)
        {
            var copy = network.Clone();
            var target = copy.Layers[layer];
            if (bias)
            {
                var biases = target.GetBiases()!;
                biases[row] += shift;
                target.SetBiases(biases);
            }
            else
            {
                var weights = target.GetWeights();
                weights[row, column] += shift;
                target.SetWeights(weights);
            }

            return copy.Cost(x, y);
        }

        return (CostWith(FiniteDifferenceStep) - CostWith(-FiniteDifferenceStep)) / (2 * FiniteDifferenceStep);
    }
}
