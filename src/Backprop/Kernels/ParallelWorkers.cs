namespace Backprop.Kernels;

/// <summary>
/// Runs work cut into chunks (<see cref="IChunkedWork"/>) on thread-pool threads and the calling thread, without
/// allocating: each calling thread reuses its own workers object, queued with
/// <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/>, and waits on a reusable semaphore (its
/// lock object is made in its constructor, so a wait that has to block never allocates; a
/// <see cref="ManualResetEventSlim"/> makes its lock at the first blocking wait).
/// </summary>
/// <remarks>
/// Chunks are taken by one atomic increment of a word that also holds the job's number and chunk count, so a helper
/// that runs late, after its job is done, can never take a chunk of the next job on the old job's count: a chunk
/// number is valid only against the count it was drawn with, and the next job is published only when every chunk of
/// this one is done.
/// <para>
/// A helper that has run out of chunks stays, spinning, for <see cref="LingerSeconds"/> in case its caller starts another
/// job: a training step runs its products and its update a few microseconds to a few tens of microseconds apart, and a
/// work item queued to the pool took tens of microseconds to start on a 2-core virtual machine (about 100 µs when the
/// pool thread had gone to sleep), longer than the half of the update it was to do. The caller counts the helpers that
/// stay before it publishes a job and queues only the rest; a helper that finds no chunk in its time returns to the pool,
/// so no more stay than the jobs use.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per calling thread, kept for the life of the thread; its semaphore is never disposed on purpose.")]
internal sealed class ParallelWorkers : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ParallelWorkers? _current;

    /// <summary>The most chunks one job can have (16 bits of the ticket).</summary>
    public const int MaxChunks = ushort.MaxValue;

    /// <summary>How long a helper waits, spinning, for its caller's next job before it returns to the pool.</summary>
    internal const double LingerSeconds = 200e-6;

    private static readonly long LingerTicks = (long)(LingerSeconds * System.Diagnostics.Stopwatch.Frequency);

    private readonly SemaphoreSlim _done = new(0, 1);

    /// <summary>The job's number (16 bits), its chunk count (16 bits) and the next chunk to take (32 bits).</summary>
    private long _ticket;

    private ushort _generation;
    private int _pending;
    private Exception? _failure;
    private IChunkedWork? _work;

    /// <summary>Helpers spinning for the next job that no caller has counted on yet.</summary>
    private int _lingering;

    /// <summary>The first of <paramref name="parts"/> equal parts that chunk <paramref name="chunk"/> of <paramref name="chunks"/> takes (its last is the next chunk's first).</summary>
    public static int FirstPart(int parts, int chunk, int chunks) => (int)((long)parts * chunk / chunks);

    /// <summary>A pool thread's part: chunks of this job, then of the caller's next ones while they come soon enough.</summary>
    public void Execute()
    {
        TakeChunks();
        Interlocked.Increment(ref _lingering);
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + LingerTicks;
        while (true)
        {
            if (HasChunks())
            {
                // Out of the count while it works (unless a caller has counted on it already), back in after.
                TryLeaveCount();
                if (TakeChunks())
                {
                    deadline = System.Diagnostics.Stopwatch.GetTimestamp() + LingerTicks;
                }

                Interlocked.Increment(ref _lingering);
            }
            else if (System.Diagnostics.Stopwatch.GetTimestamp() >= deadline)
            {
                if (TryLeaveCount())
                {
                    return;
                }

                // A caller has just counted on this helper and is about to publish its job: stay for it.
                Interlocked.Increment(ref _lingering);
                deadline = System.Diagnostics.Stopwatch.GetTimestamp() + LingerTicks;
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    /// <summary>
    /// Runs chunks 0 to <paramref name="chunks"/> − 1 of <paramref name="work"/> on the calling thread and up to
    /// <paramref name="chunks"/> − 1 pool threads, and returns when all are done.
    /// </summary>
    /// <param name="work">The work, set up for this call (one object per calling thread and kind of work).</param>
    /// <param name="chunks">The number of chunks, 2 to <see cref="MaxChunks"/>.</param>
    /// <exception cref="AggregateException">A chunk threw; it holds the exception.</exception>
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

    private void RunChunks(IChunkedWork work, int chunks)
    {
        _work = work;
        _pending = chunks;
        _failure = null;
        _generation++;

        // Helpers still spinning from the last job are counted before this one is published (one whose time runs out
        // meanwhile finds itself counted on and stays), the rest queued after.
        var waiting = ClaimLingering(chunks - 1);

        // Published last: a helper that runs only now sees the finished job's ticket (its counter past the end) until
        // this store, and the whole new job after it. Chunk 0 is the caller's: the same thread then takes the same part
        // of every job (the rows of W it read in the forward product are the rows it updates), where a helper spinning
        // for the ticket would often win chunk 0 and send every line of the job across to the other core.
        Volatile.Write(ref _ticket, ((long)_generation << 48) | ((long)chunks << 32) | 1);
        for (var helper = waiting + 1; helper < chunks; helper++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        // The caller works too, then waits for the chunks the pool threads took.
        RunChunk(0, chunks);
        TakeChunks();
        _done.Wait();
        if (_failure is { } failure)
        {
            throw new AggregateException(failure);
        }
    }

    /// <summary>Counts up to <paramref name="wanted"/> of the spinning helpers as this job's.</summary>
    private int ClaimLingering(int wanted)
    {
        var claimed = 0;
        while (claimed < wanted)
        {
            var lingering = Volatile.Read(ref _lingering);
            if (lingering == 0)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _lingering, lingering - 1, lingering) == lingering)
            {
                claimed++;
            }
        }

        return claimed;
    }

    /// <summary>Takes one helper out of the count of those no caller has counted on; false when a caller has counted on them all.</summary>
    private bool TryLeaveCount()
    {
        while (true)
        {
            var lingering = Volatile.Read(ref _lingering);
            if (lingering == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _lingering, lingering - 1, lingering) == lingering)
            {
                return true;
            }
        }
    }

    /// <summary>Whether the published job has chunks no thread has taken.</summary>
    private bool HasChunks()
    {
        var ticket = Volatile.Read(ref _ticket);
        return (uint)ticket < (ushort)(ticket >> 32);
    }

    /// <summary>Takes chunks until none is left, the last finisher signalling the caller; whether it ran any.</summary>
    private bool TakeChunks()
    {
        var ran = false;
        while (true)
        {
            var ticket = Interlocked.Increment(ref _ticket) - 1;
            var chunk = (uint)ticket;
            var chunks = (ushort)(ticket >> 32);
            if (chunk >= chunks)
            {
                return ran;
            }

            ran = true;
            RunChunk((int)chunk, chunks);
        }
    }

    /// <summary>Runs one chunk, keeping what it throws for the caller; the last finisher signals the caller.</summary>
    private void RunChunk(int chunk, int chunks)
    {
        try
        {
            _work!.RunChunk(chunk, chunks);
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
