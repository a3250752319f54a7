using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// What one backward pass computed for a mini-batch: the mean cost and, per layer, the forward quantities
/// it used and the gradients of the four equations.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The matrices are the network's reused workspace: they stay valid until the next forward or backward
/// pass with the same batch size overwrites them. Clone what you keep.
/// </remarks>
public sealed class Gradients<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    internal Gradients(int batchSize, LayerGradients<T>[] layers)
    {
        BatchSize = batchSize;
        Layers = layers;
    }

    /// <summary>The number of samples (columns) in the mini-batch.</summary>
    public int BatchSize { get; }

    /// <summary>The mean over the batch of the per-sample cost <c>C</c>.</summary>
    public T Cost { get; internal set; }

    /// <summary>One entry per layer, input side first.</summary>
    public IReadOnlyList<LayerGradients<T>> Layers { get; }
}
