using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Diagnostics;

/// <summary>
/// One training step of an <see cref="Explainer"/>'s replay: the <see cref="ExplainTrace"/> and what the page shows
/// beside it — each sample's cost, f′(z) and <c>(Wˡ⁺¹)ᵀδˡ⁺¹</c> (the two factors of BP2), the central finite
/// differences of the gradient check, and the parameters after the trainer's update. Arrays are per layer (index 0
/// is the texts' layer 1), then rows (neurons), then columns (samples or inputs).
/// </summary>
internal sealed class ExplainStep
{
    private ExplainStep(ExplainTrace trace, double[] sampleCosts)
    {
        Trace = trace;
        SampleCosts = sampleCosts;
        NewWeights = new double[trace.Layers.Count][][];
        NewBiases = new double[]?[trace.Layers.Count];
    }

    public ExplainTrace Trace { get; }

    /// <summary>Each sample's own cost; <see cref="ExplainTrace.Cost"/> is their mean.</summary>
    public double[] SampleCosts { get; }

    /// <summary>f′(z) per layer, <c>neurons × samples</c>; null for a layer whose activation is not element-wise (softmax).</summary>
    public double[][]?[] Derivatives { get; private set; } = [];

    /// <summary><c>(Wˡ⁺¹)ᵀδˡ⁺¹</c> per layer, <c>neurons × samples</c>; null for the output layer.</summary>
    public double[][]?[] BackSums { get; private set; } = [];

    /// <summary>The finite-difference step h of the gradient check; 0 when the check was not run.</summary>
    public double GradientCheckStep { get; private set; }

    /// <summary>The gradient check's largest relative error per layer, for W and for b (null without biases); null when not run.</summary>
    public (double Weights, double? Biases)[]? GradientCheckErrors { get; private set; }

    /// <summary>The central finite difference of each ∂C/∂W, <c>neurons × inputs</c> per layer; null when not run.</summary>
    public double[][][]? NumericWeightGradients { get; private set; }

    /// <summary>The central finite difference of each ∂C/∂b per layer (null entries without biases); null when not run.</summary>
    public double[]?[]? NumericBiasGradients { get; private set; }

    /// <summary>W after the trainer's update of this step.</summary>
    public double[][][] NewWeights { get; }

    /// <summary>b after the trainer's update of this step (null entries without biases).</summary>
    public double[]?[] NewBiases { get; }

    /// <summary>
    /// Captures the step of <paramref name="network"/> (a copy the explainer trains) on the batch; with
    /// <paramref name="detailed"/> also f′(z), the BP2 sums and the gradient check, with the same dropout masks.
    /// </summary>
    public static ExplainStep Record<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, double learningRate, bool detailed)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var dropoutState = network.Training.DropoutState;
        var trace = ExplainTrace.Capture(network, inputs, targets, learningRate);
        var step = new ExplainStep(trace, CostPerSample(network.Loss, trace, targets));
        if (detailed)
        {
            step.Derivatives = network.Layers.Select((layer, l) => DerivativeValues(layer.Activation, trace.Layers[l].WeightedInput)).ToArray();
            step.BackSums = trace.Layers.Select((_, l) => l + 1 < trace.Layers.Count ? BackSum(trace.Layers[l + 1]) : null).ToArray();
            var comparisons = new List<ParameterDiscrepancy>();
            var report = GradientCheck.Run(network, inputs, targets, step: null, engine => engine.DropoutState = dropoutState, comparisons);
            step.GradientCheckStep = report.Step;
            step.GradientCheckErrors = report.Layers.Select(layer => (layer.WeightRelativeError, layer.BiasRelativeError)).ToArray();
            step.NumericWeightGradients = trace.Layers.Select(layer => layer.Weights.Select(row => new double[row.Length]).ToArray()).ToArray();
            step.NumericBiasGradients = trace.Layers.Select(layer => layer.Biases is null ? null : new double[layer.Biases.Length]).ToArray();
            foreach (var comparison in comparisons)
            {
                if (comparison.Kind == ParameterKind.Weight)
                {
                    step.NumericWeightGradients[comparison.Layer][comparison.Row][comparison.Column] = comparison.Numeric;
                }
                else
                {
                    step.NumericBiasGradients[comparison.Layer]![comparison.Row] = comparison.Numeric;
                }
            }
        }

        return step;
    }

    /// <summary>Keeps the parameters of <paramref name="network"/> after this step's update.</summary>
    public void RecordUpdatedParameters<T>(Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        for (var l = 0; l < NewWeights.Length; l++)
        {
            var layer = network.Layers[l];
            NewWeights[l] = layer.GetWeights().ToRowArrays().Select(row => row.Select(double.CreateChecked).ToArray()).ToArray();
            NewBiases[l] = layer.GetBiases()?.Select(double.CreateChecked).ToArray();
        }
    }

    // Each sample's cost from the loss itself, on that sample's column of zᴸ, aᴸ and y.
    private static double[] CostPerSample<T>(Loss<T> loss, ExplainTrace trace, Matrix<T> targets)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var output = trace.Layers[^1];
        var costs = new double[targets.ColumnCount];
        for (var s = 0; s < costs.Length; s++)
        {
            var z = output.WeightedInput.Select(row => T.CreateChecked(row[s])).ToArray();
            var a = output.Activation.Select(row => T.CreateChecked(row[s])).ToArray();
            var y = targets.Column(s).ToArray();
            costs[s] = double.CreateChecked(loss.Cost(z, a, y, z.Length));
        }

        return costs;
    }

    private static double[][]? DerivativeValues<T>(Activation<T> activation, double[][] weightedInput)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => activation is ElementwiseActivation<T> elementwise
            ? weightedInput.Select(row => row.Select(z => double.CreateChecked(elementwise.Derivative(T.CreateChecked(z)))).ToArray()).ToArray()
            : null;

    // The first factor of BP2, (Wˡ⁺¹)ᵀ δˡ⁺¹, from the next layer's weights and errors.
    private static double[][] BackSum(LayerTrace next)
    {
        var weights = Matrix<double>.Build.DenseOfRowArrays(next.Weights);
        var delta = Matrix<double>.Build.DenseOfRowArrays(next.Delta);
        return weights.TransposeThisAndMultiply(delta).ToRowArrays();
    }
}
