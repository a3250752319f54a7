using System.Numerics.Tensors;
using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Losses;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A feedforward network: an ordered list of <see cref="DenseLayer{T}"/>s and the <see cref="Loss{T}"/> it is
/// trained on, with the forward pass, the backward pass of the four equations and thread-safe prediction.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// <para>
/// <b>Shapes.</b> A batch is a matrix with one <em>column</em> per sample, as in the equations
/// (<c>z = W·a + b</c> for every column at once): inputs are <c>InputSize × batch</c>, outputs and targets
/// <c>OutputSize × batch</c>. Layers are numbered from 0 (the first hidden layer) where the texts number
/// them from 1 (<c>a[0] = x</c>); so the texts' <c>W[1]</c> is <c>Layers[0].Weights</c>.
/// </para>
/// <para>
/// <b>Cost.</b> The cost of a batch is the mean of the per-sample costs, and every gradient the network
/// reports is the mean of the per-sample gradients.
/// </para>
/// <para>
/// <b>Threads.</b> <see cref="Predict(Matrix{T})"/> may be called from many threads at once (each call takes
/// its own pooled buffers). <see cref="Forward(Matrix{T})"/>, <see cref="Backward"/> and training use one
/// shared workspace and must come from one thread at a time; a second concurrent caller gets an
/// <see cref="InvalidOperationException"/>. A prediction that overlaps a change of the weights (training, or
/// <see cref="DenseLayer{T}.SetWeights"/>) throws <see cref="InvalidOperationException"/> rather than
/// answer from half-updated weights.
/// </para>
/// </remarks>
public sealed class Network<T> : IWeightChangeObserver
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private const int CachedBatchSizes = 4;

    private readonly DenseLayer<T>[] _layers;
    private readonly TrainingWorkspace<T>?[] _workspaces = new TrainingWorkspace<T>?[CachedBatchSizes];
    private readonly InferenceWorkspacePool<T> _inferencePool;
    private int _nextWorkspaceSlot;
    private TrainingWorkspace<T>? _lastForward;
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private int _trainingBusy;
    private long _weightsVersion;
    private DropoutRandom _dropoutRandom = new(0);

    /// <summary>Creates a network from its layers, trained on the squared error.</summary>
    /// <param name="layers">The layers, input side first; each layer's input size must equal the previous layer's neurons.</param>
    /// <exception cref="ArgumentException">There are no layers, sizes do not chain, or a layer already belongs to another network.</exception>
    public Network(params DenseLayer<T>[] layers)
        : this(layers, null)
    {
    }

    /// <summary>Creates a network from its layers and its loss.</summary>
    /// <param name="layers">The layers, input side first; each layer's input size must equal the previous layer's neurons.</param>
    /// <param name="loss">The loss to train on; <see langword="null"/> means <see cref="Loss{T}.SquaredError"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">There are no layers, sizes do not chain, or a layer already belongs to another network.</exception>
    public Network(IEnumerable<DenseLayer<T>> layers, Loss<T>? loss)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer; got 0.", nameof(layers));
        }

        for (var l = 0; l < _layers.Length; l++)
        {
            if (_layers[l] is null)
            {
                throw new ArgumentNullException(nameof(layers), $"Layer {l} is null.");
            }

            if (l > 0 && _layers[l].InputSize != _layers[l - 1].Neurons)
            {
                throw new ArgumentException(
                    $"Layer {l} expects {_layers[l].InputSize} inputs but layer {l - 1} has {_layers[l - 1].Neurons} neurons.",
                    nameof(layers));
            }

            if (l == _layers.Length - 1 && _layers[l].DropoutRate > 0)
            {
                throw new ArgumentException($"The output layer (layer {l}) cannot have dropout; put dropout after hidden layers only.", nameof(layers));
            }

            if (_layers[l].Observer is not null || Array.IndexOf(_layers, _layers[l], 0, l) >= 0)
            {
                throw new ArgumentException($"Layer {l} already belongs to a network; create a new layer for each network.", nameof(layers));
            }

        }

        Loss = loss ?? Loss<T>.SquaredError;
        Loss.ValidateOutputActivation(_layers[^1].Activation);

        // Only a network that was accepted takes ownership of its layers.
        foreach (var layer in _layers)
        {
            layer.Observer = this;
        }

        _inferencePool = new InferenceWorkspacePool<T>(_layers.Max(layer => layer.Neurons));
    }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayer<T>> Layers => _layers;

    /// <summary>The loss the network is trained on and <see cref="Cost"/> reports.</summary>
    public Loss<T> Loss { get; }

    /// <summary>The number of inputs per sample (rows of an input batch).</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>The number of outputs per sample (rows of an output or target batch).</summary>
    public int OutputSize => _layers[^1].Neurons;

    /// <summary>The number of trainable parameters in all layers.</summary>
    public int ParameterCount => _layers.Sum(layer => layer.ParameterCount);

    /// <summary>
    /// The largest number of threads one matrix product may use (default: the processor count). Products
    /// below about two million multiply-adds always run on the calling thread. Results are bit-identical
    /// for every value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Runs the forward pass for a batch and keeps what <see cref="Backward"/> needs (z and a of every layer).
    /// </summary>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>, finite.</param>
    /// <returns>A new matrix with the outputs <c>a[L]</c>, <c>OutputSize × batch</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> has the wrong number of rows, no columns, or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">Another thread is running a forward or backward pass on this network.</exception>
    public Matrix<T> Forward(Matrix<T> inputs)
    {
        var values = InputValidation.RequireRows(inputs, InputSize, nameof(inputs), "one per network input");
        InputValidation.RequireFinite<T>(values, InputSize, nameof(inputs));
        EnterTraining();
        try
        {
            var workspace = LoadInputs(values, inputs.ColumnCount);
            RunForward(workspace);
            return Matrix<T>.Build.Dense(OutputSize, inputs.ColumnCount, workspace.Activations[^1].AsSpan().ToArray());
        }
        finally
        {
            ExitTraining();
        }
    }

    /// <summary>Runs the forward pass for one sample and keeps what <see cref="Backward"/> needs.</summary>
    /// <param name="input">The input, <see cref="InputSize"/> values, finite.</param>
    /// <returns>A new vector with the output <c>a[L]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> has the wrong length or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">Another thread is running a forward or backward pass on this network.</exception>
    public Vector<T> Forward(Vector<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Forward(input.ToColumnMatrix()).Column(0);
    }

    /// <summary>
    /// Runs the backward pass for the batch of the last <see cref="Forward(Matrix{T})"/>: the output error (BP1),
    /// the errors of the earlier layers (BP2) and the mean bias (BP3) and weight (BP4) gradients.
    /// </summary>
    /// <param name="targets">The targets, <c>OutputSize × batch</c> with the batch of the last forward pass, finite.</param>
    /// <returns>The cost and per-layer quantities; views of the reused workspace (see <see cref="Gradients{T}"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="targets"/> has the wrong shape or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first, or another thread is using the network.</exception>
    public Gradients<T> Backward(Matrix<T> targets)
    {
        var values = InputValidation.RequireRows(targets, OutputSize, nameof(targets), "one per network output");
        EnterTraining();
        try
        {
            var workspace = _lastForward ?? throw new InvalidOperationException("Backward needs a Forward pass first: call Forward(inputs) with the same batch.");
            if (targets.ColumnCount != workspace.BatchSize)
            {
                throw new ArgumentException(
                    $"Expected targets with {workspace.BatchSize} columns (the batch of the last Forward) but got {targets.ColumnCount}.",
                    nameof(targets));
            }

            InputValidation.RequireFinite<T>(values, OutputSize, nameof(targets));
            values.AsSpan(0, workspace.Targets.Length).CopyTo(workspace.Targets);
            RunBackward(workspace);
            return workspace.Gradients;
        }
        finally
        {
            ExitTraining();
        }
    }

    /// <summary>Runs <see cref="Forward(Matrix{T})"/> then <see cref="Backward"/> on one batch.</summary>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The targets, <c>OutputSize × batch</c>.</param>
    /// <returns>The cost and per-layer quantities; views of the reused workspace.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public Gradients<T> ComputeGradients(Matrix<T> inputs, Matrix<T> targets)
    {
        EnterTraining();
        try
        {
            var workspace = LoadBatch(inputs, targets);
            RunForward(workspace);
            RunBackward(workspace);
            return workspace.Gradients;
        }
        finally
        {
            ExitTraining();
        }
    }

    /// <summary>Predicts the outputs of a batch. Thread-safe; keeps nothing for a backward pass.</summary>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>, finite.</param>
    /// <returns>A new matrix with the outputs, <c>OutputSize × batch</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> has the wrong number of rows, no columns, or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">The weights changed while the prediction ran.</exception>
    public Matrix<T> Predict(Matrix<T> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outputs = Matrix<T>.Build.Dense(OutputSize, inputs.ColumnCount);
        Predict(inputs, outputs);
        return outputs;
    }

    /// <summary>Predicts the output of one sample. Thread-safe.</summary>
    /// <param name="input">The input, <see cref="InputSize"/> values, finite.</param>
    /// <returns>A new vector with the <see cref="OutputSize"/> outputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> has the wrong length or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">The weights changed while the prediction ran.</exception>
    public Vector<T> Predict(Vector<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count != InputSize)
        {
            throw new ArgumentException($"Expected an input of {InputSize} values but got {input.Count}.", nameof(input));
        }

        var outputs = Matrix<T>.Build.Dense(OutputSize, 1);
        Predict(input.ToColumnMatrix(), outputs);
        return outputs.Column(0);
    }

    /// <summary>
    /// Predicts the outputs of a batch into a matrix the caller owns (no allocation in steady state). Thread-safe.
    /// </summary>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>, finite.</param>
    /// <param name="outputs">Receives the outputs; a dense <c>OutputSize × batch</c> matrix.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong, <paramref name="outputs"/> is not dense, or an input is not finite.</exception>
    /// <exception cref="InvalidOperationException">The weights changed while the prediction ran.</exception>
    public void Predict(Matrix<T> inputs, Matrix<T> outputs)
    {
        var values = InputValidation.RequireRows(inputs, InputSize, nameof(inputs), "one per network input");
        ArgumentNullException.ThrowIfNull(outputs);
        InputValidation.RequireShape(outputs, OutputSize, inputs.ColumnCount, nameof(outputs), "the outputs (outputs × batch)");
        var target = outputs.AsColumnMajorArray()
            ?? throw new ArgumentException("outputs must be a dense matrix (Matrix<T>.Build.Dense).", nameof(outputs));
        InputValidation.RequireFinite<T>(values, InputSize, nameof(inputs));

        RunInference(values, inputs.ColumnCount, target, outputWeightedInputs: null);
    }

    /// <summary>The mean cost of a batch under <see cref="Loss"/>, computed with <see cref="Predict(Matrix{T})"/>.</summary>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The targets, <c>OutputSize × batch</c>.</param>
    /// <returns>The mean of the per-sample costs.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite.</exception>
    public T Cost(Matrix<T> inputs, Matrix<T> targets)
    {
        var (inputValues, targetValues) = InputValidation.RequireBatch(inputs, targets, InputSize, OutputSize);
        var batch = inputs.ColumnCount;
        var outputs = new T[OutputSize * batch];
        var weightedInputs = new T[OutputSize * batch];
        RunInference(inputValues, batch, outputs, weightedInputs);
        return Loss.Cost(weightedInputs, outputs, targetValues.AsSpan(0, outputs.Length), OutputSize) / T.CreateChecked(batch);
    }

    /// <inheritdoc />
    public override string ToString()
        => $"Network {InputSize}-{string.Join("-", _layers.Select(layer => layer.Neurons))} ({Loss.Name})";

    void IWeightChangeObserver.BeginChange() => Interlocked.Increment(ref _weightsVersion);

    void IWeightChangeObserver.EndChange() => Interlocked.Increment(ref _weightsVersion);

    /// <summary>Marks the start of a training operation; throws when another thread is inside one.</summary>
    internal void EnterTraining()
    {
        if (Interlocked.CompareExchange(ref _trainingBusy, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                "This network is already running a forward, backward or training step on another thread; training calls on one network must not overlap.");
        }
    }

    /// <summary>Marks the end of a training operation.</summary>
    internal void ExitTraining() => Volatile.Write(ref _trainingBusy, 0);

    /// <summary>
    /// Restarts the random sequence of the dropout masks, so that training (or a gradient check) that follows
    /// draws the same masks as any other run restarted with the same seed.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public void ResetDropout(int seed) => _dropoutRandom = new DropoutRandom(seed);

    /// <summary>The dropout masks' random state, for checkpoints.</summary>
    internal ulong[] DropoutState
    {
        get => _dropoutRandom.State;
        set => _dropoutRandom = new DropoutRandom(value);
    }

    /// <summary>The reused workspace for a batch size (made on first use; the last few sizes are kept).</summary>
    internal TrainingWorkspace<T> GetTrainingWorkspace(int batchSize)
    {
        foreach (var cached in _workspaces)
        {
            if (cached is not null && cached.BatchSize == batchSize)
            {
                return cached;
            }
        }

        var workspace = new TrainingWorkspace<T>(_layers, batchSize);
        _workspaces[_nextWorkspaceSlot] = workspace;
        _nextWorkspaceSlot = (_nextWorkspaceSlot + 1) % CachedBatchSizes;
        return workspace;
    }

    /// <summary>Validates a batch and copies it into the workspace for its size.</summary>
    internal TrainingWorkspace<T> LoadBatch(Matrix<T> inputs, Matrix<T> targets)
    {
        var (inputValues, targetValues) = InputValidation.RequireBatch(inputs, targets, InputSize, OutputSize);
        var workspace = LoadInputs(inputValues, inputs.ColumnCount);
        targetValues.AsSpan(0, workspace.Targets.Length).CopyTo(workspace.Targets);
        return workspace;
    }

    private TrainingWorkspace<T> LoadInputs(T[] inputValues, int batchSize)
    {
        var workspace = GetTrainingWorkspace(batchSize);
        inputValues.AsSpan(0, workspace.Input.Length).CopyTo(workspace.Input);
        return workspace;
    }

    /// <summary>The forward pass on the workspace's input, keeping z and a of every layer.</summary>
    internal void RunForward(TrainingWorkspace<T> workspace)
    {
        var previous = workspace.Input;
        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l].Forward(previous, workspace.BatchSize, workspace.WeightedInputs[l], workspace.Activations[l], _maxDegreeOfParallelism);
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
        _lastForward = workspace;
    }

    /// <summary>
    /// The backward pass on the workspace's targets and last forward pass; fills δ, dC/dW and dC/db of every
    /// layer and returns the mean cost.
    /// </summary>
    internal T RunBackward(TrainingWorkspace<T> workspace)
    {
        var batch = workspace.BatchSize;
        var last = _layers.Length - 1;
        var output = workspace.Activations[last];

        // (BP1) δᴸ = ∇ₐC ⊙ f′(zᴸ)
        Loss.OutputDelta(_layers[last].Activation, workspace.WeightedInputs[last], output, workspace.Targets, workspace.Deltas[last], OutputSize);

        var meanScale = batch == 1 ? T.One : T.One / T.CreateChecked(batch);
        for (var l = last; l >= 0; l--)
        {
            var layer = _layers[l];
            if (batch == 1 && layer.IsSmall && (l == 0 || _layers[l - 1].DropoutRate == 0))
            {
                // One sample through a small layer: BP4, BP3 and BP2 in one loop (see DenseLayer.IsSmall).
                layer.BackwardOneSmall(workspace.Deltas[l], l == 0 ? workspace.Input : workspace.LayerOutput(l - 1),
                    workspace.WeightGradients[l], workspace.BiasGradients[l], l > 0 ? workspace.Deltas[l - 1] : null);
                if (l > 0)
                {
                    _layers[l - 1].Activation.MultiplyByDerivative(
                        workspace.WeightedInputs[l - 1], workspace.Activations[l - 1], workspace.Deltas[l - 1], layer.InputSize);
                }

                continue;
            }

            var delta = workspace.Deltas[l];
            var previousActivations = l == 0 ? workspace.Input : workspace.LayerOutput(l - 1);

            // (BP4) ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ, summed over the batch's columns and averaged (the 1/batch folded into the product).
            MatrixProducts.DeltasTimesTransposedActivations(
                delta, layer.Neurons, previousActivations, layer.InputSize, batch, meanScale, workspace.WeightGradients[l], _maxDegreeOfParallelism);

            // (BP3) ∂C/∂bˡ = δˡ, averaged over the batch.
            if (layer.HasBiases)
            {
                ElementwiseKernels.SumColumns<T>(delta, layer.Neurons, workspace.BiasGradients[l]);
                if (batch > 1)
                {
                    ElementwiseKernels.Scale<T>(workspace.BiasGradients[l], meanScale);
                }
            }

            if (l > 0)
            {
                // (BP2) δˡ⁻¹ = ((Wˡ)ᵀ δˡ) ⊙ f′(zˡ⁻¹)
                var previousDelta = workspace.Deltas[l - 1];
                MatrixProducts.TransposedWeightsTimesDeltas(
                    layer.WeightValues, layer.Neurons, layer.InputSize, delta, batch, previousDelta, _maxDegreeOfParallelism);
                if (_layers[l - 1].DropoutRate > 0)
                {
                    // Through the dropout mask: ∂C/∂a = m ⊙ ∂C/∂(a ⊙ m).
                    TensorPrimitives.Multiply<T>(previousDelta, workspace.DropoutMasks[l - 1], previousDelta);
                }

                _layers[l - 1].Activation.MultiplyByDerivative(workspace.WeightedInputs[l - 1], workspace.Activations[l - 1], previousDelta, layer.InputSize);
            }
        }

        var cost = Loss.Cost(workspace.WeightedInputs[last], output, workspace.Targets, OutputSize) * meanScale;
        workspace.Gradients.Cost = cost;
        return cost;
    }

    /// <summary>The mean cost of the workspace's batch at the current weights, by a training forward pass (dropout included).</summary>
    internal T ForwardCost(TrainingWorkspace<T> workspace)
    {
        RunForward(workspace);
        var last = _layers.Length - 1;
        return Loss.Cost(workspace.WeightedInputs[last], workspace.Activations[last], workspace.Targets, OutputSize)
            / T.CreateChecked(workspace.BatchSize);
    }

    /// <summary>True when the output layer is a classifier's (sigmoid or softmax), so accuracy means something.</summary>
    internal bool ReportsAccuracy => _layers[^1].Activation.IsClassifierOutput;

    /// <summary>
    /// The mean cost and the number of correctly classified samples of a data set, predicted in chunks on
    /// pooled buffers (thread-safe like <see cref="Predict(Matrix{T})"/>).
    /// </summary>
    internal (double MeanCost, int Correct) Evaluate(T[] inputs, T[] targets, int samples)
    {
        const int Chunk = 1024;
        var size = Math.Min(Chunk, samples);
        var outputs = new T[OutputSize * size];
        var weightedInputs = new T[OutputSize * size];
        var chunkInputs = new T[InputSize * size];
        var cost = T.Zero;
        var correct = 0;
        for (var start = 0; start < samples; start += Chunk)
        {
            var count = Math.Min(Chunk, samples - start);
            inputs.AsSpan(start * InputSize, count * InputSize).CopyTo(chunkInputs);
            var chunkTargets = targets.AsSpan(start * OutputSize, count * OutputSize);
            var chunkOutputs = outputs.AsSpan(0, count * OutputSize);
            RunInference(chunkInputs, count, outputs, weightedInputs);
            cost += Loss.Cost(weightedInputs.AsSpan(0, count * OutputSize), chunkOutputs, chunkTargets, OutputSize);
            correct += Evaluation.Metrics.CountCorrect<T>(chunkOutputs, chunkTargets, OutputSize);
        }

        return (double.CreateChecked(cost) / samples, correct);
    }

    /// <summary>A copy of every layer's weights and biases (for restoring the best epoch).</summary>
    internal T[][] SnapshotParameters()
        => [.. _layers.SelectMany(layer => layer.BiasValues is { } biases ? new[] { layer.WeightValues, biases } : new[] { layer.WeightValues }).Select(values => values.ToArray())];

    /// <summary>Puts back the parameters of a <see cref="SnapshotParameters"/>.</summary>
    internal void RestoreParameters(T[][] snapshot)
    {
        BeginWeightUpdate();
        try
        {
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
        finally
        {
            EndWeightUpdate();
        }
    }

    /// <summary>
    /// Marks the start of an update of the weights by the training thread (inside <see cref="EnterTraining"/>),
    /// so that a concurrent <see cref="Predict(Matrix{T})"/> notices and throws.
    /// </summary>
    internal void BeginWeightUpdate() => Interlocked.Increment(ref _weightsVersion); // a full fence: no weight write moves before it

    /// <summary>Marks the end of an update of the weights.</summary>
    /// <remarks>
    /// A locked increment, not a plain store of the next value: <see cref="DenseLayer{T}.SetWeights"/> also moves the
    /// version (from any thread, through <see cref="IWeightChangeObserver"/>), and a store could overwrite its increment.
    /// </remarks>
    internal void EndWeightUpdate() => Interlocked.Increment(ref _weightsVersion);

    /// <summary>
    /// The forward pass that keeps nothing, on pooled buffers: writes the outputs (and, when asked, the output
    /// layer's weighted inputs) and throws if the weights changed meanwhile.
    /// </summary>
    private void RunInference(T[] inputValues, int batch, T[] outputs, T[]? outputWeightedInputs)
    {
        var version = Volatile.Read(ref _weightsVersion);
        if ((version & 1) != 0)
        {
            throw ConcurrentChange();
        }

        var workspace = _inferencePool.Rent(batch);
        try
        {
            var previous = inputValues;
            for (var l = 0; l < _layers.Length; l++)
            {
                var isLast = l == _layers.Length - 1;
                var buffer = l % 2 == 0 ? workspace.First : workspace.Second;
                var weightedInputs = isLast ? outputWeightedInputs ?? outputs : buffer;
                var activations = isLast ? outputs : buffer;
                _layers[l].Forward(previous, batch, weightedInputs, activations, _maxDegreeOfParallelism);
                previous = buffer;
            }
        }
        finally
        {
            _inferencePool.Return(workspace);
        }

        // A full fence, so that on weakly ordered CPUs (ARM64) no weight read above moves after the version read.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _weightsVersion) != version)
        {
            throw ConcurrentChange();
        }
    }

    private void DrawDropoutMask(double rate, T[] mask)
    {
        var kept = T.One / T.CreateChecked(1 - rate);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = _dropoutRandom.NextDouble() < rate ? T.Zero : kept;
        }

    }

    private static InvalidOperationException ConcurrentChange()
        => new("The network's weights changed while Predict was running: training (or SetWeights) and prediction on one network must not overlap. Predict after training, or on a separate copy.");
}
