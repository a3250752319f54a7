using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// The cost of the current mini-batch as a function of the network's parameters: what an
/// <see cref="Optimizer{T}"/> works on. The parameters come in segments (per layer: its weights, then its
/// biases if it has any), each with the gradient of the mean batch cost beside it.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// A trainer makes one objective per batch size and reuses it, so an optimizer step allocates nothing.
/// Parameters may be changed in place between evaluations; <see cref="Evaluate"/> always uses the current values.
/// </remarks>
public sealed class TrainingObjective<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Network<T> _network;
    private readonly TrainingWorkspace<T> _workspace;
    private readonly TrainingEngine<T> _engine;
    private readonly T[][] _parameters;
    private readonly T[][] _gradients;
    private readonly bool[] _isBias;

    /// <summary>Per segment, the layer it belongs to.</summary>
    private readonly int[] _layerOf;

    /// <summary>Per segment, its rows and columns (a layer's neurons and inputs; biases: one column).</summary>
    private readonly (int Rows, int Columns)[] _shapes;

    internal TrainingObjective(Network<T> network, TrainingWorkspace<T> workspace)
    {
        _network = network;
        _workspace = workspace;
        _engine = network.Training;
        var parameters = new List<T[]>();
        var gradients = new List<T[]>();
        var isBias = new List<bool>();
        var layerOf = new List<int>();
        var shapes = new List<(int, int)>();
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            parameters.Add(layer.WeightValues);
            gradients.Add(workspace.WeightGradients[l]);
            isBias.Add(false);
            layerOf.Add(l);
            shapes.Add((layer.Neurons, layer.InputSize));
            if (layer.BiasValues is { } biases)
            {
                parameters.Add(biases);
                gradients.Add(workspace.BiasGradients[l]);
                isBias.Add(true);
                layerOf.Add(l);
                shapes.Add((layer.Neurons, 1));
            }
        }

        _parameters = [.. parameters];
        _gradients = [.. gradients];
        _isBias = [.. isBias];
        _layerOf = [.. layerOf];
        _shapes = [.. shapes];
        ParameterCount = _parameters.Sum(segment => segment.Length);
    }

    /// <summary>The number of parameter segments (per layer: weights, then biases if present).</summary>
    public int SegmentCount => _parameters.Length;

    /// <summary>The total number of parameters in all segments.</summary>
    public int ParameterCount { get; }

    /// <summary>The 1-based epoch of the current batch (0 outside an epoch loop).</summary>
    public int Epoch { get; internal set; }

    /// <summary>The 1-based batch within the epoch.</summary>
    public int Batch { get; internal set; }

    /// <summary>The 1-based number of the update being made, counted over the trainer's life (for schedules and bias correction).</summary>
    public long StepNumber { get; internal set; }

    /// <summary>True when the segment holds biases (weight decay leaves biases alone).</summary>
    /// <param name="segment">The segment index.</param>
    /// <returns>Whether the segment is a bias vector.</returns>
    public bool IsBiasSegment(int segment) => _isBias[segment];

    /// <summary>The live values of one parameter segment (column-major weights, or biases).</summary>
    /// <param name="segment">The segment index, 0 ≤ segment &lt; <see cref="SegmentCount"/>.</param>
    /// <returns>The parameters, to read and update in place.</returns>
    public Span<T> GetParameters(int segment) => _parameters[segment];

    /// <summary>The gradient of the mean batch cost with respect to one segment, from the last evaluation.</summary>
    /// <param name="segment">The segment index.</param>
    /// <returns>The gradient, the same length as the segment; writable (for clipping).</returns>
    /// <remarks>The gradient may be changed through the span, so any sum of its squares measured before is forgotten.</remarks>
    public Span<T> GetGradient(int segment)
    {
        _workspace.ForgetWeightGradientSumsOfSquares();
        return _gradients[segment];
    }

    /// <summary>
    /// Whether <c>p + scale·g</c> is finite for every parameter of <paramref name="segment"/>; computed, not stored. For
    /// weights, the pass's <c>Σ g²</c> goes to the workspace's <see cref="TrainingWorkspace{T}.WeightGradientSumsOfSquares"/>
    /// (NaN when the check ran in several chunks).
    /// </summary>
    internal bool AddScaledGradientIsFinite(int segment, T scale)
    {
        var finite = ParallelUpdate<T>.IsFinite(_parameters[segment], _gradients[segment], _shapes[segment].Rows, scale, UpdateThreads(segment), out var sumOfSquares);
        if (!_isBias[segment])
        {
            _workspace.WeightGradientSumsOfSquares[_layerOf[segment]] = sumOfSquares;
        }

        return finite;
    }

    /// <summary>
    /// The threads of the plain gradient step of <paramref name="segment"/>: those of the layer's weight-gradient product
    /// when it was split by columns, each then on the columns it computed there (<see cref="ParallelUpdate{T}"/>); else one.
    /// </summary>
    private int UpdateThreads(int segment)
        => !_isBias[segment]
            && Gemm.SplitsWeightGradientByColumns<T>(_shapes[segment].Rows, _shapes[segment].Columns, _workspace.BatchSize, _network.MaxDegreeOfParallelism)
            ? _network.MaxDegreeOfParallelism
            : 1;

    /// <summary><c>p ← p + scale·g</c> for every parameter of <paramref name="segment"/> (the plain gradient step with <c>scale = −η</c>).</summary>
    internal void AddScaledGradient(int segment, T scale)
        => ParallelUpdate<T>.Apply(_parameters[segment], _gradients[segment], _shapes[segment].Rows, scale, UpdateThreads(segment));

    /// <summary>
    /// Runs the forward and backward passes at the current parameters on the current batch, refreshing every
    /// gradient.
    /// </summary>
    /// <returns>The mean cost of the batch.</returns>
    /// <exception cref="TrainingDivergedException">The cost or a gradient is NaN or infinite.</exception>
    public T Evaluate()
    {
        if (!TryEvaluate(out var cost))
        {
            var reason = T.IsFinite(cost) ? "a gradient is not finite" : "the cost is not finite";
            throw new TrainingDivergedException(Epoch, Batch, double.CreateChecked(cost), reason);
        }

        return cost;
    }

    /// <summary>Like <see cref="Evaluate"/>, but reports a non-finite cost or gradient by returning false.</summary>
    /// <param name="cost">The mean cost of the batch (possibly not finite).</param>
    /// <returns>True when the cost and every gradient are finite.</returns>
    public bool TryEvaluate(out T cost)
    {
        _network.Training.Forward(_workspace);
        cost = _network.Training.Backward(_workspace);
        return T.IsFinite(cost) && GradientsAreFinite();
    }

    /// <summary>True when every parameter is finite.</summary>
    /// <returns>Whether all parameters are finite.</returns>
    public bool ParametersAreFinite()
    {
        foreach (var segment in _parameters)
        {
            if (!ElementwiseKernels.AllFinite<T>(segment))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The global L2 norm of the gradient over all segments.</summary>
    /// <returns><c>√(Σ g²)</c>.</returns>
    public T GradientNorm()
    {
        var sum = T.Zero;
        foreach (var gradient in _gradients)
        {
            sum += System.Numerics.Tensors.TensorPrimitives.SumOfSquares<T>(gradient);
        }

        return T.Sqrt(sum);
    }

    /// <summary>
    /// The forward and backward passes, throwing only when the cost is not finite; the caller takes over checking
    /// the gradients (a gradient optimizer checks the parameters it updates instead).
    /// </summary>
    internal T EvaluateWithoutGradientCheck()
    {
        _network.Training.Forward(_workspace);
        var cost = _network.Training.Backward(_workspace);
        if (!T.IsFinite(cost))
        {
            throw new TrainingDivergedException(Epoch, Batch, double.CreateChecked(cost), "the cost is not finite");
        }

        return cost;
    }

    /// <summary>
    /// True when the current batch can take the fused one-sample step (<see cref="EvaluateSampleStep"/>): one unweighted
    /// sample through a network whose layers and loss have one-sample forms.
    /// </summary>
    internal bool HasSampleStep => _workspace.HasSampleStep;

    /// <summary>
    /// The forward and backward passes of the fused one-sample step, as <see cref="EvaluateWithoutGradientCheck"/> does
    /// them (the same gradients, the same throw), and whether the plain gradient step <c>p + scale·g</c> would leave
    /// every parameter finite; the parameters are not touched.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The cost is not finite.</exception>
    internal T EvaluateSampleStep(T scale, out bool updateIsFinite)
    {
        var cost = _engine.SampleStepCost(_workspace, scale, out updateIsFinite);
        if (!T.IsFinite(cost))
        {
            throw new TrainingDivergedException(Epoch, Batch, double.CreateChecked(cost), "the cost is not finite");
        }

        return cost;
    }

    /// <summary>The plain gradient step <c>p ← p + scale·g</c> on every parameter, after <see cref="EvaluateSampleStep"/>.</summary>
    internal void ApplySampleStep(T scale) => _workspace.SampleStep!.Update(scale);

    /// <summary>True when every gradient of the last evaluation is finite.</summary>
    internal bool GradientsAreFinite()
    {
        foreach (var gradient in _gradients)
        {
            if (!ElementwiseKernels.AllFinite<T>(gradient))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies every parameter into <paramref name="destination"/> (one array per segment).</summary>
    internal void CopyParametersTo(T[][] destination)
    {
        for (var s = 0; s < _parameters.Length; s++)
        {
            _parameters[s].AsSpan().CopyTo(destination[s]);
        }
    }

    /// <summary>Restores every parameter from <paramref name="source"/>.</summary>
    internal void RestoreParametersFrom(T[][] source)
    {
        for (var s = 0; s < _parameters.Length; s++)
        {
            source[s].AsSpan().CopyTo(_parameters[s]);
        }
    }

    /// <summary>Makes one zeroed array per segment, shaped like the parameters (for optimizer state).</summary>
    /// <returns>The arrays, one per segment.</returns>
    public T[][] CreateSegmentArrays()
    {
        var arrays = new T[_parameters.Length][];
        for (var s = 0; s < arrays.Length; s++)
        {
            arrays[s] = new T[_parameters[s].Length];
        }

        return arrays;
    }
}
