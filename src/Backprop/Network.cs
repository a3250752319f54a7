using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A feedforward network, the model: an ordered list of <see cref="DenseLayer{T}"/>s and the <see cref="Loss{T}"/>
/// it is trained on, with thread-safe prediction, its cost, a summary and persistence. Training machinery (batch
/// workspaces, the backward pass) lives on the training side: <see cref="Trainer{T}"/> and
/// <see cref="Backpropagation"/>.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// <para>
/// <b>Shapes.</b> A batch is a matrix with one <em>column</em> per sample, as in the equations
/// (<c>z = W·a + b</c> for every column at once): inputs are <c>InputSize × batch</c>, outputs and targets
/// <c>OutputSize × batch</c>. Layers are numbered from 0 (the first hidden layer) where the texts number
/// them from 1 (<c>a⁰ = x</c>); so the texts' <c>W¹</c> is <c>Layers[0].GetWeights()</c>.
/// </para>
/// <para><b>Cost.</b> The cost of a batch is the mean of the per-sample costs, and every gradient is the mean of the per-sample gradients.</para>
/// <para>
/// <b>Threads.</b> <see cref="Predict(Matrix{T})"/> may be called from many threads at once. Training, and
/// <see cref="DenseLayer{T}.SetWeights"/>, are one operation at a time: a second concurrent one throws
/// <see cref="InvalidOperationException"/>, and so does a prediction, clone or save that overlaps a change of the
/// weights, rather than answer from half-updated weights.
/// </para>
/// </remarks>
public sealed class Network<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly DenseLayer<T>[] _layers;
    private readonly InferenceWorkspacePool<T> _inferencePool;
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private TrainingEngine<T>? _training;

    /// <summary>Creates a network from its layers, trained on the squared error.</summary>
    /// <param name="layers">The layers, input side first; each layer's input size must equal the previous layer's neurons.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">There are no layers, sizes do not chain, or a layer already belongs to another network.</exception>
    public Network(params DenseLayer<T>[] layers)
        : this(layers, null)
    {
    }

    /// <summary>Creates a network from its layers and its loss.</summary>
    /// <param name="layers">The layers, input side first; each layer's input size must equal the previous layer's neurons.</param>
    /// <param name="loss">The loss to train on; <see langword="null"/> means <see cref="Loss{T}.SquaredError"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layers"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">There are no layers, sizes do not chain, the output layer has dropout, the loss does not fit the output activation, or a layer already belongs to another network.</exception>
    public Network(IEnumerable<DenseLayer<T>> layers, Loss<T>? loss)
    {
        _layers = LayerChain.Validate(layers);
        Loss = loss ?? Loss<T>.SquaredError;
        Loss.ValidateOutputActivation(_layers[^1].Activation);

        // Only a network that was accepted takes ownership of its layers.
        foreach (var layer in _layers)
        {
            layer.Guard = Guard;
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

    /// <summary>Who may change the parameters, and the version that lets readers notice a change.</summary>
    internal ParameterGuard Guard { get; } = new();

    /// <summary>The training machinery of this network (made on first use).</summary>
    internal TrainingEngine<T> Training => _training ??= new TrainingEngine<T>(this);

    /// <summary>Predicts the outputs of a batch. Thread-safe.</summary>
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

        var outputs = new T[OutputSize];
        Predict(input.AsArray() ?? input.ToArray(), outputs);
        return Vector<T>.Build.Dense(outputs);
    }

    /// <summary>
    /// Predicts the output of one sample into memory the caller owns: nothing is allocated in steady state.
    /// Thread-safe; <paramref name="output"/> is written only once the prediction is complete.
    /// </summary>
    /// <param name="input">The input, <see cref="InputSize"/> values, finite.</param>
    /// <param name="output">Receives the <see cref="OutputSize"/> outputs; must not overlap <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="input"/> or <paramref name="output"/> has the wrong length, they overlap, or an input is not finite.
    /// </exception>
    /// <exception cref="InvalidOperationException">The weights changed while the prediction ran; <paramref name="output"/> is unchanged.</exception>
    public void Predict(ReadOnlySpan<T> input, Span<T> output)
    {
        if (input.Length != InputSize)
        {
            throw new ArgumentException($"Expected an input of {InputSize} values but {nameof(input)} has {input.Length}.", nameof(input));
        }

        if (output.Length != OutputSize)
        {
            throw new ArgumentException($"Expected room for {OutputSize} outputs but {nameof(output)} has {output.Length}.", nameof(output));
        }

        if (input.Overlaps(output))
        {
            throw new ArgumentException($"{nameof(output)} overlaps {nameof(input)}: pass separate memory for the outputs.", nameof(output));
        }

        InputValidation.RequireFinite(input, InputSize, nameof(input));
        var version = ReadStableVersion();
        var workspace = _inferencePool.Rent(1);
        try
        {
            var sample = workspace.Sample(InputSize);
            input.CopyTo(sample);
            var result = ForwardThroughLayers(sample, 1, workspace, outputs: null, outputWeightedInputs: null);
            if (!Guard.Unchanged(version))
            {
                throw ConcurrentChange("Predict");
            }

            result.AsSpan(0, OutputSize).CopyTo(output);
        }
        finally
        {
            _inferencePool.Return(workspace);
        }
    }

    /// <summary>Predicts the outputs of a batch into a matrix the caller owns (no allocation in steady state). Thread-safe.</summary>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>, finite.</param>
    /// <param name="outputs">Receives the outputs; a dense <c>OutputSize × batch</c> matrix. It may be <paramref name="inputs"/> itself (or share its storage): the prediction is then made in place, with the same result.</param>
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
        var checksThroughFirstLayer = ChecksInputsThroughFirstLayer;
        if (!checksThroughFirstLayer)
        {
            InputValidation.RequireFinite<T>(values, InputSize, nameof(inputs));
        }

        PredictInto(values, inputs.ColumnCount, target, outputWeightedInputs: null, checksThroughFirstLayer);
    }

    /// <summary>
    /// True when a batch's inputs are checked for NaN and ±∞ through the first layer's weighted inputs rather than one by
    /// one: when that layer has fewer neurons than inputs (fewer values to check: 100 × 1,000 for 784 × 1,000 through a
    /// 784-100 layer) and is not the output layer (which would write the caller's outputs before the check).
    /// </summary>
    private bool ChecksInputsThroughFirstLayer => _layers.Length > 1 && _layers[0].Neurons < InputSize;

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
        PredictInto(inputValues, batch, outputs, weightedInputs);
        return Loss.Cost(weightedInputs, outputs, targetValues.AsSpan(0, outputs.Length), OutputSize) / T.CreateChecked(batch);
    }

    /// <summary>A deep copy: new layers with the same weights, biases, activations and dropout, the same loss and parallelism.</summary>
    /// <returns>An independent network that predicts bit-identical outputs.</returns>
    /// <exception cref="InvalidOperationException">The weights changed while they were being copied (the network is being trained).</exception>
    public Network<T> Clone()
    {
        var version = Guard.ReadVersion();
        var layers = _layers.Select(layer => new DenseLayer<T>(layer.GetWeights(), layer.GetBiases(), layer.Activation, layer.DropoutRate)).ToArray();
        if (!Guard.Unchanged(version))
        {
            throw ConcurrentChange("Clone");
        }

        return new Network<T>(layers, Loss) { MaxDegreeOfParallelism = MaxDegreeOfParallelism };
    }

    /// <summary>A table of the layers as Keras prints it: per layer its kind, shape, activation and parameters, then the totals.</summary>
    /// <returns>Plain text, one line per row.</returns>
    public string Summary() => NetworkSummary.Format(this);

    /// <summary>Saves the network as a versioned JSON model file, atomically: a crash mid-save keeps the old file.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or its outputs for an input of all zeros or all ones are not finite (the file would not load); nothing was written.</exception>
    /// <exception cref="NotSupportedException">A layer's activation or the loss is custom (model files name built-ins only).</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) => ModelFiles.Save(this, trainer: null, path);

    /// <summary>Writes the network as a model file to a stream (left open; not atomic).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or its outputs for an input of all zeros or all ones are not finite (the file would not load); nothing was written.</exception>
    /// <exception cref="NotSupportedException">A layer's activation or the loss is custom.</exception>
    public void Save(Stream stream) => ModelFiles.Save(this, trainer: null, stream);

    /// <summary>Saves the network atomically, as <see cref="Save(string)"/>, with options (a signing key).</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="options">How to save: <see cref="ModelSaveOptions.SigningKey"/> signs the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or holds a non-finite value; nothing was written.</exception>
    /// <exception cref="NotSupportedException">A layer's activation or the loss is custom (model files name built-ins only).</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelFiles.Save(this, trainer: null, path, options: options);
    }

    /// <summary>Writes the network as a model file to a stream (left open; not atomic), with options (a signing key).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">How to save: <see cref="ModelSaveOptions.SigningKey"/> signs the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or holds a non-finite value; nothing was written.</exception>
    /// <exception cref="NotSupportedException">A layer's activation or the loss is custom.</exception>
    public void Save(Stream stream, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelFiles.Save(this, trainer: null, stream, options);
    }

    /// <summary>Loads a model file written by <see cref="Save(string)"/>, validating everything before it is used.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Limits (size); <see langword="null"/> means <see cref="ModelLoadOptions.Default"/>.</param>
    /// <returns>The network, predicting bit-identical outputs to the saved one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is damaged, hostile, too large, of another element type, or (with <see cref="ModelLoadOptions.SigningKey"/>) not signed with the key.</exception>
    /// <exception cref="IOException">The file cannot be read, or the path names a directory, a FIFO, a device or a socket rather than a regular file (refused before it is opened).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static Network<T> Load(string path, ModelLoadOptions? options = null) => ModelFiles.Load<T>(path, options, checkpoint: false).Network;

    /// <summary>Reads a model file from a stream (to its end), validating everything before it is used.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Limits (size); <see langword="null"/> means <see cref="ModelLoadOptions.Default"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is damaged, hostile, too large or of another element type.</exception>
    public static Network<T> Load(Stream stream, ModelLoadOptions? options = null) => ModelFiles.Load<T>(stream, options, checkpoint: false).Network;

    /// <inheritdoc />
    public override string ToString()
        => $"Network {InputSize}-{string.Join("-", _layers.Select(layer => layer.Neurons))} ({Loss.Name})";

    /// <summary>
    /// The forward pass that keeps nothing, on pooled buffers: writes the outputs (and, when asked, the output
    /// layer's weighted inputs) and throws if the weights changed meanwhile.
    /// </summary>
    internal void PredictInto(T[] inputValues, int batch, T[] outputs, T[]? outputWeightedInputs, bool checksInputsThroughFirstLayer = false)
    {
        var version = ReadStableVersion();
        var workspace = _inferencePool.Rent(batch);
        try
        {
            ForwardThroughLayers(inputValues, batch, workspace, outputs, outputWeightedInputs, checksInputsThroughFirstLayer);
        }
        finally
        {
            _inferencePool.Return(workspace);
        }

        if (!Guard.Unchanged(version))
        {
            throw ConcurrentChange("Predict");
        }
    }

    /// <summary>The parameters' version, or a throw when a change of them is under way.</summary>
    private long ReadStableVersion()
    {
        var version = Guard.ReadVersion();
        if ((version & 1) != 0)
        {
            throw ConcurrentChange("Predict");
        }

        return version;
    }

    /// <summary>
    /// Runs every layer, each reading the previous one's activations and writing one of the workspace's two buffers;
    /// the output layer writes into <paramref name="outputs"/> when given, else into a workspace buffer. Returns the
    /// array that holds the outputs.
    /// </summary>
    /// <remarks>
    /// When the output layer would read its input from the very array it is to write (a one-layer network asked to
    /// predict in place), it writes into a workspace buffer and the result is copied, so in-place prediction is correct.
    /// </remarks>
    private T[] ForwardThroughLayers(
        T[] inputValues, int batch, InferenceWorkspace<T> workspace, T[]? outputs, T[]? outputWeightedInputs, bool checksInputsThroughFirstLayer = false)
    {
        var previous = inputValues;
        var last = _layers.Length - 1;
        for (var l = 0; l < last; l++)
        {
            var buffer = l % 2 == 0 ? workspace.First : workspace.Second;
            _layers[l].Forward(previous, batch, buffer, buffer, _maxDegreeOfParallelism, checksInputs: l == 0 && checksInputsThroughFirstLayer);
            previous = buffer;
        }

        if (outputs is null || ReferenceEquals(previous, outputs))
        {
            var spare = last % 2 == 0 ? workspace.First : workspace.Second;
            _layers[last].Forward(previous, batch, outputWeightedInputs ?? spare, spare, _maxDegreeOfParallelism);
            if (outputs is null)
            {
                return spare;
            }

            spare.AsSpan(0, OutputSize * batch).CopyTo(outputs);
            return outputs;
        }

        _layers[last].Forward(previous, batch, outputWeightedInputs ?? outputs, outputs, _maxDegreeOfParallelism);
        return outputs;
    }

    private static InvalidOperationException ConcurrentChange(string operation)
        => new($"The network's weights changed while {operation} was running: training (or SetWeights) and {operation} on one network must not overlap. Call it after training, or on a separate copy.");
}
