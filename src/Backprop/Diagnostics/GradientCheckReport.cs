using System.Globalization;
using System.Text;

namespace Backprop.Diagnostics;

/// <summary>
/// The outcome of a <see cref="GradientCheck"/>: the largest relative error per layer and the worst parameter.
/// Layers are numbered as in <see cref="Network{T}.Layers"/> (from 0), not as in the texts.
/// </summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(double step, IReadOnlyList<LayerGradientCheck> layers, ParameterDiscrepancy worst)
    {
        Step = step;
        Layers = layers;
        Worst = worst;
    }

    /// <summary>The finite-difference step h that was used.</summary>
    public double Step { get; }

    /// <summary>One entry per layer, input side first.</summary>
    public IReadOnlyList<LayerGradientCheck> Layers { get; }

    /// <summary>The parameter whose gradient disagrees most.</summary>
    public ParameterDiscrepancy Worst { get; }

    /// <summary>The largest relative error over all parameters.</summary>
    public double MaxRelativeError => Worst.RelativeError;

    /// <summary>True when every relative error is at most <paramref name="tolerance"/>.</summary>
    /// <param name="tolerance">The largest acceptable relative error (default 1e-6, right for float64).</param>
    /// <returns>Whether the backward pass agrees with finite differences.</returns>
    public bool Passed(double tolerance = 1e-6) => MaxRelativeError <= tolerance;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Gradient check (central differences, h = {Step:G3}): max relative error {MaxRelativeError:E2}");
        foreach (var layer in Layers)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Layers[{layer.Layer}]: dC/dW {layer.WeightRelativeError:E2}");
            text.AppendLine(layer.BiasRelativeError is { } bias ? string.Create(CultureInfo.InvariantCulture, $", dC/db {bias:E2}") : string.Empty);
        }

        text.Append(CultureInfo.InvariantCulture, $"  worst: {Worst}");
        return text.ToString();
    }
}
