using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// Copies the samples of a mini-batch (columns of the training data, in the epoch's order) into the workspace's
/// input, one contiguous copy per sample; a large batch is split by samples over the kernel threads (the copy reads
/// data that is rarely in cache, so a second core reads it faster).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BatchGather<T> : ChunkedJob
    where T : struct
{
    /// <summary>Batches of fewer values than this are copied on the calling thread.</summary>
    internal const int ParallelMinValues = 1 << 15;

    [ThreadStatic]
    private static BatchGather<T>? _current;

    private T[] _source = [];
    private int _rows;
    private int[] _order = [];
    private int _start;
    private int _count;
    private T[] _destination = [];

    /// <summary>
    /// Copies columns <c>order[start … start + count − 1]</c> of <paramref name="source"/> (<paramref name="rows"/>
    /// values each) into the first <paramref name="count"/> columns of <paramref name="destination"/>.
    /// </summary>
    public static void Copy(T[] source, int rows, int[] order, int start, int count, T[] destination, int threads)
    {
        if (threads <= 1 || (long)rows * count < ParallelMinValues)
        {
            CopyColumns(source, rows, order.AsSpan(start, count), destination, 0);
            return;
        }

        var job = _current ??= new BatchGather<T>();
        job.Close();
        (job._source, job._rows, job._order, job._start, job._count, job._destination) = (source, rows, order, start, count, destination);
        try
        {
            job.RunChunks(Math.Min(count, ChunksPerThread * threads), threads);
        }
        finally
        {
            (job._source, job._order, job._destination) = ([], [], []);
        }
    }

    /// <inheritdoc />
    protected override void RunChunk(int chunk, int chunks)
    {
        var first = (int)((long)_count * chunk / chunks);
        var last = (int)((long)_count * (chunk + 1) / chunks);
        CopyColumns(_source, _rows, _order.AsSpan(_start + first, last - first), _destination, first);
    }

    /// <summary>Copies the given columns of <paramref name="source"/> into <paramref name="destination"/>'s columns from <paramref name="firstColumn"/> on, on this thread.</summary>
    public static void CopyColumns(T[] source, int rows, ReadOnlySpan<int> columns, T[] destination, int firstColumn)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            source.AsSpan(columns[c] * rows, rows).CopyTo(destination.AsSpan((firstColumn + c) * rows, rows));
        }
    }
}
