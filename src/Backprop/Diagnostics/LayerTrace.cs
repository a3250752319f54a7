namespace Backprop.Diagnostics;

/// <summary>
/// One layer of an <see cref="ExplainTrace"/>, numbered from 1 as in the texts. Matrices are arrays of rows
/// (neurons); their columns are the samples (or, for weights, the inputs).
/// </summary>
/// <param name="Layer">The texts' layer number (1 = first layer after the input).</param>
/// <param name="ActivationName">The activation's name.</param>
/// <param name="WeightedInput">z = W·a_prev + b.</param>
/// <param name="Activation">a = f(z).</param>
/// <param name="Delta">δ = ∂C/∂z per sample (BP1 for the output layer, BP2 below).</param>
/// <param name="BiasGradient">∂C/∂b = δ averaged over the batch (BP3); null without biases.</param>
/// <param name="WeightGradient">∂C/∂W = δ·a_prevᵀ averaged over the batch (BP4).</param>
/// <param name="WeightUpdate">ΔW = −η·∂C/∂W.</param>
/// <param name="BiasUpdate">Δb = −η·∂C/∂b; null without biases.</param>
/// <param name="Weights">W, <c>neurons × inputs</c>, as they were for this step.</param>
/// <param name="Biases">b, one per neuron, as they were for this step; null without biases.</param>
public sealed record LayerTrace(
    int Layer,
    string ActivationName,
    double[][] WeightedInput,
    double[][] Activation,
    double[][] Delta,
    double[]? BiasGradient,
    double[][] WeightGradient,
    double[][] WeightUpdate,
    double[]? BiasUpdate,
    double[][] Weights,
    double[]? Biases);
