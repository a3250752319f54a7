namespace Backprop.Kernels;

/// <summary>
/// The plain gradient step's two passes over a layer's weights, the check that every <c>w + scale·g</c> is finite and
/// then the update <c>w ← w + scale·g</c>, on several threads (<see cref="ParallelWorkers"/>), cut into the same chunks of
/// twelve-column panels as the weight-gradient product (<see cref="Gemm.SplitsWeightGradientByColumns{T}"/>): chunk 0,
/// the calling thread's in both, is read where it was computed, and so is each helper's when the same helper takes it.
/// </summary>
/// <remarks>
/// Run on the calling thread alone after a two-thread product, the update read half the gradient and wrote half the
/// weights from the other core's cache: on two cores the update of a 784-256 layer took 150 µs instead of 40, and two
/// threads trained a batch of 128 no faster than one. Split by rows instead (each column's top half on one thread),
/// the two threads' streams ran into each other's lines once per column and the update took 100 µs; split by whole
/// columns it takes 15–25. Each element is computed by the same operation whichever thread runs it, so the results are
/// bit-identical. Asked for one thread, or given too few columns for two chunks, both passes run on the calling thread
/// over the whole array.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ParallelUpdate<T> : IChunkedWork
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static ParallelUpdate<T>? _current;

    private T[] _weights = [];
    private T[] _gradient = [];
    private int _rows;
    private int _columns;
    private int _panels;
    private T _scale;
    private bool _apply;
    private int _notFinite;

    /// <summary>Whether <c>w + scale·g</c> is finite for every weight, computed, not stored.</summary>
    /// <param name="weights">W, column-major, <paramref name="rows"/> rows.</param>
    /// <param name="gradient">The gradient, of W's shape.</param>
    /// <param name="rows">W's rows (the layer's neurons).</param>
    /// <param name="scale">The step's <c>−η</c>.</param>
    /// <param name="threads">The threads to use: the gradient product's, or 1.</param>
    /// <param name="sumOfSquares">
    /// <c>Σ g²</c> from the same pass when it ran as one chunk (<see cref="ElementwiseKernels.SumOfSquares{T}"/>'s bits);
    /// NaN when it ran in several, whose partial sums would add up in an order that depends on the thread count.
    /// </param>
    /// <returns>True when every result is finite.</returns>
    public static bool IsFinite(T[] weights, T[] gradient, int rows, T scale, int threads, out T sumOfSquares)
        => Run(weights, gradient, rows, scale, threads, apply: false, out sumOfSquares);

    /// <summary><c>w ← w + scale·g</c> for every weight.</summary>
    /// <param name="weights">W, column-major, <paramref name="rows"/> rows.</param>
    /// <param name="gradient">The gradient, of W's shape.</param>
    /// <param name="rows">W's rows (the layer's neurons).</param>
    /// <param name="scale">The step's <c>−η</c>.</param>
    /// <param name="threads">The threads to use: the gradient product's, or 1.</param>
    public static void Apply(T[] weights, T[] gradient, int rows, T scale, int threads)
        => Run(weights, gradient, rows, scale, threads, apply: true, out _);

    private static bool Run(T[] weights, T[] gradient, int rows, T scale, int threads, bool apply, out T sumOfSquares)
    {
        System.Diagnostics.Debug.Assert(weights.Length == gradient.Length && weights.Length % rows == 0, "W and its gradient are rows × columns");
        var columns = weights.Length / rows;
        var panels = (columns + PackedProduct.NR - 1) / PackedProduct.NR;
        var chunks = Math.Min(Math.Min(threads, panels), ParallelWorkers.MaxChunks);
        if (chunks <= 1)
        {
            return Pass(weights, gradient, scale, apply, out sumOfSquares);
        }

        sumOfSquares = T.NaN;

        var job = _current ??= new ParallelUpdate<T>();
        job._weights = weights;
        job._gradient = gradient;
        job._rows = rows;
        job._columns = columns;
        job._panels = panels;
        job._scale = scale;
        job._apply = apply;
        job._notFinite = 0;
        try
        {
            ParallelWorkers.Run(job, chunks);
        }
        finally
        {
            job._weights = job._gradient = [];
        }

        return job._notFinite == 0;
    }

    /// <summary>The check (with the gradient's <c>Σ g²</c>) or the update (<c>Σ g²</c> not computed: NaN) of one contiguous run of weights.</summary>
    private static bool Pass(Span<T> weights, ReadOnlySpan<T> gradient, T scale, bool apply, out T sumOfSquares)
    {
        if (!apply)
        {
            return ElementwiseKernels.AddScaledIsFinite<T>(weights, gradient, scale, out sumOfSquares);
        }

        ElementwiseKernels.AddScaled(weights, gradient, scale);
        sumOfSquares = T.NaN;
        return true;
    }

    /// <inheritdoc />
    public void RunChunk(int chunk, int chunks)
    {
        // The columns of the gradient product's column chunk: whole twelve-column panels, as ParallelProduct cuts them.
        var first = Math.Min(_columns, ParallelWorkers.FirstPart(_panels, chunk, chunks) * PackedProduct.NR) * _rows;
        var last = chunk == chunks - 1 ? _weights.Length : Math.Min(_columns, ParallelWorkers.FirstPart(_panels, chunk + 1, chunks) * PackedProduct.NR) * _rows;
        if (!Pass(_weights.AsSpan(first..last), _gradient.AsSpan(first..last), _scale, _apply, out _))
        {
            Volatile.Write(ref _notFinite, 1);
        }
    }
}
