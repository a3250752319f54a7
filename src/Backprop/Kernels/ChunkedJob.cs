namespace Backprop.Kernels;

/// <summary>
/// Work split into chunks that the calling thread and the library's kernel threads (<see cref="KernelThreads"/>)
/// claim one at a time, without allocating: each kind of job keeps one object per calling thread and reuses it.
/// </summary>
/// <remarks>
/// A job runs as <see cref="Close"/>, then the caller sets the subclass's fields, then <see cref="RunChunks"/>. A kernel
/// thread that took the previous run and only gets to it now claims no chunk while the job is closed, and sees the
/// whole new run once <see cref="RunChunks"/> publishes it. Chunks must write disjoint outputs, so that which thread
/// runs which chunk changes no result.
/// </remarks>
internal abstract class ChunkedJob : IThreadPoolWorkItem
{
    /// <summary>
    /// Chunks per thread for work that splits finely: a thread that starts late (a woken thread takes tens of
    /// microseconds) leaves its chunks to the others instead of making them wait.
    /// </summary>
    internal const int ChunksPerThread = 4;

    /// <summary>A value of the chunk counter that no claim reaches: the job is closed while it is being set up.</summary>
    private const int Closed = int.MaxValue / 2;

    private readonly Parking _done = new();
    private int _chunks;
    private int _nextChunk = Closed;
    private int _pending;
    private Exception? _failure;

    /// <summary>Takes chunks until none is left; the last to finish wakes the caller.</summary>
    public void Execute()
    {
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunks)
        {
            try
            {
                RunChunk(chunk, _chunks);
            }
            catch (Exception exception)
            {
                _failure = exception;
            }

            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Ring();
            }
        }
    }

    /// <summary>Closes the job to late kernel threads before its fields change.</summary>
    protected void Close() => Interlocked.Exchange(ref _nextChunk, Closed);

    /// <summary>
    /// Runs chunks <c>0 … chunks − 1</c> on the calling thread and up to <paramref name="threads"/> − 1 kernel threads
    /// (those that are free), and returns when all are done.
    /// </summary>
    /// <exception cref="AggregateException">A chunk threw; the exception is inside.</exception>
    protected void RunChunks(int chunks, int threads)
    {
        _chunks = chunks;
        _pending = chunks;
        _failure = null;
        Volatile.Write(ref _nextChunk, 0); // published last
        KernelThreads.Offer(this, Math.Min(threads, chunks) - 1);

        // The caller works too (all of it when no kernel thread was free), then waits for the chunks they took.
        Execute();
        _done.WaitUntil(this, static job => Volatile.Read(ref job._pending) == 0);
        if (_failure is { } failure)
        {
            throw new AggregateException(failure);
        }
    }

    /// <summary>Runs one chunk of <paramref name="chunks"/>.</summary>
    protected abstract void RunChunk(int chunk, int chunks);
}
