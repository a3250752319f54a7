using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>One layer's share of a backward pass, in the notation of the four equations.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class LayerGradients<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    internal LayerGradients(
        Matrix<T> weightedInput, Matrix<T> activation, Matrix<T> delta, Matrix<T> weightGradient, Vector<T>? biasGradient)
    {
        WeightedInput = weightedInput;
        Activation = activation;
        Delta = delta;
        WeightGradient = weightGradient;
        BiasGradient = biasGradient;
    }

    /// <summary>The weighted input <c>z = W·a_prev + b</c>, <c>neurons × batch</c>.</summary>
    public Matrix<T> WeightedInput { get; }

    /// <summary>The activation <c>a = f(z)</c>, <c>neurons × batch</c>.</summary>
    public Matrix<T> Activation { get; }

    /// <summary>
    /// The error <c>δ = dC/dz</c> of each sample's own cost (BP1 for the output layer, BP2 below it),
    /// <c>neurons × batch</c>.
    /// </summary>
    public Matrix<T> Delta { get; }

    /// <summary>The mean over the batch of <c>dC/dW = δ·a_prevᵀ</c> (BP4), <c>neurons × inputs</c>.</summary>
    public Matrix<T> WeightGradient { get; }

    /// <summary>
    /// The mean over the batch of <c>dC/db = δ</c> (BP3), one entry per neuron; <see langword="null"/> when
    /// the layer has no biases.
    /// </summary>
    public Vector<T>? BiasGradient { get; }
}
