namespace Backprop;

/// <content>
/// The fused step of one sample on a small network with a plain gradient step (<see cref="SampleStep{T}"/>): which
/// workspaces have one, and its two halves, which keep the workspace's record of the last pass as
/// <see cref="Forward"/> and <see cref="Backward"/> do.
/// </content>
internal sealed partial class TrainingEngine<T>
{
    /// <summary>Every layer's one-sample kernel, or null when some layer or the loss has none (the general path then).</summary>
    private readonly SmallLayerKernel<T>[]? _sampleKernels;

    /// <summary>
    /// The forward and backward passes of the workspace's one sample (see <see cref="TrainingWorkspace{T}.HasSampleStep"/>), and whether the
    /// step <c>p + scale·g</c> would leave every parameter finite. Nothing but the workspace is written.
    /// </summary>
    /// <param name="workspace">The workspace of a batch of one, its input and target loaded.</param>
    /// <param name="scale">The step's <c>−η</c>.</param>
    /// <param name="updateIsFinite">Whether every updated parameter would be finite (meaningless when the cost is not).</param>
    /// <returns>The cost of the sample.</returns>
    public T SampleStepCost(TrainingWorkspace<T> workspace, T scale, out bool updateIsFinite)
    {
        workspace.ForgetWeightGradientSumsOfSquares(); // new gradients: no sum of their squares is known yet
        var cost = workspace.SampleStep!.CostAndGradients(scale, out updateIsFinite);
        workspace.HasForwardPass = true;
        if (!ReferenceEquals(LastForward, workspace))
        {
            LastForward = workspace; // a reference store costs a write barrier: only when it changes
        }

        workspace.Gradients.Cost = cost;
        return cost;
    }

    /// <summary>The fused step bound to a new workspace's buffers, when it holds one sample and every part has its one-sample form.</summary>
    private SampleStep<T>? SampleStepOn(TrainingWorkspace<T> workspace)
    {
        if (_sampleKernels is not { } kernels || workspace.BatchSize != 1)
        {
            return null;
        }

        var layers = new SmallLayerStep<T>[kernels.Length];
        for (var l = 0; l < layers.Length; l++)
        {
            layers[l] = kernels[l].StepOn(_layers[l], workspace.Step(l));
        }

        return new SampleStep<T>(layers, _network.Loss, workspace.Targets);
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
