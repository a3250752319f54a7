namespace Backprop;

/// <summary>
/// What one layer's backward step reads and writes, in a training workspace made for one batch size
/// (every matrix column-major, one column per sample).
/// </summary>
/// <param name="Batch">The number of samples (columns).</param>
/// <param name="MeanScale">1/batch: the gradients are the means of the per-sample ones.</param>
/// <param name="IsOutput">True for the output layer, whose δ the loss wrote (BP1).</param>
/// <param name="WeightedInputs">z of the layer, <c>neurons × batch</c>.</param>
/// <param name="Activations">a = f(z) of the layer, <c>neurons × batch</c>.</param>
/// <param name="DropoutMask">The layer's dropout mask of the last forward pass, or empty.</param>
/// <param name="Delta">δ of the layer; on entry (below the output) the error the layer above passed down.</param>
/// <param name="PreviousActivations">What the layer saw: the previous layer's output (after its dropout) or the input.</param>
/// <param name="WeightGradient">Receives the mean ∂C/∂W, <c>neurons × inputs</c>.</param>
/// <param name="BiasGradient">Receives the mean ∂C/∂b (empty for a layer without biases).</param>
/// <param name="PreviousDelta">Receives <c>Wᵀδ</c> for the layer below, or null for the first layer.</param>
internal readonly record struct LayerBackwardBuffers<T>(
    int Batch,
    T MeanScale,
    bool IsOutput,
    T[] WeightedInputs,
    T[] Activations,
    T[] DropoutMask,
    T[] Delta,
    T[] PreviousActivations,
    T[] WeightGradient,
    T[] BiasGradient,
    T[]? PreviousDelta);
