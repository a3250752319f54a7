using Backprop.Activations;
using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Layers;

/// <summary>
/// A fully connected layer: <c>z = W·a_prev + b</c>, <c>a = f(z)</c>, with W of shape
/// <c>neurons × inputs</c> (row i holds the weights into neuron i) and an optional bias per neuron.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The layer owns copies of its weights and biases. <see cref="Weights"/> and <see cref="Biases"/> are the
/// live values: reading them is always safe; change them through <see cref="SetWeights"/> and
/// <see cref="SetBiases"/>, which validate the values and let the owning network detect the change.
/// </remarks>
public sealed class DenseLayer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly T[] _weights;
    private readonly T[]? _biases;

    /// <summary>Creates a layer with the given weights, biases and activation (all values are copied).</summary>
    /// <param name="weights">The weights, <c>neurons × inputs</c>; every value finite.</param>
    /// <param name="biases">One bias per neuron, or <see langword="null"/> for a layer without biases.</param>
    /// <param name="activation">The activation function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="activation"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix is empty, the bias length differs from the number of rows, or a value is not finite.</exception>
    public DenseLayer(Matrix<T> weights, Vector<T>? biases, Activation<T> activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(activation);
        if (weights.RowCount == 0 || weights.ColumnCount == 0)
        {
            throw new ArgumentException(
                $"A layer needs at least one neuron and one input; the weight matrix is {weights.RowCount}×{weights.ColumnCount}.",
                nameof(weights));
        }

        Neurons = weights.RowCount;
        InputSize = weights.ColumnCount;
        Activation = activation;
        Weights = Matrix<T>.Build.Dense(Neurons, InputSize);
        _weights = Weights.AsColumnMajorArray();
        if (biases is not null)
        {
            Biases = Vector<T>.Build.Dense(Neurons);
            _biases = Biases.AsArray();
            SetBiases(biases);
        }

        SetWeights(weights);
    }

    /// <summary>Creates a layer with dropout on its outputs during training.</summary>
    /// <param name="weights">The weights, <c>neurons × inputs</c>; every value finite.</param>
    /// <param name="biases">One bias per neuron, or <see langword="null"/>.</param>
    /// <param name="activation">The activation function.</param>
    /// <param name="dropoutRate">The probability p in [0, 1) that an output is dropped while training (inverted dropout: kept outputs are scaled by 1/(1 − p); prediction uses every output unscaled).</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="activation"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix is empty, the bias length differs from the number of rows, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dropoutRate"/> is not in [0, 1).</exception>
    public DenseLayer(Matrix<T> weights, Vector<T>? biases, Activation<T> activation, double dropoutRate)
        : this(weights, biases, activation)
    {
        if (!(dropoutRate >= 0 && dropoutRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "The dropout rate must be in [0, 1).");
        }

        DropoutRate = dropoutRate;
    }

    /// <summary>Creates a layer without biases (as in the 2-2-1 worked example).</summary>
    /// <param name="weights">The weights, <c>neurons × inputs</c>.</param>
    /// <param name="activation">The activation function.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="activation"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix is empty or holds a value that is not finite.</exception>
    public DenseLayer(Matrix<T> weights, Activation<T> activation)
        : this(weights, null, activation)
    {
    }

    /// <summary>The number of inputs (columns of <see cref="Weights"/>).</summary>
    public int InputSize { get; }

    /// <summary>The number of neurons, which is the layer's output size (rows of <see cref="Weights"/>).</summary>
    public int Neurons { get; }

    /// <summary>The activation function.</summary>
    public Activation<T> Activation { get; }

    /// <summary>The live weights, <c>neurons × inputs</c>. Change them with <see cref="SetWeights"/>.</summary>
    public Matrix<T> Weights { get; }

    /// <summary>The live biases (one per neuron), or <see langword="null"/> when the layer has none.</summary>
    public Vector<T>? Biases { get; }

    /// <summary>
    /// The probability that each output is dropped while training (0: no dropout). Inverted dropout: kept
    /// outputs are scaled by <c>1/(1 − p)</c>, so prediction uses every output as is.
    /// </summary>
    public double DropoutRate { get; }

    /// <summary>True when the layer adds a bias to each neuron's weighted input.</summary>
    public bool HasBiases => _biases is not null;

    /// <summary>The number of trainable parameters (weights plus biases).</summary>
    public int ParameterCount => _weights.Length + (_biases?.Length ?? 0);

    /// <summary>Raised around every change of the parameters, so an owning network can guard readers.</summary>
    internal IWeightChangeObserver? Observer { get; set; }

    /// <summary>The column-major storage of <see cref="Weights"/>.</summary>
    internal T[] WeightValues => _weights;

    /// <summary>The storage of <see cref="Biases"/>, or null.</summary>
    internal T[]? BiasValues => _biases;

    /// <summary>Replaces the weights with a copy of <paramref name="weights"/>.</summary>
    /// <param name="weights">The new weights, <c>neurons × inputs</c>; every value finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape differs from <see cref="Weights"/>, or a value is not finite.</exception>
    public void SetWeights(Matrix<T> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        InputValidation.RequireShape(weights, Neurons, InputSize, nameof(weights), "the layer's weights (neurons × inputs)");
        var values = weights.AsColumnMajorArray() ?? weights.ToColumnMajorArray();
        InputValidation.RequireFinite<T>(values, Neurons, nameof(weights));
        Observer?.BeginChange();
        try
        {
            values.AsSpan().CopyTo(_weights);
        }
        finally
        {
            Observer?.EndChange();
        }
    }

    /// <summary>Replaces the biases with a copy of <paramref name="biases"/>.</summary>
    /// <param name="biases">The new biases, one per neuron; every value finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="biases"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The layer was created without biases.</exception>
    /// <exception cref="ArgumentException">The length differs from <see cref="Neurons"/>, or a value is not finite.</exception>
    public void SetBiases(Vector<T> biases)
    {
        ArgumentNullException.ThrowIfNull(biases);
        if (_biases is null)
        {
            throw new InvalidOperationException("This layer was created without biases; it cannot take bias values.");
        }

        if (biases.Count != Neurons)
        {
            throw new ArgumentException($"Expected {Neurons} biases (one per neuron) but got {biases.Count}.", nameof(biases));
        }

        var values = biases.AsArray() ?? biases.ToArray();
        InputValidation.RequireFinite<T>(values, Neurons, nameof(biases));
        Observer?.BeginChange();
        try
        {
            values.AsSpan().CopyTo(_biases);
        }
        finally
        {
            Observer?.EndChange();
        }
    }

    /// <summary>
    /// The forward pass of this layer for a batch: <c>z = W·a_prev + b</c>, then <c>a = f(z)</c>.
    /// <paramref name="activations"/> may be the same array as <paramref name="weightedInputs"/>.
    /// </summary>
    internal void Forward(T[] previousActivations, int batch, T[] weightedInputs, T[] activations, int maxDegreeOfParallelism)
    {
        if (batch == 1 && IsSmall)
        {
            ForwardOneSmall(previousActivations, weightedInputs, activations);
            return;
        }

        MatrixProducts.WeightsTimesActivations(_weights, Neurons, InputSize, previousActivations, batch, weightedInputs, maxDegreeOfParallelism);
        var z = weightedInputs.AsSpan(0, Neurons * batch);
        if (_biases is not null)
        {
            ElementwiseKernels.AddToEachColumn<T>(z, Neurons, _biases);
        }

        Activation.Activate(z, activations.AsSpan(0, Neurons * batch), Neurons);
    }

    /// <summary>
    /// True when the layer has at most <see cref="SmallLayerMaxWeights"/> weights: one sample's products then run as
    /// plain loops here, since the set-up of a general product would cost more than its arithmetic.
    /// </summary>
    internal bool IsSmall => _weights.Length <= SmallLayerMaxWeights;

    /// <summary>The largest weight count of a layer that <see cref="IsSmall"/>.</summary>
    internal const int SmallLayerMaxWeights = 64;

    /// <summary>One sample through a small layer: <c>z = W·a + b</c> (the sum in the order the general product uses), then <c>f(z)</c>.</summary>
    private void ForwardOneSmall(T[] previousActivations, T[] weightedInputs, T[] activations)
    {
        var neurons = Neurons;
        var inputs = InputSize;
        var weights = _weights;
        for (var i = 0; i < neurons; i++)
        {
            var sum = T.Zero;
            for (var j = 0; j < inputs; j++)
            {
                sum += weights[i + (j * neurons)] * previousActivations[j];
            }

            weightedInputs[i] = _biases is null ? sum : sum + _biases[i];
        }

        Activation.Activate(weightedInputs.AsSpan(0, neurons), activations.AsSpan(0, neurons), neurons);
    }

    /// <summary>
    /// One sample back through a small layer: <c>dC/dW = δ·aᵀ</c>, <c>dC/db = δ</c>, and, when
    /// <paramref name="previousDelta"/> is given, <c>(Wᵀ·δ)</c> into it (before the previous layer's derivative).
    /// </summary>
    internal void BackwardOneSmall(T[] delta, T[] previousActivations, T[] weightGradient, T[] biasGradient, T[]? previousDelta)
    {
        var neurons = Neurons;
        var inputs = InputSize;
        var weights = _weights;
        for (var j = 0; j < inputs; j++)
        {
            var input = previousActivations[j];
            var sum = T.Zero;
            for (var i = 0; i < neurons; i++)
            {
                weightGradient[i + (j * neurons)] = delta[i] * input;
                sum += weights[i + (j * neurons)] * delta[i];
            }

            if (previousDelta is not null)
            {
                previousDelta[j] = sum;
            }
        }

        if (_biases is not null)
        {
            delta.AsSpan(0, neurons).CopyTo(biasGradient);
        }
    }

    /// <inheritdoc />
    public override string ToString()
        => $"Dense {InputSize}→{Neurons} {Activation.Name}{(HasBiases ? string.Empty : " (no biases)")}{(DropoutRate > 0 ? FormattableString.Invariant($", dropout {DropoutRate:R}") : string.Empty)}";
}
