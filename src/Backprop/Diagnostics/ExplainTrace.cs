using System.Globalization;
using System.Text;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Diagnostics;

/// <summary>
/// Every quantity of one backpropagation step in the texts' notation — per layer z, a, δ (BP1/BP2),
/// ∂C/∂b (BP3), ∂C/∂W (BP4) and the update ΔW = −η·∂C/∂W — as a text table (<see cref="ToText"/>) or
/// JSON (<see cref="ToJson"/>). Layers are numbered from 1 here, as in the texts (<c>a[0] = x</c>).
/// </summary>
public sealed class ExplainTrace
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private ExplainTrace(double learningRate, double cost, double[][] inputs, double[][] targets, IReadOnlyList<LayerTrace> layers)
    {
        LearningRate = learningRate;
        Cost = cost;
        Inputs = inputs;
        Targets = targets;
        Layers = layers;
    }

    /// <summary>The learning rate η used for the updates.</summary>
    public double LearningRate { get; }

    /// <summary>The mean cost of the batch before the step.</summary>
    public double Cost { get; }

    /// <summary>The inputs <c>x = a[0]</c>, one row per input, one column per sample.</summary>
    public IReadOnlyList<double[]> Inputs { get; }

    /// <summary>The targets <c>y</c>, one row per output, one column per sample.</summary>
    public IReadOnlyList<double[]> Targets { get; }

    /// <summary>One entry per layer, the texts' layer 1 first.</summary>
    public IReadOnlyList<LayerTrace> Layers { get; }

    /// <summary>
    /// Runs one forward and backward pass and records every quantity, with the SGD update that
    /// <paramref name="learningRate"/> would make. The network is not changed, nor the position of its dropout
    /// masks' random sequence (a network with dropout shows the masks its next training step would draw).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">The batch's inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The batch's targets, <c>OutputSize × batch</c>.</param>
    /// <param name="learningRate">η for the updates shown; finite and positive.</param>
    /// <returns>The trace.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not finite and positive.</exception>
    /// <exception cref="InvalidOperationException">Another training operation is running on this network.</exception>
    public static ExplainTrace Capture<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, double learningRate)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        InputValidation.RequirePositiveFinite(learningRate, nameof(learningRate));
        var gradients = Backpropagation.GradientsOfBatch(network, inputs, targets, keepDropoutSequence: true); // "not changed": dropout's sequence included
        var layers = new LayerTrace[network.Layers.Count];
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = network.Layers[l];
            var result = gradients.Layers[l];
            var biasGradient = result.BiasGradient?.Select(double.CreateChecked).ToArray();
            layers[l] = new LayerTrace(
                l + 1,
                layer.Activation.Name,
                Rows(result.WeightedInput),
                Rows(result.Activation),
                Rows(result.Delta),
                biasGradient,
                Rows(result.WeightGradient),
                Rows(result.WeightGradient, -learningRate),
                biasGradient?.Select(g => -learningRate * g).ToArray(),
                Rows(layer.GetWeights()),
                layer.GetBiases()?.Select(double.CreateChecked).ToArray());
        }

        return new ExplainTrace(learningRate, double.CreateChecked(gradients.Cost), Rows(inputs), Rows(targets), layers);
    }

    /// <summary>The trace as indented JSON (property names as in this class; matrices as arrays of rows).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The trace as a readable text table, equation by equation.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var lines = new List<(string Label, string Value)>
        {
            ("x = a[0]", Format(Inputs)),
            ("y", Format(Targets)),
        };
        foreach (var layer in Layers)
        {
            var l = layer.Layer;
            lines.Add(($"layer {l} ({layer.ActivationName})", string.Empty));
            var bias = layer.BiasGradient is null ? string.Empty : $" + b[{l}]";
            lines.Add(($"  z[{l}] = W[{l}]·a[{l - 1}]{bias}", Format(layer.WeightedInput)));
            lines.Add(($"  a[{l}] = f(z[{l}])", Format(layer.Activation)));
            lines.Add((l == Layers.Count ? $"  δ[{l}] = ∇ₐC ⊙ f′(z[{l}])  (BP1)" : $"  δ[{l}] = (W[{l + 1}]ᵀ δ[{l + 1}]) ⊙ f′(z[{l}])  (BP2)", Format(layer.Delta)));
            if (layer.BiasGradient is { } biasGradient)
            {
                lines.Add(($"  ∂C/∂b[{l}] = δ[{l}]  (BP3)", Format(biasGradient)));
            }

            lines.Add(($"  ∂C/∂W[{l}] = δ[{l}] a[{l - 1}]ᵀ  (BP4)", Format(layer.WeightGradient)));
            lines.Add(($"  ΔW[{l}] = −η·∂C/∂W[{l}]", Format(layer.WeightUpdate)));
            if (layer.BiasUpdate is { } biasUpdate)
            {
                lines.Add(($"  Δb[{l}] = −η·∂C/∂b[{l}]", Format(biasUpdate)));
            }
        }

        lines.Add(("C", Cost.ToString("R", CultureInfo.InvariantCulture)));
        lines.Add(("η", LearningRate.ToString("R", CultureInfo.InvariantCulture)));
        var width = lines.Max(line => line.Label.Length);
        var text = new StringBuilder();
        foreach (var (label, value) in lines)
        {
            text.AppendLine(value.Length == 0 ? label : $"{label.PadRight(width)} = {value}");
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToText();

    private static double[][] Rows<T>(Matrix<T> matrix, double scale = 1)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var rows = new double[matrix.RowCount][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[matrix.ColumnCount];
            for (var j = 0; j < matrix.ColumnCount; j++)
            {
                rows[i][j] = scale * double.CreateChecked(matrix[i, j]);
            }
        }

        return rows;
    }

    private static string Format(IReadOnlyList<double[]> rows)
        => rows.Count > 0 && rows[0].Length == 1
            ? Format(rows.Select(row => row[0]).ToArray())
            : "[" + string.Join(", ", rows.Select(Format)) + "]";

    private static string Format(double[] values)
        => "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
