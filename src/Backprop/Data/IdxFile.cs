using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// An array of unsigned bytes in the IDX format of MNIST and Fashion-MNIST: a big-endian header
/// (<c>00 00 08 n</c>, then <c>n</c> 32-bit dimensions) followed by the values in row-major order (the last
/// dimension varies fastest). Files may be gzip-compressed; <see cref="Read(Stream, string?, int?, IdxReadOptions?)"/> recognises
/// them by their magic bytes <c>1f 8b</c>, not by their name.
/// </summary>
/// <remarks>
/// Only element type <c>0x08</c> (unsigned byte, the type of MNIST and Fashion-MNIST) is supported. Reading
/// checks the header before allocating: every dimension must be from 1 to 2³¹ − 1, their product at most
/// <see cref="Array.MaxLength"/>, and the payload exactly that long. Malformed input throws
/// <see cref="InvalidDataException"/> with a message naming the source and what is wrong.
/// </remarks>
public sealed class IdxFile
{
    /// <summary>The type code of unsigned bytes, the only element type supported.</summary>
    private const byte UnsignedByteType = 0x08;

    /// <summary>The largest dimension count the one-byte header field can hold.</summary>
    private const int MaxDimensionCount = byte.MaxValue;

    private readonly int[] _dimensions;
    private readonly byte[] _data;
    private ReadOnlyCollection<int>? _dimensionList;

    /// <summary>Creates an IDX array from its dimensions and values (copied).</summary>
    /// <param name="dimensions">The dimensions, outermost first (for MNIST images: count, rows, columns); 1 to 255 of them, each at least 1.</param>
    /// <param name="data">The values in row-major order; exactly the product of the dimensions long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dimensions"/> is null.</exception>
    /// <exception cref="ArgumentException">There are no or too many dimensions, one is below 1, their product is too large, or <paramref name="data"/> has another length.</exception>
    public IdxFile(IReadOnlyList<int> dimensions, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count is 0 or > MaxDimensionCount)
        {
            throw new ArgumentException($"An IDX array has 1 to {MaxDimensionCount} dimensions, not {dimensions.Count}.", nameof(dimensions));
        }

        long length = 1;
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i] < 1)
            {
                throw new ArgumentException($"Dimension {i} is {dimensions[i]}; every dimension must be at least 1.", nameof(dimensions));
            }

            length *= dimensions[i];
            if (length > Array.MaxLength)
            {
                throw new ArgumentException($"The dimensions {Describe(dimensions)} hold more than {Array.MaxLength} values.", nameof(dimensions));
            }
        }

        if (data.Length != length)
        {
            throw new ArgumentException($"The dimensions {Describe(dimensions)} hold {length} values, but data has {data.Length}.", nameof(data));
        }

        _dimensions = [.. dimensions];
        _data = data.ToArray();
    }

    private IdxFile(int[] dimensions, byte[] data)
    {
        _dimensions = dimensions;
        _data = data;
    }

    /// <summary>The dimensions, outermost first: for MNIST images <c>[count, 28, 28]</c>, for labels <c>[count]</c>.</summary>
    public IReadOnlyList<int> Dimensions => _dimensionList ??= Array.AsReadOnly(_dimensions);

    /// <summary>The values in row-major order (the last dimension varies fastest).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The number of items: the first dimension (for MNIST, the number of images or labels).</summary>
    public int Count => _dimensions[0];

    /// <summary>The number of values per item: the product of the dimensions after the first (784 for MNIST images, 1 for labels).</summary>
    public int ItemLength => _data.Length / _dimensions[0];

    /// <summary>The values of one item (for MNIST, one image's pixels row by row).</summary>
    /// <param name="index">The item's index, from 0 to <see cref="Count"/> − 1.</param>
    /// <returns>A view of <see cref="ItemLength"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, <see cref="Count"/>).</exception>
    public ReadOnlyMemory<byte> Item(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _data.AsMemory(index * ItemLength, ItemLength);
    }

    /// <summary>Reads an IDX file, raw or gzip-compressed.</summary>
    /// <param name="path">The file's path; whether it is compressed is told by its first bytes, not its name.</param>
    /// <param name="maxItems">
    /// When given, only the first this many items (along the first dimension) are read, and the rest of the file
    /// is not decompressed, so a slice of a large file loads quickly; at least 1.
    /// </param>
    /// <returns>The array; with <paramref name="maxItems"/> below the file's count, its first dimension is <paramref name="maxItems"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is below 1.</exception>
    /// <param name="options">The limits on size and decompression ratio; <see cref="IdxReadOptions.Default"/> when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path names a directory, a FIFO, a device or a socket rather than a regular file (refused before it is opened).</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file of unsigned bytes, or exceeds a limit of <paramref name="options"/> (the message names the file and the problem).</exception>
    public static IdxFile Read(string path, int? maxItems = null, IdxReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenFile(path);
        return Read(stream, path, maxItems, options);
    }

    /// <summary>Reads one IDX array, raw or gzip-compressed, from the current position to the end of a stream.</summary>
    /// <param name="stream">The stream; it need not be able to seek, and is left open.</param>
    /// <param name="sourceName">The name used in error messages (a file path, say); by default "the IDX stream".</param>
    /// <param name="maxItems">When given, only the first this many items are read (see <see cref="Read(string, int?, IdxReadOptions?)"/>); at least 1.</param>
    /// <param name="options">The limits on size and decompression ratio; <see cref="IdxReadOptions.Default"/> when null.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is below 1.</exception>
    /// <exception cref="InvalidDataException">
    /// The data is not a well-formed IDX array of unsigned bytes: wrong magic number, unsupported type, no
    /// dimensions, a dimension of 0 or at least 2³¹, more values than an array holds, a header or payload cut
    /// short, bytes after the payload, a corrupt gzip stream, more data than <see cref="IdxReadOptions.MaxBytes"/> or a
    /// decompression ratio above <see cref="IdxReadOptions.MaxCompressionRatio"/>. The message names the source and the problem.
    /// Bytes after the items asked for by <paramref name="maxItems"/> are only checked when the stream is
    /// uncompressed and can seek.
    /// </exception>
    public static IdxFile Read(Stream stream, string? sourceName = null, int? maxItems = null, IdxReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= IdxReadOptions.Default;
        if (maxItems is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxItems), maxItems, "maxItems must be at least 1.");
        }

        using var payload = IdxPayload.Open(stream, sourceName, maxItems, options);
        var data = payload.ReadBytes();
        payload.CheckEnd();
        return new IdxFile(payload.ItemDimensions, data);
    }

    /// <summary>
    /// Reads an IDX file's values straight into an array of <typeparamref name="T"/>, value <c>i</c> being
    /// <c>map[byte i]</c>, with every check and limit of <see cref="Read(string, int?, IdxReadOptions?)"/>. Only the
    /// values' array is allocated, never the bytes beside it. A gzip file's payload length is known only once it has
    /// all arrived, so such a file is decompressed twice: first only to check it (cut short, bytes after the payload,
    /// the ratio), through a fixed buffer, then into the array, allocated only for a payload that arrived whole.
    /// </summary>
    /// <param name="path">The file's path, raw or gzip-compressed.</param>
    /// <param name="maxItems">When given, only the first this many items; at least 1.</param>
    /// <param name="map">The value of each byte: 256 entries.</param>
    /// <param name="options">The limits; <see cref="IdxReadOptions.Default"/> when null.</param>
    /// <returns>The dimensions (the first one the items read) and the values in row-major order.</returns>
    internal static (int[] Dimensions, T[] Values) ReadMapped<T>(string path, int? maxItems, ReadOnlySpan<T> map, IdxReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= IdxReadOptions.Default;
        if (maxItems is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxItems), maxItems, "maxItems must be at least 1.");
        }

        using var stream = OpenFile(path);
        var start = stream.Position;
        IdxPayload checkedPayload;
        using (var first = IdxPayload.Open(stream, path, maxItems, options))
        {
            if (first.LengthChecked)
            {
                return MapAll(first, map);
            }

            first.Skip();
            first.CheckEnd();
            checkedPayload = first;
        }

        stream.Position = start;
        using var payload = IdxPayload.Open(stream, path, maxItems, options);
        if (!payload.Declares(checkedPayload))
        {
            throw new InvalidDataException($"{payload.Subject} changed while it was read: its header now declares {Describe(payload.ItemDimensions)} items, not {Describe(checkedPayload.ItemDimensions)}.");
        }

        return MapAll(payload, map);
    }

    /// <summary>Reads only the header of an IDX file, raw or gzip-compressed: its dimensions, without the data.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The dimensions, outermost first.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is malformed (as for <see cref="Read(string, int?, IdxReadOptions?)"/>); the data is not checked.</exception>
    /// <exception cref="IOException">The path names a directory, a FIFO, a device or a socket rather than a regular file.</exception>
    public static IReadOnlyList<int> ReadDimensions(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenFile(path);
        return Array.AsReadOnly(IdxPayload.ReadDimensions(stream, path));
    }

    /// <summary>Writes this array in the IDX format, uncompressed.</summary>
    /// <param name="stream">The stream to write to; it is left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[4 + (4 * _dimensions.Length)];
        header[2] = UnsignedByteType;
        header[3] = (byte)_dimensions.Length;
        for (var i = 0; i < _dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), _dimensions[i]);
        }

        stream.Write(header);
        stream.Write(_data);
    }

    /// <summary>Writes this array to a file in the IDX format, gzip-compressed when the path ends in <c>.gz</c>.</summary>
    /// <param name="path">The file's path; an existing file is replaced.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            Write(gzip);
        }
        else
        {
            Write(file);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"IDX unsigned bytes {Describe(_dimensions)}";

    private static (int[] Dimensions, T[] Values) MapAll<T>(IdxPayload payload, ReadOnlySpan<T> map)
    {
        var values = GC.AllocateUninitializedArray<T>(payload.Length);
        payload.Map<T>(values, map);
        payload.CheckEnd();
        return (payload.ItemDimensions, values);
    }

    private static FileStream OpenFile(string path) => RegularFile.OpenRead(path, bufferSize: 1 << 16);

    /// <summary>The dimensions as messages show them: <c>60000 × 28 × 28</c>.</summary>
    internal static string Describe(IEnumerable<int> dimensions)
        => string.Join(" × ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));
}
