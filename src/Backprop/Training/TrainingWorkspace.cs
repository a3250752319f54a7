using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// The buffers of one forward-and-backward pass for one batch size: the input, per layer z, a, δ and the
/// gradients. Made once per batch size and reused by every step, so training allocates nothing in steady state.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class TrainingWorkspace<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    /// <exception cref="ArgumentOutOfRangeException">A layer's buffer of neurons × batch would pass <see cref="Array.MaxLength"/>.</exception>
    public TrainingWorkspace(IReadOnlyList<DenseLayer<T>> layers, int batchSize)
    {
        var widest = Math.Max(layers[0].InputSize, layers.Max(layer => layer.Neurons));
        if ((long)widest * batchSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, FormattableString.Invariant(
                $"A batch of {batchSize} samples through a layer of {widest} values would need {(long)widest * batchSize} elements per buffer; at most {Array.MaxLength} (Array.MaxLength). Use a smaller MiniBatchSize."));
        }

        BatchSize = batchSize;
        Input = new T[layers[0].InputSize * batchSize];
        Targets = new T[layers[^1].Neurons * batchSize];
        var count = layers.Count;
        WeightedInputs = new T[count][];
        Activations = new T[count][];
        Deltas = new T[count][];
        WeightGradients = new T[count][];
        BiasGradients = new T[count][];
        WeightGradientSumsOfSquares = new T[count];
        ForgetWeightGradientSumsOfSquares();
        DropoutMasks = new T[count][];
        DroppedActivations = new T[count][];
        var views = new LayerGradients<T>[count];
        _backward = new LayerBackwardBuffers<T>[count];
        MeanScale = batchSize == 1 ? T.One : T.One / T.CreateChecked(batchSize);
        for (var l = 0; l < count; l++)
        {
            var layer = layers[l];
            var z = Matrix<T>.Build.Dense(layer.Neurons, batchSize);
            var a = Matrix<T>.Build.Dense(layer.Neurons, batchSize);
            var delta = Matrix<T>.Build.Dense(layer.Neurons, batchSize);
            var weightGradient = Matrix<T>.Build.Dense(layer.Neurons, layer.InputSize);
            var biasGradient = layer.HasBiases ? Vector<T>.Build.Dense(layer.Neurons) : null;
            WeightedInputs[l] = z.AsColumnMajorArray();
            Activations[l] = a.AsColumnMajorArray();
            Deltas[l] = delta.AsColumnMajorArray();
            WeightGradients[l] = weightGradient.AsColumnMajorArray();
            BiasGradients[l] = biasGradient?.AsArray() ?? [];
            DropoutMasks[l] = layer.DropoutRate > 0 ? new T[layer.Neurons * batchSize] : [];
            DroppedActivations[l] = layer.DropoutRate > 0 ? new T[layer.Neurons * batchSize] : [];
            views[l] = new LayerGradients<T>(z, a, delta, weightGradient, biasGradient);
        }

        Gradients = new Gradients<T>(batchSize, views);
        for (var l = 0; l < count; l++)
        {
            _backward[l] = new LayerBackwardBuffers<T>(
                BatchSize, MeanScale, IsOutput: l == count - 1, WeightedInputs[l], Activations[l], DropoutMasks[l], Deltas[l],
                l == 0 ? Input : LayerOutput(l - 1), WeightGradients[l], BiasGradients[l], l == 0 ? null : Deltas[l - 1]);
        }
    }

    private readonly LayerBackwardBuffers<T>[] _backward;

    /// <summary>1/batch, by which every gradient is the mean of the per-sample ones (1 for one sample).</summary>
    public T MeanScale { get; }

    /// <summary>What layer <paramref name="l"/>'s backward step reads and writes in this workspace.</summary>
    public ref readonly LayerBackwardBuffers<T> Step(int l) => ref _backward[l];

    /// <summary>The number of samples per pass.</summary>
    public int BatchSize { get; }

    /// <summary>The inputs of the pass, <c>inputs × batch</c>, gathered or copied here.</summary>
    public T[] Input { get; }

    /// <summary>The targets of the pass, <c>outputs × batch</c>.</summary>
    public T[] Targets { get; }

    /// <summary>Per layer, z.</summary>
    public T[][] WeightedInputs { get; }

    /// <summary>Per layer, a.</summary>
    public T[][] Activations { get; }

    /// <summary>Per layer, δ.</summary>
    public T[][] Deltas { get; }

    /// <summary>Per layer, the mean dC/dW.</summary>
    public T[][] WeightGradients { get; }

    /// <summary>Per layer, the mean dC/db (empty for a layer without biases).</summary>
    public T[][] BiasGradients { get; }

    /// <summary>
    /// Per layer, the sum of the squares of the weight gradient that this step's update used (dC/dW after any clipping
    /// and weight decay), where the step's check of the update summed it in its pass (the plain gradient step, its check
    /// run as one chunk; <see cref="ElementwiseKernels.SumOfSquares{T}"/>'s bits); NaN where nothing measured it. It is
    /// forgotten (<see cref="ForgetWeightGradientSumsOfSquares"/>) wherever the gradients are computed anew (the backward
    /// pass, the fused one-sample step) and whenever they are handed out writable. The training diagnostics take it instead of a pass of their own.
    /// </summary>
    public T[] WeightGradientSumsOfSquares { get; }

    /// <summary>Marks every layer's <see cref="WeightGradientSumsOfSquares"/> as not measured (NaN).</summary>
    public void ForgetWeightGradientSumsOfSquares() => WeightGradientSumsOfSquares.AsSpan().Fill(T.NaN);

    /// <summary>Per layer with dropout, the mask of the last forward pass (0 or 1/(1 − p)); empty otherwise.</summary>
    public T[][] DropoutMasks { get; }

    /// <summary>Per layer with dropout, <c>a ⊙ mask</c>: what the next layer saw; empty otherwise.</summary>
    public T[][] DroppedActivations { get; }

    /// <summary>What layer <paramref name="l"/> passed on: its activations, after dropout if it has any.</summary>
    public T[] LayerOutput(int l) => DropoutMasks[l].Length > 0 ? DroppedActivations[l] : Activations[l];

    /// <summary>The public view of the same buffers.</summary>
    public Gradients<T> Gradients { get; }

    /// <summary>The optimizer's view of this workspace, made by the first trainer that uses it.</summary>
    public TrainingObjective<T>? Objective { get; set; }

    /// <summary>The samples' weights of the pass (see <see cref="SampleWeighting"/>), made on first use.</summary>
    public T[] SampleWeights => _sampleWeights ??= new T[BatchSize];

    /// <summary>True when <see cref="SampleWeights"/> holds this pass's weights; false for an unweighted pass.</summary>
    public bool IsWeighted { get; set; }

    private T[]? _sampleWeights;

    /// <summary>The fused one-sample step on these buffers, or null when the network's parts or the batch size have none.</summary>
    public SampleStep<T>? SampleStep { get; set; }

    /// <summary>True when this pass's step can be the fused one (<see cref="SampleStep"/>): one unweighted sample through small layers.</summary>
    public bool HasSampleStep => SampleStep is not null && !IsWeighted;

    /// <summary>True once a forward pass has filled z and a.</summary>
    public bool HasForwardPass { get; set; }
}
