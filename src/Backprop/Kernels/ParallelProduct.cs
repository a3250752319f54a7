namespace Backprop.Kernels;

/// <summary>
/// One matrix product split into disjoint output chunks that run on thread-pool threads and the calling
/// thread, without allocating: each calling thread reuses its own job object, queued with
/// <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/>, and waits on a reusable event.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One job per calling thread, kept for the life of the thread; its event is never disposed on purpose.")]
internal sealed class ParallelProduct<T> : IThreadPoolWorkItem
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static ParallelProduct<T>? _current;

    private readonly ManualResetEventSlim _done = new(false);
    private int _m;
    private int _n;
    private int _k;
    private T[] _a = [];
    private int _aOffset;
    private int _aRowStride;
    private int _aColStride;
    private T[] _b = [];
    private int _bOffset;
    private int _bRowStride;
    private int _bColStride;
    private T[] _c = [];
    private int _cOffset;
    private int _ldc;
    private T _scale;
    private bool _accumulate;
    private bool _splitColumns;
    private int _panels;
    private int _chunks;
    private int _nextChunk;
    private int _pending;
    private Exception? _failure;

    /// <summary>Computes the product with up to <paramref name="chunks"/> chunks of whole micro-panels.</summary>
    public static void Run(
        int m, int n, int k, T scale,
        T[] a, int aOffset, int aRowStride, int aColStride,
        T[] b, int bOffset, int bRowStride, int bColStride,
        T[] c, int cOffset, int ldc,
        bool accumulate, bool splitColumns, int panels, int chunks)
    {
        var job = _current ??= new ParallelProduct<T>();
        job._m = m;
        job._n = n;
        job._k = k;
        job._a = a;
        job._aOffset = aOffset;
        job._aRowStride = aRowStride;
        job._aColStride = aColStride;
        job._b = b;
        job._bOffset = bOffset;
        job._bRowStride = bRowStride;
        job._bColStride = bColStride;
        job._c = c;
        job._cOffset = cOffset;
        job._ldc = ldc;
        job._scale = scale;
        job._accumulate = accumulate;
        job._splitColumns = splitColumns;
        job._panels = panels;
        job._chunks = chunks;
        job._nextChunk = 0;
        job._pending = chunks;
        job._failure = null;
        job._done.Reset();
        for (var helper = 1; helper < chunks; helper++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        }

        // The caller works too, then waits for the chunks the pool threads took.
        job.Execute();
        job._done.Wait();
        job._a = job._b = job._c = [];
        if (job._failure is { } failure)
        {
            throw new AggregateException(failure);
        }
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
                _done.Set();
            }
        }
    }

    private void RunChunk(int chunk)
    {
        var first = (int)((long)_panels * chunk / _chunks);
        var last = (int)((long)_panels * (chunk + 1) / _chunks);
        if (_splitColumns)
        {
            var j0 = first * Gemm.NR;
            var j1 = Math.Min(_n, last * Gemm.NR);
            Gemm.MultiplyPacked(_m, j1 - j0, _k, _scale, _a, _aOffset, _aRowStride, _aColStride,
                _b, _bOffset + (j0 * _bColStride), _bRowStride, _bColStride, _c, _cOffset + (j0 * _ldc), _ldc, _accumulate);
        }
        else
        {
            var mr = MicroKernel<T>.MR;
            var i0 = first * mr;
            var i1 = Math.Min(_m, last * mr);
            Gemm.MultiplyPacked(i1 - i0, _n, _k, _scale, _a, _aOffset + (i0 * _aRowStride), _aRowStride, _aColStride,
                _b, _bOffset, _bRowStride, _bColStride, _c, _cOffset + i0, _ldc, _accumulate);
        }
    }
}
