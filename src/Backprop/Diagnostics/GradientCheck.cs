using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Diagnostics;

/// <summary>
/// Compares every <c>∂C/∂W</c> and <c>∂C/∂b</c> that backpropagation computes with central finite differences
/// <c>(C(θ + h) − C(θ − h)) / 2h</c>, one parameter at a time: the classic check that a backward pass is right.
/// </summary>
/// <remarks>
/// <para>
/// The cost is the network's training cost of the batch (mean over samples, dropout masks fixed by
/// <c>dropoutSeed</c>). The comparison is made in float64: for a <c>Network&lt;double&gt;</c> the default step
/// <c>h = 1e-5</c> balances truncation (about <c>h² ≈ 1e-10</c>) against rounding (about <c>ε·C/h ≈ 2e-11·C</c>),
/// and a correct backward pass shows relative errors near 1e-9 or below; a <c>Network&lt;float&gt;</c> is checked
/// in its own precision with <c>h = 1e-3</c>, where 1e-3 is typical.
/// </para>
/// <para>
/// Relative error is <c>|analytic − numeric| / max(|analytic|, |numeric|, 1e-4·max(1, C))</c>: gradients smaller
/// than that floor are compared absolutely, since the rounding noise of the difference grows with the cost C,
/// so finite-difference noise on near-zero gradients is not mistaken for a bug. Every parameter is restored to
/// its exact value afterwards.
/// </para>
/// </remarks>
public static class GradientCheck
{
    /// <summary>The magnitude (times max(1, C)) below which gradients are compared absolutely.</summary>
    public const double AbsoluteFloor = 1e-4;

    /// <summary>Runs the check on one batch.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network; not changed.</param>
    /// <param name="inputs">The batch's inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The batch's targets, <c>OutputSize × batch</c>.</param>
    /// <param name="step">The step h (default: 1e-5 for double, 1e-3 for float).</param>
    /// <param name="dropoutSeed">The seed that fixes the dropout masks of every evaluation (ignored without dropout).</param>
    /// <returns>The per-layer maximum relative errors and the worst parameter.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not finite and positive.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public static GradientCheckReport Run<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, double? step = null, int dropoutSeed = 0)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => Run(network, inputs, targets, step, engine => engine.ResetDropout(dropoutSeed), everyParameter: null);

    /// <summary>
    /// The check with the dropout masks of every evaluation fixed by <paramref name="resetDropout"/>, adding each
    /// parameter's comparison to <paramref name="everyParameter"/> when it is given (the explainer's column).
    /// </summary>
    internal static GradientCheckReport Run<T>(
        Network<T> network, Matrix<T> inputs, Matrix<T> targets, double? step, Action<TrainingEngine<T>> resetDropout, List<ParameterDiscrepancy>? everyParameter)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var h = step ?? (typeof(T) == typeof(float) ? 1e-3 : 1e-5);
        var stepInT = InputValidation.RequirePositiveFinite<T>(h, nameof(step));
        using var training = network.Guard.EnterTraining();
        var engine = network.Training;
        var workspace = engine.LoadBatch(inputs, targets);
        var dropoutState = engine.DropoutState; // put back at the end: the check leaves the network as it found it
        try
        {
            resetDropout(engine);
            engine.Forward(workspace);
            var cost = double.CreateChecked(engine.Backward(workspace));
            var floor = AbsoluteFloor * Math.Max(1, Math.Abs(cost));
            var layers = new List<LayerGradientCheck>(network.Layers.Count);
            ParameterDiscrepancy? worst = null;
            for (var l = 0; l < network.Layers.Count; l++)
            {
                var layer = network.Layers[l];
                var analyticWeights = workspace.WeightGradients[l].ToArray();
                var analyticBiases = workspace.BiasGradients[l].ToArray();
                var weights = Compare(engine, in training, workspace, layer, l, ParameterKind.Weight, layer.WeightValues, analyticWeights, stepInT, resetDropout, floor, everyParameter);
                var biases = layer.BiasValues is { } values
                    ? Compare(engine, in training, workspace, layer, l, ParameterKind.Bias, values, analyticBiases, stepInT, resetDropout, floor, everyParameter)
                    : null;
                layers.Add(new LayerGradientCheck(l, weights.RelativeError, biases?.RelativeError));
                foreach (var candidate in new[] { weights, biases })
                {
                    if (candidate is not null && (worst is null || candidate.RelativeError > worst.RelativeError))
                    {
                        worst = candidate;
                    }
                }
            }

            return new GradientCheckReport(h, layers, worst!);
        }
        finally
        {
            engine.DropoutState = dropoutState;
        }
    }

    private static ParameterDiscrepancy Compare<T>(
        TrainingEngine<T> engine, in TrainingScope training, TrainingWorkspace<T> workspace, DenseLayer<T> layer, int layerIndex, ParameterKind kind,
        T[] parameters, T[] analytic, T step, Action<TrainingEngine<T>> resetDropout, double floor, List<ParameterDiscrepancy>? everyParameter)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ParameterDiscrepancy? worst = null;
        var twoStep = 2 * double.CreateChecked(step);
        for (var i = 0; i < parameters.Length; i++)
        {
            var original = parameters[i];
            using var update = training.BeginWeightUpdate();
            try
            {
                parameters[i] = original + step;
                resetDropout(engine);
                var plus = double.CreateChecked(engine.ForwardCost(workspace));
                parameters[i] = original - step;
                resetDropout(engine);
                var minus = double.CreateChecked(engine.ForwardCost(workspace));
                var numeric = (plus - minus) / twoStep;
                var exact = double.CreateChecked(analytic[i]);
                var error = Math.Abs(exact - numeric) / Math.Max(Math.Max(Math.Abs(exact), Math.Abs(numeric)), floor);
                var row = kind == ParameterKind.Weight ? i % layer.Neurons : i;
                var column = kind == ParameterKind.Weight ? i / layer.Neurons : 0;
                var comparison = new ParameterDiscrepancy(layerIndex, kind, row, column, exact, numeric, error);
                everyParameter?.Add(comparison);
                if (worst is null || error > worst.RelativeError || double.IsNaN(error))
                {
                    worst = comparison;
                }
            }
            finally
            {
                parameters[i] = original;
            }
        }

        return worst!;
    }
}
