using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>The text of <see cref="Network{T}.Summary"/>: one row per layer, then the totals, as Keras's <c>Model.summary()</c>.</summary>
internal static class NetworkSummary
{
    public static string Format<T>(Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var header = new[] { "Layer", "Kind", "Output shape", "Activation", "Dropout", "Parameters" };
        var rows = new List<string[]> { header };
        rows.AddRange(network.Layers.Select((layer, l) => new[]
        {
            l.ToString(CultureInfo.InvariantCulture),
            layer.HasBiases ? "Dense" : "Dense (no biases)",
            $"{layer.Neurons} (from {layer.InputSize})",
            layer.Activation.Name,
            layer.DropoutRate > 0 ? layer.DropoutRate.ToString("R", CultureInfo.InvariantCulture) : "-",
            layer.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
        }));
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        var rule = new string('-', widths.Sum() + (2 * (widths.Length - 1)));
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{network} — {typeof(T).Name} — input {network.InputSize}, output {network.OutputSize}")
            .AppendLine(rule);
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
            if (row == header)
            {
                text.AppendLine(rule);
            }
        }

        return text.AppendLine(rule)
            .AppendLine(CultureInfo.InvariantCulture, $"Total parameters: {network.ParameterCount:N0} (weights {network.Layers.Sum(layer => layer.InputSize * layer.Neurons):N0}, biases {network.Layers.Sum(layer => layer.HasBiases ? layer.Neurons : 0):N0})")
            .ToString();
    }
}
