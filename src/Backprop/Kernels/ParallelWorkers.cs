namespace Backprop.Kernels;

/// <summary>
/// Runs work cut into chunks (<see cref="IChunkedWork"/>) on thread-pool threads and the calling thread, without
/// allocating: each calling thread reuses its own workers object, queued with
/// <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/>, and waits on a reusable semaphore (its
/// lock object is made in its constructor, so a wait that has to block never allocates; a
/// <see cref="ManualResetEventSlim"/> makes its lock at the first blocking wait).
/// </summary>
/// <remarks>
/// <para>
/// Chunk 0 always runs on the calling thread, so a caller whose jobs cut their data the same way keeps its part in its
/// own core's cache from one job to the next (the weight-gradient product and the update of <see cref="ParallelUpdate{T}"/>);
/// the other chunks go to whichever thread takes them first, the caller included when a helper is late.
/// </para>
/// <para>
/// Chunks are taken by one atomic increment of a word that holds the chunk count and the next chunk. The word is
/// replaced only once every chunk of its job is done, so a helper that runs late, after its job, finds the old word used
/// up, or the new job's whole word, never a chunk number of one job read against another's count.
/// </para>
/// <para>
/// A helper that has run out of chunks stays, spinning, for <see cref="LingerSeconds"/> in case its caller starts another
/// job: a training step runs its products and its update a few microseconds to a few tens of microseconds apart, and a
/// work item queued to the pool took tens of microseconds to start on a 2-core virtual machine (about 100 µs once the
/// pool thread had gone to sleep), longer than the half of the update it was to do. The caller counts its helpers,
/// queued, working or spinning, and queues only as many as its job has chunks beyond its own; a helper leaves when no
/// chunk has come in its time.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per calling thread, kept for the life of the thread; its semaphore is never disposed on purpose.")]
internal sealed class ParallelWorkers : IThreadPoolWorkItem
{
    /// <summary>The most chunks one job can have (the ticket's count is 16 bits).</summary>
    public const int MaxChunks = ushort.MaxValue;

    /// <summary>How long a helper waits, spinning, for its caller's next job before it returns to the pool.</summary>
    internal const double LingerSeconds = 200e-6;

    private static readonly long LingerTicks = (long)(LingerSeconds * System.Diagnostics.Stopwatch.Frequency);

    [ThreadStatic]
    private static ParallelWorkers? _current;

    private readonly SemaphoreSlim _done = new(0, 1);

    /// <summary>The job's chunk count (bits 32–47) and the next chunk to take (bits 0–31).</summary>
    private long _ticket;

    private int _pending;
    private Exception? _failure;
    private IChunkedWork? _work;

    /// <summary>This caller's helpers: queued, working or spinning for the next job.</summary>
    private int _helpers;

    /// <summary>The first of <paramref name="parts"/> equal parts that chunk <paramref name="chunk"/> of <paramref name="chunks"/> takes (its last is the next chunk's first).</summary>
    public static int FirstPart(int parts, int chunk, int chunks) => (int)((long)parts * chunk / chunks);

    /// <summary>
    /// Runs chunks 0 to <paramref name="chunks"/> − 1 of <paramref name="work"/> on the calling thread (chunk 0, and any a
    /// helper has not taken) and up to <paramref name="chunks"/> − 1 pool threads, and returns when all are done.
    /// </summary>
    /// <param name="work">The work, set up for this call (one object per calling thread and kind of work).</param>
    /// <param name="chunks">The number of chunks, 2 to <see cref="MaxChunks"/>.</param>
    /// <exception cref="AggregateException">A chunk threw; it holds the first exception thrown.</exception>
    public static void Run(IChunkedWork work, int chunks)
    {
        var workers = _current ??= new ParallelWorkers();
        try
        {
            workers.RunChunks(work, chunks);
        }
        finally
        {
            workers._work = null;
        }
    }

    /// <summary>A pool thread's part: chunks of its caller's jobs while they come soon enough.</summary>
    public void Execute()
    {
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + LingerTicks;
        while (true)
        {
            if (TakeChunks())
            {
                deadline = System.Diagnostics.Stopwatch.GetTimestamp() + LingerTicks;
            }
            else if (System.Diagnostics.Stopwatch.GetTimestamp() >= deadline)
            {
                // Leave, unless a job came as the count went down: its caller may have counted on this helper (the
                // caller publishes, then reads the count; this helper counts itself out, then reads the ticket).
                Interlocked.Decrement(ref _helpers);
                if (!HasChunks())
                {
                    return;
                }

                Interlocked.Increment(ref _helpers);
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    private void RunChunks(IChunkedWork work, int chunks)
    {
        _work = work;
        _pending = chunks;
        _failure = null;

        // Published last, with a full fence before the count is read: a helper that runs only now sees the finished
        // job's ticket (its counter past the end) until this store, and the whole new job after it. Chunk 0 is kept
        // for the caller.
        Interlocked.Exchange(ref _ticket, ((long)chunks << 32) | 1);
        try
        {
            for (var helper = Volatile.Read(ref _helpers) + 1; helper < chunks; helper++)
            {
                Interlocked.Increment(ref _helpers);
                try
                {
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                }
                catch
                {
                    Interlocked.Decrement(ref _helpers);
                    throw;
                }
            }
        }
        finally
        {
            // The caller works too (every chunk, if no helper comes), then waits for the chunks the helpers took.
            RunChunk(0, chunks);
            TakeChunks();
            _done.Wait();
        }

        if (_failure is { } failure)
        {
            throw new AggregateException(failure);
        }
    }

    /// <summary>Whether the published job has chunks no thread has taken.</summary>
    private bool HasChunks()
    {
        var ticket = Volatile.Read(ref _ticket);
        return (uint)ticket < (ushort)(ticket >> 32);
    }

    /// <summary>Takes chunks until none is left; whether it ran any.</summary>
    private bool TakeChunks()
    {
        var ran = false;
        while (HasChunks())
        {
            var ticket = Interlocked.Increment(ref _ticket) - 1;
            var chunk = (uint)ticket;
            var chunks = (ushort)(ticket >> 32);
            if (chunk >= chunks)
            {
                break;
            }

            ran = true;
            RunChunk((int)chunk, chunks);
        }

        return ran;
    }

    /// <summary>Runs one chunk, keeping the first exception thrown for the caller; the last finisher signals the caller.</summary>
    private void RunChunk(int chunk, int chunks)
    {
        try
        {
            _work!.RunChunk(chunk, chunks);
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _failure, exception, null);
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.Release();
        }
    }
}
