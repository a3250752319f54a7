namespace Backprop;

/// <summary>
/// Where the values of a payload live in memory: a sequence of segments, each either in the file's order or a weight
/// matrix stored column-major (as the layers and trainers keep it) that the file writes row by row. A segment starts
/// at the same index in the file's order and in memory; only the order inside a matrix differs. Loaders decode and
/// savers encode through it in small chunks, so no whole-payload copy in the other order is ever made.
/// </summary>
internal sealed class PayloadLayout
{
    private readonly int[] _starts;
    private readonly int[] _rows;
    private readonly int[] _columns;

    private PayloadLayout(int[] starts, int[] rows, int[] columns, int count)
    {
        _starts = starts;
        _rows = rows;
        _columns = columns;
        Count = count;
    }

    /// <summary>The number of values.</summary>
    public int Count { get; }

    /// <summary>The length of each segment, in order (for a parameter vector: per layer its weights, then its biases).</summary>
    public int[] SegmentLengths => [.. Enumerable.Range(0, _starts.Length).Select(LengthOf)];

    /// <summary><paramref name="count"/> values in the same order in the file and in memory.</summary>
    public static PayloadLayout Contiguous(int count) => new([0], [0], [0], count);

    /// <summary>A <paramref name="rows"/> × <paramref name="columns"/> matrix: column-major in memory, row-major in the file.</summary>
    public static PayloadLayout Matrix(int rows, int columns) => new([0], [rows], [columns], rows * columns);

    /// <summary>A parameter vector in the trainer's order: per layer its weights (column-major) and then its biases.</summary>
    public static PayloadLayout Parameters<T>(IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var starts = new List<int>();
        var rows = new List<int>();
        var columns = new List<int>();
        var offset = 0;
        foreach (var layer in layers)
        {
            starts.Add(offset);
            rows.Add(layer.Neurons);
            columns.Add(layer.InputSize);
            offset += layer.Neurons * layer.InputSize;
            if (layer.HasBiases)
            {
                starts.Add(offset);
                rows.Add(0);
                columns.Add(0);
                offset += layer.Neurons;
            }
        }

        return new([.. starts], [.. rows], [.. columns], offset);
    }

    /// <summary>Copies the values at file positions <paramref name="fileStart"/>… from <paramref name="memory"/> into <paramref name="destination"/>.</summary>
    public void Gather<T>(ReadOnlySpan<T> memory, int fileStart, Span<T> destination)
    {
        for (var (s, done) = (SegmentOf(fileStart), 0); done < destination.Length; s++)
        {
            done += CopyOut(s, memory.Slice(_starts[s], LengthOf(s)), fileStart + done, destination[done..]);
        }
    }

    /// <summary>As <see cref="Gather{T}(ReadOnlySpan{T}, int, Span{T})"/>, from one array per segment (as the optimizers keep their state).</summary>
    public void Gather<T>(T[][] segments, int fileStart, Span<T> destination)
    {
        for (var (s, done) = (SegmentOf(fileStart), 0); done < destination.Length; s++)
        {
            done += CopyOut<T>(s, segments[s].AsSpan(0, LengthOf(s)), fileStart + done, destination[done..]);
        }
    }

    /// <summary>Copies <paramref name="source"/>, the values at file positions <paramref name="fileStart"/>…, to their places in <paramref name="memory"/>.</summary>
    public void Scatter<T>(ReadOnlySpan<T> source, int fileStart, Span<T> memory)
    {
        for (var (s, done) = (SegmentOf(fileStart), 0); done < source.Length; s++)
        {
            done += CopyIn(s, memory.Slice(_starts[s], LengthOf(s)), fileStart + done, source[done..]);
        }
    }

    /// <summary>As <see cref="Scatter{T}(ReadOnlySpan{T}, int, Span{T})"/>, into one array per segment.</summary>
    public void Scatter<T>(ReadOnlySpan<T> source, int fileStart, T[][] segments)
    {
        for (var (s, done) = (SegmentOf(fileStart), 0); done < source.Length; s++)
        {
            done += CopyIn(s, segments[s].AsSpan(0, LengthOf(s)), fileStart + done, source[done..]);
        }
    }

    /// <summary>New arrays, one per segment, of the segments' lengths.</summary>
    public T[][] NewSegments<T>() => [.. SegmentLengths.Select(length => new T[length])];

    /// <summary>Copies from segment <paramref name="s"/>'s storage, from file position <paramref name="position"/>, as many values as fit <paramref name="chunk"/> or remain; returns how many.</summary>
    private int CopyOut<T>(int s, ReadOnlySpan<T> storage, int position, Span<T> chunk)
    {
        var local = position - _starts[s];
        var n = Math.Min(storage.Length - local, chunk.Length);
        if (_rows[s] == 0)
        {
            storage.Slice(local, n).CopyTo(chunk);
            return n;
        }

        // File position i·columns + j of the matrix is storage position j·rows + i.
        var (rows, columns) = (_rows[s], _columns[s]);
        var (i, j) = Math.DivRem(local, columns);
        for (var k = 0; k < n; k++)
        {
            chunk[k] = storage[(j * rows) + i];
            if (++j == columns)
            {
                (i, j) = (i + 1, 0);
            }
        }

        return n;
    }

    /// <summary>The reverse of <see cref="CopyOut{T}"/>: the chunk's values to their places in the storage.</summary>
    private int CopyIn<T>(int s, Span<T> storage, int position, ReadOnlySpan<T> chunk)
    {
        var local = position - _starts[s];
        var n = Math.Min(storage.Length - local, chunk.Length);
        if (_rows[s] == 0)
        {
            chunk[..n].CopyTo(storage[local..]);
            return n;
        }

        var (rows, columns) = (_rows[s], _columns[s]);
        var (i, j) = Math.DivRem(local, columns);
        for (var k = 0; k < n; k++)
        {
            storage[(j * rows) + i] = chunk[k];
            if (++j == columns)
            {
                (i, j) = (i + 1, 0);
            }
        }

        return n;
    }

    private int LengthOf(int s) => (s + 1 < _starts.Length ? _starts[s + 1] : Count) - _starts[s];

    /// <summary>The segment holding file position <paramref name="position"/>.</summary>
    private int SegmentOf(int position)
    {
        var s = Array.BinarySearch(_starts, position);
        return s >= 0 ? s : ~s - 1;
    }
}
