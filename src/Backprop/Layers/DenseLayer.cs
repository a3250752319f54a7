using System.Numerics.Tensors;
using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A fully connected layer: <c>z = W·a_prev + b</c>, <c>a = f(z)</c>, with W of shape
/// <c>neurons × inputs</c> (row i holds the weights into neuron i) and an optional bias per neuron.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The layer owns its weights and biases: <see cref="GetWeights"/> and <see cref="GetBiases"/> return copies, and
/// <see cref="SetWeights"/> and <see cref="SetBiases"/> validate new values and change them through the owning
/// network's guard, so a concurrent prediction notices and a change during training is refused.
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
        _weights = new T[Neurons * InputSize];
        if (biases is not null)
        {
            _biases = new T[Neurons];
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
        RequireDropoutRate(dropoutRate);

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

    /// <summary>
    /// A layer that takes <paramref name="columnMajorWeights"/> and <paramref name="biases"/> as its own storage,
    /// without copying them: for a loader that has just decoded and checked them (every value finite) and keeps no
    /// reference.
    /// </summary>
    internal static DenseLayer<T> Adopt(int neurons, int inputs, T[] columnMajorWeights, T[]? biases, Activation<T> activation, double dropoutRate)
        => new(neurons, inputs, columnMajorWeights, biases, activation, dropoutRate);

    private DenseLayer(int neurons, int inputs, T[] columnMajorWeights, T[]? biases, Activation<T> activation, double dropoutRate)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (columnMajorWeights.Length != (long)neurons * inputs || (biases is not null && biases.Length != neurons))
        {
            throw new ArgumentException(
                FormattableString.Invariant($"A {neurons}×{inputs} layer needs {(long)neurons * inputs} weights and {neurons} biases; got {columnMajorWeights.Length} and {biases?.Length}."));
        }

        RequireDropoutRate(dropoutRate);

        Neurons = neurons;
        InputSize = inputs;
        Activation = activation;
        DropoutRate = dropoutRate;
        _weights = columnMajorWeights;
        _biases = biases;
    }

    private static void RequireDropoutRate(double dropoutRate)
    {
        if (!(dropoutRate >= 0 && dropoutRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "The dropout rate must be in [0, 1).");
        }
    }

    /// <summary>The number of inputs (columns of the weights).</summary>
    public int InputSize { get; }

    /// <summary>The number of neurons, which is the layer's output size (rows of the weights).</summary>
    public int Neurons { get; }

    /// <summary>The activation function.</summary>
    public Activation<T> Activation { get; }

    /// <summary>A copy of the weights, <c>neurons × inputs</c> (row i holds the weights into neuron i). Change them with <see cref="SetWeights"/>.</summary>
    /// <returns>A new matrix; changing it does not change the layer.</returns>
    public Matrix<T> GetWeights() => Matrix<T>.Build.Dense(Neurons, InputSize, (T[])_weights.Clone());

    /// <summary>A copy of the biases (one per neuron), or <see langword="null"/> when the layer has none. Change them with <see cref="SetBiases"/>.</summary>
    /// <returns>A new vector, or null; changing it does not change the layer.</returns>
    public Vector<T>? GetBiases() => _biases is null ? null : Vector<T>.Build.Dense((T[])_biases.Clone());

    /// <summary>
    /// The probability that each output is dropped while training (0: no dropout). Inverted dropout: kept
    /// outputs are scaled by <c>1/(1 − p)</c>, so prediction uses every output as is.
    /// </summary>
    public double DropoutRate { get; }

    /// <summary>True when the layer adds a bias to each neuron's weighted input.</summary>
    public bool HasBiases => _biases is not null;

    /// <summary>The number of trainable parameters (weights plus biases).</summary>
    public int ParameterCount => _weights.Length + (_biases?.Length ?? 0);

    /// <summary>The guard of the network that owns this layer: every change of the parameters goes through it.</summary>
    internal ParameterGuard? Guard { get; set; }

    /// <summary>The column-major storage of the weights.</summary>
    internal T[] WeightValues => _weights;

    /// <summary>The storage of the biases, or null.</summary>
    internal T[]? BiasValues => _biases;

    /// <summary>Replaces the weights with a copy of <paramref name="weights"/>.</summary>
    /// <param name="weights">The new weights, <c>neurons × inputs</c>; every value finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape differs from the layer's (<c>neurons × inputs</c>), or a value is not finite.</exception>
    /// <exception cref="InvalidOperationException">The owning network is being trained or changed by another call.</exception>
    public void SetWeights(Matrix<T> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        InputValidation.RequireShape(weights, Neurons, InputSize, nameof(weights), "the layer's weights (neurons × inputs)");
        var values = weights.AsColumnMajorArray() ?? weights.ToColumnMajorArray();
        InputValidation.RequireFinite<T>(values, Neurons, nameof(weights));
        Replace(values, _weights);
    }

    /// <summary>Replaces the biases with a copy of <paramref name="biases"/>.</summary>
    /// <param name="biases">The new biases, one per neuron; every value finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="biases"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The layer was created without biases.</exception>
    /// <exception cref="ArgumentException">The length differs from <see cref="Neurons"/>, or a value is not finite.</exception>
    /// <exception cref="InvalidOperationException">The layer has no biases, or the owning network is being trained or changed by another call.</exception>
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
        Replace(values, _biases);
    }

    /// <summary>Copies validated values over parameters, inside the owning network's training scope and weight update.</summary>
    private void Replace(T[] values, T[] parameters)
    {
        if (Guard is null)
        {
            values.AsSpan(0, parameters.Length).CopyTo(parameters);
            return;
        }

        using var training = Guard.EnterTraining();
        using var update = training.BeginWeightUpdate();
        values.AsSpan(0, parameters.Length).CopyTo(parameters);
    }

    /// <summary>
    /// The forward pass of this layer for a batch: <c>z = W·a_prev + b</c>, then <c>a = f(z)</c>.
    /// <paramref name="activations"/> may be the same array as <paramref name="weightedInputs"/>. With
    /// <paramref name="checksInputs"/>, a NaN or ±∞ in <paramref name="previousActivations"/> (the network's inputs) throws
    /// <see cref="ArgumentException"/> before the activation runs.
    /// </summary>
    internal void Forward(T[] previousActivations, int batch, T[] weightedInputs, T[] activations, int maxDegreeOfParallelism, bool checksInputs = false)
    {
        if (batch == 1 && IsSmall)
        {
            ForwardOneSmall(previousActivations, weightedInputs, activations, checksInputs);
            return;
        }

        MatrixProducts.WeightsTimesActivations(_weights, Neurons, InputSize, previousActivations, batch, weightedInputs, maxDegreeOfParallelism);
        var z = weightedInputs.AsSpan(0, Neurons * batch);
        if (_biases is not null)
        {
            ElementwiseKernels.AddToEachColumn<T>(z, Neurons, _biases);
        }

        if (checksInputs)
        {
            RequireFiniteInputs(previousActivations, z, batch);
        }

        Activation.Activate(z, activations.AsSpan(0, Neurons * batch), Neurons);
    }

    /// <summary>
    /// Throws when an input is NaN or ±∞, reading the weighted inputs <paramref name="z"/> in their place: such an input
    /// makes every weighted input of the layer non-finite (NaN·w = NaN, ∞·0 = NaN, ∞·w = ±∞, and no finite term brings a
    /// sum back). Only when one is not finite are the inputs themselves read, to name the bad one or, when there is none
    /// (a sum that overflowed), to go on as before.
    /// </summary>
    private void RequireFiniteInputs(T[] inputs, ReadOnlySpan<T> z, int batch)
    {
        if (!ElementwiseKernels.AllFinite(z))
        {
            InputValidation.RequireFinite<T>(inputs.AsSpan(0, InputSize * batch), InputSize, nameof(inputs));
        }
    }

    /// <summary>
    /// True when the layer has at most <see cref="SmallLayerMaxWeights"/> weights: one sample's products then run as
    /// plain loops here, since the set-up of a general product would cost more than its arithmetic.
    /// </summary>
    internal bool IsSmall => _weights.Length <= SmallLayerMaxWeights;

    /// <summary>The largest weight count of a layer that <see cref="IsSmall"/>.</summary>
    internal const int SmallLayerMaxWeights = 64;

    /// <summary>One sample through a small layer: <c>z = W·a + b</c> (the loop the fused per-sample step shares), then <c>f(z)</c>.</summary>
    private void ForwardOneSmall(T[] previousActivations, T[] weightedInputs, T[] activations, bool checksInputs)
    {
        SmallLayerKernel<T>.WeightedInputs(_weights, _biases, Neurons, previousActivations.AsSpan(0, InputSize), weightedInputs);
        if (checksInputs)
        {
            RequireFiniteInputs(previousActivations, weightedInputs.AsSpan(0, Neurons), batch: 1);
        }

        Activation.Activate(weightedInputs.AsSpan(0, Neurons), activations.AsSpan(0, Neurons), Neurons);
    }

    /// <summary>
    /// This layer's part of the backward pass. Below the output, <see cref="LayerBackwardBuffers{T}.Delta"/> holds on
    /// entry the error the layer above passed down, <c>(Wˡ⁺¹)ᵀ δˡ⁺¹</c>; at the output it holds δᴸ from the loss (BP1).
    /// </summary>
    internal void Backward(in LayerBackwardBuffers<T> pass, int maxDegreeOfParallelism)
    {
        var delta = pass.Delta;
        if (!pass.IsOutput)
        {
            if (DropoutRate > 0)
            {
                // Through this layer's dropout mask first: ∂C/∂a = m ⊙ ∂C/∂(a ⊙ m).
                TensorPrimitives.Multiply<T>(delta, pass.DropoutMask, delta);
            }

            // (BP2) δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f′(zˡ)
            Activation.MultiplyByDerivative(pass.WeightedInputs, pass.Activations, delta, Neurons);
        }

        if (pass.Batch == 1 && IsSmall)
        {
            BackwardOneSmall(pass);
            return;
        }

        // (BP3) ∂C/∂bˡ = δˡ, the mean over the batch's columns.
        if (_biases is not null)
        {
            ElementwiseKernels.SumColumns<T>(delta, Neurons, pass.MeanScale, pass.BiasGradient);
        }

        // (BP4) ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ, the mean over the batch's columns (the 1/batch folded into the product).
        MatrixProducts.DeltasTimesTransposedActivations(
            delta, Neurons, pass.PreviousActivations, InputSize, pass.Batch, pass.MeanScale, pass.WeightGradient, maxDegreeOfParallelism);

        // (Wˡ)ᵀ δˡ: the error passed down to the layer below, the first factor of its BP2.
        if (pass.PreviousDelta is { } previousDelta)
        {
            MatrixProducts.TransposedWeightsTimesDeltas(_weights, Neurons, InputSize, delta, pass.Batch, previousDelta, maxDegreeOfParallelism);
        }
    }

    /// <summary>
    /// One sample back through a small layer: BP3 (<c>dC/db = δ</c>), BP4 (<c>dC/dW = δ·aᵀ</c>) and <c>Wᵀ·δ</c> for the
    /// layer below, in the one loop over the weights that the fused per-sample step shares (its check is not needed here).
    /// </summary>
    private void BackwardOneSmall(in LayerBackwardBuffers<T> pass)
        => SmallLayerKernel<T>.Gradients(
            _weights, _biases, pass.Delta.AsSpan(0, Neurons), pass.PreviousActivations.AsSpan(0, InputSize),
            pass.WeightGradient, pass.BiasGradient, pass.PreviousDelta, scale: T.Zero);

    /// <inheritdoc />
    public override string ToString()
        => $"Dense {InputSize}→{Neurons} {Activation.Name}{(HasBiases ? string.Empty : " (no biases)")}{(DropoutRate > 0 ? FormattableString.Invariant($", dropout {DropoutRate:R}") : string.Empty)}";
}
