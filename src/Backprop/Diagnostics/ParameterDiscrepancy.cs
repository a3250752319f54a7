using System.Globalization;

namespace Backprop.Diagnostics;

/// <summary>One parameter's backprop and finite-difference gradients.</summary>
/// <param name="Layer">The 0-based layer index.</param>
/// <param name="Kind">A weight or a bias.</param>
/// <param name="Row">The neuron (row of W, or index of b).</param>
/// <param name="Column">The input (column of W; 0 for a bias).</param>
/// <param name="Analytic">The gradient from backpropagation.</param>
/// <param name="Numeric">The central finite difference.</param>
/// <param name="RelativeError">Their relative error (see <see cref="GradientCheck"/>).</param>
public sealed record ParameterDiscrepancy(int Layer, ParameterKind Kind, int Row, int Column, double Analytic, double Numeric, double RelativeError)
{
    /// <inheritdoc />
    public override string ToString()
        => Kind == ParameterKind.Weight
            ? string.Create(CultureInfo.InvariantCulture, $"Layers[{Layer}] W[{Row},{Column}]: backprop {Analytic:R}, finite difference {Numeric:R}, relative error {RelativeError:E2}")
            : string.Create(CultureInfo.InvariantCulture, $"Layers[{Layer}] b[{Row}]: backprop {Analytic:R}, finite difference {Numeric:R}, relative error {RelativeError:E2}");
}
