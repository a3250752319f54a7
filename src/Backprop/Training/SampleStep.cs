namespace Backprop;

/// <summary>
/// The fused step of one sample on a small network with a plain gradient step (<c>W ← W − η·∇C</c>), bound once to
/// one workspace of batch 1: the forward pass, the loss's δᴸ and cost, the backward pass and the check of the updated
/// parameters in one walk over the layers' steps (<see cref="SmallLayerStep{T}"/>), then the update. It writes the same
/// workspace buffers with the same bits as <see cref="TrainingEngine{T}.Forward"/>, <see cref="TrainingEngine{T}.Backward"/>
/// and the optimizer's separate check and update, without their per-call set-up.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SampleStep<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly SmallLayerStep<T>[] _layers;
    private readonly Loss<T> _loss;
    private readonly T[] _targets;

    public SampleStep(SmallLayerStep<T>[] layers, Loss<T> loss, T[] targets)
    {
        _layers = layers;
        _loss = loss;
        _targets = targets;
    }

    /// <summary>
    /// The forward and backward passes of the workspace's sample, and whether the step <c>p + scale·g</c> would leave every
    /// parameter finite. Nothing but the workspace is written.
    /// </summary>
    /// <param name="scale">The step's <c>−η</c>.</param>
    /// <param name="updateIsFinite">Whether every updated parameter would be finite (meaningless when the cost is not).</param>
    /// <returns>The cost of the sample.</returns>
    public T CostAndGradients(T scale, out bool updateIsFinite)
    {
        var layers = _layers;
        foreach (var layer in layers)
        {
            // zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ)
            layer.Forward();
        }

        // (BP1) δᴸ, and the cost, from the loss (a batch of one: the mean is the sample's own).
        var cost = _loss.SampleOutputDelta(layers[^1], _targets);
        Kernels.ElementwiseKernels.FlushSubnormals<T>(layers[^1].Delta); // as the batch path does

        // (BP2–BP4) from the output back, with the check of p + scale·g on the way.
        var check = T.Zero;
        for (var l = layers.Length - 1; l >= 0; l--)
        {
            check += layers[l].Backward(scale);
        }

        updateIsFinite = check == T.Zero;
        return cost;
    }

    /// <summary>The update <c>p ← p + scale·g</c> of every parameter from the gradients of <see cref="CostAndGradients"/>.</summary>
    public void Update(T scale)
    {
        foreach (var layer in _layers)
        {
            layer.Update(scale);
        }
    }
}
