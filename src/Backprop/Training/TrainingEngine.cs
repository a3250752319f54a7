using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// What training a network needs at run time, kept apart from the model: a workspace per batch size (the
/// input, z, a, δ and the gradients of every layer), the forward pass that keeps them, the backward pass of the
/// four equations, and the dropout masks' random sequence.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// Conventions, as in <see cref="Network{T}"/>: layers are numbered from 0 (the texts' layer 1 is
/// <c>layers[0]</c>, and the texts' <c>a⁰ = x</c> is the workspace's <c>Input</c>); a batch has one column per
/// sample. Every method runs inside the network's one <see cref="TrainingScope"/>.
/// </remarks>
internal sealed partial class TrainingEngine<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private const int CachedBatchSizes = 4;

    private readonly Network<T> _network;
    private readonly DenseLayer<T>[] _layers;
    private readonly TrainingWorkspace<T>?[] _workspaces = new TrainingWorkspace<T>?[CachedBatchSizes];
    private int _nextWorkspaceSlot;
    private TrainingWorkspace<T>? _lastWorkspace;
    private DropoutRandom _dropoutRandom = new(0);

    public TrainingEngine(Network<T> network)
    {
        _network = network;
        _layers = [.. network.Layers];
        _sampleKernels = SampleKernelsOf(_layers, network.Loss);
        HasDropout = _layers.Any(layer => layer.DropoutRate > 0);
    }

    /// <summary>True when some layer has dropout, so a step draws masks (and a diverged step must put their sequence back).</summary>
    public bool HasDropout { get; }

    /// <summary>The workspace of the last forward pass, which a later backward pass continues.</summary>
    public TrainingWorkspace<T>? LastForward { get; private set; }

    /// <summary>The dropout masks' random state, for checkpoints.</summary>
    public ulong[] DropoutState
    {
        get => _dropoutRandom.State;
        set => _dropoutRandom = new DropoutRandom(value);
    }

    /// <summary>The dropout masks' position in their sequence, to put back after a step that diverged.</summary>
    public DropoutRandom.Position DropoutPosition { get => _dropoutRandom.At; set => _dropoutRandom.At = value; }

    /// <summary>Restarts the dropout masks' random sequence.</summary>
    public void ResetDropout(int seed) => _dropoutRandom = new DropoutRandom(seed);

    /// <summary>The reused workspace for a batch size (made on first use; the last few sizes are kept).</summary>
    public TrainingWorkspace<T> Workspace(int batchSize)
    {
        if (_lastWorkspace is { } last && last.BatchSize == batchSize)
        {
            return last; // the common case (every Step on one sample, every full batch of an epoch): no search
        }

        _lastWorkspace = FindOrMakeWorkspace(batchSize);
        return _lastWorkspace;
    }

    private TrainingWorkspace<T> FindOrMakeWorkspace(int batchSize)
    {
        foreach (var cached in _workspaces)
        {
            if (cached is not null && cached.BatchSize == batchSize)
            {
                return cached;
            }
        }

        var workspace = new TrainingWorkspace<T>(_layers, batchSize);
        workspace.SampleStep = SampleStepOn(workspace);
        _workspaces[_nextWorkspaceSlot] = workspace;
        _nextWorkspaceSlot = (_nextWorkspaceSlot + 1) % CachedBatchSizes;
        return workspace;
    }

    /// <summary>Validates a batch and copies it into the workspace for its size.</summary>
    public TrainingWorkspace<T> LoadBatch(Matrix<T> inputs, Matrix<T> targets)
    {
        var (inputValues, targetValues) = InputValidation.RequireBatch(inputs, targets, _network.InputSize, _network.OutputSize);
        var workspace = LoadInputs(inputValues, inputs.ColumnCount);
        CopyInto(targetValues, workspace.Targets);
        return workspace;
    }

    /// <summary>Copies validated inputs into the workspace for their batch size.</summary>
    public TrainingWorkspace<T> LoadInputs(T[] inputValues, int batchSize)
    {
        var workspace = Workspace(batchSize);
        CopyInto(inputValues, workspace.Input);
        workspace.IsWeighted = false;
        return workspace;
    }

    /// <summary>Fills <paramref name="destination"/> from the start of <paramref name="source"/>.</summary>
    private static void CopyInto(T[] source, T[] destination)
    {
        if (destination.Length <= 16)
        {
            // One sample of a small network: a loop costs less than the call into the general copy.
            var values = source.AsSpan(0, destination.Length);
            for (var i = 0; i < values.Length; i++)
            {
                destination[i] = values[i];
            }

            return;
        }

        source.AsSpan(0, destination.Length).CopyTo(destination);
    }

    /// <summary>The forward pass on the workspace's input, keeping z and a of every layer (and the dropout masks).</summary>
    public void Forward(TrainingWorkspace<T> workspace)
    {
        var parallelism = _network.MaxDegreeOfParallelism;
        var previous = workspace.Input;
        for (var l = 0; l < _layers.Length; l++)
        {
            // zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ)
            _layers[l].Forward(previous, workspace.BatchSize, workspace.WeightedInputs[l], workspace.Activations[l], parallelism);
            previous = workspace.Activations[l];
            if (_layers[l].DropoutRate > 0)
            {
                // Inverted dropout: the next layer sees a ⊙ m, with m = 0 (dropped) or 1/(1 − p) (kept).
                DrawDropoutMask(_layers[l].DropoutRate, workspace.DropoutMasks[l]);
                TensorPrimitives.Multiply<T>(previous, workspace.DropoutMasks[l], workspace.DroppedActivations[l]);
                previous = workspace.DroppedActivations[l];
            }
        }

        workspace.HasForwardPass = true;
        LastForward = workspace;
    }

    /// <summary>
    /// The backward pass on the workspace's targets and last forward pass, as the texts write it: BP1 at the
    /// output, then each layer's own BP2–BP4 from the output back. Returns the mean cost.
    /// </summary>
    public T Backward(TrainingWorkspace<T> workspace)
    {
        var last = _layers.Length - 1;
        var loss = _network.Loss;
        var parallelism = _network.MaxDegreeOfParallelism;
        workspace.ForgetWeightGradientSumsOfSquares(); // new gradients: no sum of their squares is known yet

        // (BP1) δᴸ = ∇ₐC ⊙ f′(zᴸ) — the loss owns it (the fused cross-entropy forms give δᴸ = aᴸ − y).
        loss.OutputDelta(_layers[last].Activation, workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, workspace.Deltas[last], _network.OutputSize);
        if (workspace.IsWeighted)
        {
            SampleWeighting.ScaleOutputDelta<T>(workspace.Deltas[last], workspace.SampleWeights, _network.OutputSize);
        }

        // A subnormal δᴸ (a saturated output far from its target) is flushed to zero: below the smallest normal number, and
        // on Intel processors every product that reads one costs a microcode assist (ElementwiseKernels.FlushSubnormals).
        Kernels.ElementwiseKernels.FlushSubnormals<T>(workspace.Deltas[last]);

        for (var l = last; l >= 0; l--)
        {
            // (BP2) δˡ from the error the layer above passed down, then (BP3) ∂C/∂bˡ and (BP4) ∂C/∂Wˡ, and (Wˡ)ᵀδˡ for the layer below.
            _layers[l].Backward(workspace.Step(l), parallelism);
        }

        var cost = workspace.IsWeighted
            ? SampleWeighting.MeanCost(loss, workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, workspace.SampleWeights, _network.OutputSize)
            : loss.Cost(workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, _network.OutputSize) * workspace.MeanScale;
        workspace.Gradients.Cost = cost;
        return cost;
    }

    /// <summary>The mean cost of the workspace's batch at the current weights, by a training forward pass (dropout included).</summary>
    public T ForwardCost(TrainingWorkspace<T> workspace)
    {
        Forward(workspace);
        var last = _layers.Length - 1;
        if (workspace.IsWeighted)
        {
            return SampleWeighting.MeanCost(_network.Loss, workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, workspace.SampleWeights, _network.OutputSize);
        }

        return _network.Loss.Cost(workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, _network.OutputSize)
            / T.CreateChecked(workspace.BatchSize);
    }

    /// <summary>A copy of every layer's weights and biases (for restoring the best epoch).</summary>
    public T[][] SnapshotParameters()
        => [.. _layers.SelectMany(layer => layer.BiasValues is { } biases ? new[] { layer.WeightValues, biases } : new[] { layer.WeightValues }).Select(values => values.ToArray())];

    /// <summary>Puts back the parameters of a <see cref="SnapshotParameters"/>, in one weight update of the running training operation.</summary>
    public void RestoreParameters(in TrainingScope training, T[][] snapshot)
    {
        using var update = training.BeginWeightUpdate();
        var s = 0;
        foreach (var layer in _layers)
        {
            snapshot[s++].AsSpan().CopyTo(layer.WeightValues);
            if (layer.BiasValues is { } biases)
            {
                snapshot[s++].AsSpan().CopyTo(biases);
            }
        }
    }

    /// <summary>
    /// The mean cost and the number of correctly classified samples of a data set, predicted in chunks
    /// (the same forward pass as <see cref="Network{T}.Predict(Matrix{T})"/>).
    /// </summary>
    public (double MeanCost, int Correct) Evaluate(T[] inputs, T[] targets, int samples, T[]? weights = null)
    {
        const int Chunk = 1024;
        var inputSize = _network.InputSize;
        var outputSize = _network.OutputSize;
        var size = Math.Min(Chunk, samples);
        var outputs = new T[outputSize * size];
        var weightedInputs = new T[outputSize * size];
        var chunkInputs = new T[inputSize * size];
        var cost = T.Zero;
        var correct = 0;
        for (var start = 0; start < samples; start += Chunk)
        {
            var count = Math.Min(Chunk, samples - start);
            inputs.AsSpan(start * inputSize, count * inputSize).CopyTo(chunkInputs);
            var chunkTargets = targets.AsSpan(start * outputSize, count * outputSize);
            var chunkOutputs = outputs.AsSpan(0, count * outputSize);
            _network.PredictInto(chunkInputs, count, outputs, weightedInputs);
            cost += weights is null
                ? _network.Loss.Cost(weightedInputs.AsSpan(0, count * outputSize), chunkOutputs, chunkTargets, outputSize)
                : SampleWeighting.WeightedSum(_network.Loss, weightedInputs.AsSpan(0, count * outputSize), chunkOutputs, chunkTargets, weights.AsSpan(start, count), outputSize);
            correct += Metrics.CountCorrect<T>(chunkOutputs, chunkTargets, outputSize);
        }

        var total = weights is null ? samples : double.CreateChecked(weights.Aggregate(T.Zero, (sum, w) => sum + w));
        return (total > 0 ? double.CreateChecked(cost) / total : 0, correct);
    }

    private void DrawDropoutMask(double rate, T[] mask)
        => _dropoutRandom.FillMask<T>(mask, rate, T.One / T.CreateChecked(1 - rate));
}
