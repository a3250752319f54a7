namespace Backprop;

/// <content>
/// The fused step of one sample on a small network with a plain gradient step (<c>W ← W − η·∇C</c>): the forward pass,
/// the backward pass and the check of the updated parameters in one walk over the layers' one-sample kernels, then
/// the update. It writes the same workspace buffers with the same bits as <see cref="Forward"/>,
/// <see cref="Backward"/> and the optimizer's separate check and update, without their per-call set-up.
/// </content>
internal sealed partial class TrainingEngine<T>
{
    /// <summary>Every layer's one-sample kernel, or null when some layer or the loss has none (the general path then).</summary>
    private readonly SmallLayerKernel<T>[]? _sampleKernels;

    /// <summary>True when the workspace's step can be the fused one: one unweighted sample through kernels for every layer.</summary>
    public bool HasSampleStep(TrainingWorkspace<T> workspace) => _sampleKernels is not null && workspace.BatchSize == 1 && !workspace.IsWeighted;

    /// <summary>
    /// The forward and backward passes of the workspace's one sample (see <see cref="HasSampleStep"/>), and whether the
    /// step <c>p + scale·g</c> would leave every parameter finite. Nothing but the workspace is written.
    /// </summary>
    /// <param name="workspace">The workspace of a batch of one, its input and target loaded.</param>
    /// <param name="scale">The step's <c>−η</c>.</param>
    /// <param name="updateIsFinite">Whether every updated parameter would be finite (meaningless when the cost is not).</param>
    /// <returns>The cost of the sample.</returns>
    public T SampleStepCost(TrainingWorkspace<T> workspace, T scale, out bool updateIsFinite)
    {
        var kernels = _sampleKernels!;
        var previous = workspace.Input;
        for (var l = 0; l < kernels.Length; l++)
        {
            // zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ)
            kernels[l].Forward(_layers[l], previous, workspace.WeightedInputs[l], workspace.Activations[l]);
            previous = workspace.Activations[l];
        }

        workspace.HasForwardPass = true;
        LastForward = workspace;

        // (BP1) δᴸ, and the cost, from the loss.
        var last = kernels.Length - 1;
        var cost = _network.Loss.SampleOutputDelta(kernels[last], workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, workspace.Deltas[last])
            * workspace.MeanScale;

        // (BP2–BP4) from the output back, with the check of p + scale·g on the way.
        var check = T.Zero;
        for (var l = last; l >= 0; l--)
        {
            check += kernels[l].Backward(_layers[l], workspace.Step(l), scale);
        }

        workspace.Gradients.Cost = cost;
        updateIsFinite = check == T.Zero;
        return cost;
    }

    /// <summary>The update <c>p ← p + scale·g</c> of every parameter from the gradients of <see cref="SampleStepCost"/>.</summary>
    public void ApplySampleStep(TrainingWorkspace<T> workspace, T scale)
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            SmallLayerKernel<T>.Update(_layers[l].WeightValues, workspace.WeightGradients[l], scale);
            if (_layers[l].BiasValues is { } biases)
            {
                SmallLayerKernel<T>.Update(biases, workspace.BiasGradients[l], scale);
            }
        }
    }

    /// <summary>The layers' one-sample kernels, when every layer is small, without dropout and of an activation that has one, and the loss has a one-sample form.</summary>
    private static SmallLayerKernel<T>[]? SampleKernelsOf(DenseLayer<T>[] layers, Loss<T> loss)
    {
        if (!loss.HasSampleOutputDelta)
        {
            return null;
        }

        var kernels = new SmallLayerKernel<T>[layers.Length];
        for (var l = 0; l < layers.Length; l++)
        {
            if (!layers[l].IsSmall || layers[l].DropoutRate > 0 || layers[l].Activation.SmallLayerKernel is not { } kernel)
            {
                return null;
            }

            kernels[l] = kernel;
        }

        return kernels;
    }
}
