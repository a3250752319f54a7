namespace Backprop.Kernels;

/// <summary>
/// The packed product split into disjoint output chunks that run on thread-pool threads and the calling thread,
/// without allocating: each calling thread reuses its own job object, queued with
/// <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/>, and waits on a reusable semaphore (its lock object is made in its constructor, so a wait that has
/// to block never allocates; a <see cref="ManualResetEventSlim"/> makes its lock at the first blocking wait).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One job per calling thread, kept for the life of the thread; its semaphore is never disposed on purpose.")]
internal sealed class ParallelProduct<T> : IThreadPoolWorkItem
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private static readonly StridedMatrix<T> None = new([], 0, 1, 1);

    [ThreadStatic]
    private static ParallelProduct<T>? _current;

    private readonly SemaphoreSlim _done = new(0, 1);
    private int _m;
    private int _n;
    private int _k;
    private StridedMatrix<T> _a = None;
    private StridedMatrix<T> _b = None;
    private StridedMatrix<T> _c = None;
    private T _scale;
    private bool _accumulate;
    private bool _splitColumns;
    private int _panels;
    private int _chunks;
    private int _nextChunk;
    private int _pending;
    private Exception? _failure;

    /// <summary>
    /// <c>C = scale·A·B</c> (or <c>C += scale·A·B</c>) by the packed product on up to <paramref name="threads"/> threads,
    /// the calling thread among them; on the calling thread alone when the output has only one micro-panel.
    /// </summary>
    public static void Run(int m, int n, int k, T scale, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c, bool accumulate, int threads)
    {
        // Split the output, never the reduction: whole micro-panels of columns or of rows, whichever leaves the
        // busiest thread the smaller share (W·A of a batch of 128 through 256 neurons: 4 + 4 row panels rather than
        // 6 + 5 column panels, and each half of W then packs only its own rows); when both are as even, columns when C
        // is wide and rows when it is tall (a mini-batch of 10 is narrow).
        var mr = MicroKernel<T>.MR;
        var rowPanels = (m + mr - 1) / mr;
        var columnPanels = (n + PackedProduct.NR - 1) / PackedProduct.NR;
        var columnShare = BusiestShare(columnPanels, threads);
        var rowShare = BusiestShare(rowPanels, threads);
        var splitColumns = columnShare < rowShare || (columnShare == rowShare && n / PackedProduct.NR >= m / mr);
        var panels = splitColumns ? columnPanels : rowPanels;
        var chunks = Math.Min(threads, panels);
        if (chunks <= 1)
        {
            PackedProduct.Multiply(m, n, k, scale, a, b, c, accumulate);
            return;
        }

        var job = _current ??= new ParallelProduct<T>();
        job._m = m;
        job._n = n;
        job._k = k;
        job._a = a;
        job._b = b;
        job._c = c;
        job._scale = scale;
        job._accumulate = accumulate;
        job._splitColumns = splitColumns;
        job._panels = panels;
        job._chunks = chunks;
        job._pending = chunks;
        job._failure = null;

        // Published last: a helper queued by the previous job that runs only now sees a finished job (its counter
        // past the end) until this store, and the whole new job after it.
        Volatile.Write(ref job._nextChunk, 0);
        for (var helper = 1; helper < chunks; helper++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        }

        // The caller works too, then waits for the chunks the pool threads took.
        job.Execute();
        job._done.Wait();
        job._a = job._b = job._c = None;
        if (job._failure is { } failure)
        {
            throw new AggregateException(failure);
        }
    }

    /// <summary>The fraction of the panels that the busiest of up to <paramref name="threads"/> threads computes.</summary>
    private static double BusiestShare(int panels, int threads)
    {
        if (panels <= 1 || threads <= 1)
        {
            return 1;
        }

        var chunks = Math.Min(threads, panels);
        return (double)((panels + chunks - 1) / chunks) / panels;
    }

    /// <summary>Takes chunks until none is left; the last finisher signals the caller.</summary>
    public void Execute()
    {
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunks)
        {
            try
            {
                RunChunk(chunk);
            }
            catch (Exception exception)
            {
                _failure = exception;
            }

            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Release();
            }
        }
    }

    private void RunChunk(int chunk)
    {
        var first = (int)((long)_panels * chunk / _chunks);
        var last = (int)((long)_panels * (chunk + 1) / _chunks);
        if (_splitColumns)
        {
            var j0 = first * PackedProduct.NR;
            var j1 = Math.Min(_n, last * PackedProduct.NR);
            PackedProduct.Multiply(_m, j1 - j0, _k, _scale, _a, _b.From(0, j0), _c.From(0, j0), _accumulate);
        }
        else
        {
            var mr = MicroKernel<T>.MR;
            var i0 = first * mr;
            var i1 = Math.Min(_m, last * mr);
            PackedProduct.Multiply(i1 - i0, _n, _k, _scale, _a.From(i0, 0), _b, _c.From(i0, 0), _accumulate);
        }
    }
}
