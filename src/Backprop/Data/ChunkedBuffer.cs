namespace Backprop.Data;

/// <summary>
/// An append-only sequence stored in fixed chunks, joined once at the end: growing it never copies, so values read
/// from a stream of unknown length cost their own size while reading and twice it at the join, never a doubling
/// buffer's slack.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ChunkedBuffer<T>
{
    private const int ChunkLength = 1 << 16;

    private readonly List<T[]> _chunks = [];
    private T[]? _current;
    private int _filled;

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>Appends a value.</summary>
    public void Add(T value)
    {
        if (_current is null || _filled == _current.Length)
        {
            _current = new T[ChunkLength];
            _chunks.Add(_current);
            _filled = 0;
        }

        _current[_filled++] = value;
        Count++;
    }

    /// <summary>The value at <paramref name="index"/>.</summary>
    public T this[long index] => _chunks[(int)(index / ChunkLength)][index % ChunkLength];

    /// <summary>All values, in order, in one array.</summary>
    public T[] ToArray()
    {
        var result = new T[Count];
        long offset = 0;
        foreach (var chunk in _chunks)
        {
            var count = (int)Math.Min(chunk.Length, Count - offset);
            Array.Copy(chunk, 0, result, offset, count);
            offset += count;
        }

        return result;
    }
}
