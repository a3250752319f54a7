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

    /// <summary>
    /// The chunk used when the payload length cannot be checked before reading (gzip, streams that cannot seek): the
    /// payload arrives in chunks of this size and is joined once complete, so memory follows the bytes that actually
    /// arrive (at most twice them, however much the header declares).
    /// </summary>
    private const int ChunkLength = 1 << 20;

    /// <summary>How many bytes past the payload are counted for the message before giving up counting.</summary>
    private const int MaxExtraCounted = 1 << 20;

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

        var (opened, subject, remaining, isGzip) = Open(stream, sourceName, options);
        using var source = opened;
        var (dimensions, length, headerLength) = ParseHeader(source, subject);
        var items = Math.Min(dimensions[0], maxItems ?? int.MaxValue);
        var needed = length / dimensions[0] * items;
        if (needed > options.MaxBytes)
        {
            throw new InvalidDataException(
                $"{subject} is larger than allowed: {(items < dimensions[0] ? $"its first {items} items (of {Describe(dimensions)}) need" : $"its dimensions {Describe(dimensions)} declare")} {needed} bytes, more than the limit of {options.MaxBytes} bytes (IdxReadOptions.MaxBytes); refused before reading them.");
        }

        // When the payload length is known up front (a raw stream that can seek), check it before allocating.
        if (remaining is { } total && total - headerLength != length)
        {
            throw PayloadLengthMismatch(subject, $"its dimensions {Describe(dimensions)} declare {length} bytes", length, total - headerLength, headerLength);
        }

        var expectation = items == dimensions[0]
            ? $"its dimensions {Describe(dimensions)} declare {length} bytes"
            : $"its first {items} items (of {Describe(dimensions)}) need {needed} bytes";
        var data = ReadPayload(source, (int)needed, lengthChecked: remaining is not null, subject, expectation, headerLength, isGzip);
        if (items == dimensions[0] && remaining is null)
        {
            var extra = CountRemaining(source, subject);
            if (extra > 0)
            {
                throw PayloadLengthMismatch(subject, expectation, length, length + extra, headerLength);
            }
        }

        dimensions[0] = items;
        return new IdxFile(dimensions, data);
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
        var (opened, subject, _, _) = Open(stream, path, IdxReadOptions.Default);
        using var source = opened;
        return Array.AsReadOnly(ParseHeader(source, subject).Dimensions);
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

    private static (int[] Dimensions, long Length, int HeaderLength) ParseHeader(Stream source, string subject)
    {
        // Magic number: 00 00, the element type, the number of dimensions.
        var magic = new byte[4];
        var read = ReadFully(source, magic, subject);
        if (read == 0)
        {
            throw new InvalidDataException($"{subject} is empty; an IDX file starts with a 4-byte magic number.");
        }

        if (read < magic.Length)
        {
            throw new InvalidDataException($"{subject} ends after {read} bytes, inside the 4-byte IDX magic number.");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDataException(
                $"{subject} is not an IDX file: it starts with bytes {string.Join(' ', magic.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))}, but an IDX magic number starts with 00 00, then the type code and the number of dimensions.");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new InvalidDataException(
                $"{subject} has IDX type code 0x{magic[2]:X2} ({TypeName(magic[2])}); only 0x08 (unsigned byte, the type of MNIST and Fashion-MNIST) is supported.");
        }

        int dimensionCount = magic[3];
        if (dimensionCount == 0)
        {
            throw new InvalidDataException($"{subject} declares 0 dimensions; an IDX array has at least one.");
        }

        // Dimensions: 32-bit big-endian, each checked before any of them is used to size a buffer.
        var headerLength = 4 + (4 * dimensionCount);
        var dimensionBytes = new byte[4 * dimensionCount];
        read = ReadFully(source, dimensionBytes, subject);
        if (read < dimensionBytes.Length)
        {
            throw new InvalidDataException(
                $"{subject} ends after {4 + read} bytes, inside its header ({headerLength} bytes for {dimensionCount} {(dimensionCount == 1 ? "dimension" : "dimensions")}).");
        }

        var dimensions = new int[dimensionCount];
        long length = 1;
        for (var i = 0; i < dimensionCount; i++)
        {
            var dimension = BinaryPrimitives.ReadUInt32BigEndian(dimensionBytes.AsSpan(4 * i));
            if (dimension is 0 or > int.MaxValue)
            {
                throw new InvalidDataException(
                    $"{subject} declares dimension {i} (of {dimensionCount}) as {dimension}; each dimension must be from 1 to {int.MaxValue}.");
            }

            dimensions[i] = (int)dimension;
            length *= dimension;
            if (length > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"{subject} declares dimensions {Describe(dimensions.Take(i + 1))}{(i + 1 < dimensionCount ? " × …" : string.Empty)}: more than the {Array.MaxLength} bytes an array can hold.");
            }
        }

        return (dimensions, length, headerLength);
    }

    private static FileStream OpenFile(string path) => RegularFile.OpenRead(path, bufferSize: 1 << 16);

    /// <summary>Sniffs the first two bytes: a gzip stream is decompressed, anything else read as it is.</summary>
    private static (Stream Source, string Subject, long? Remaining, bool IsGzip) Open(Stream stream, string? sourceName, IdxReadOptions options)
    {
        var name = sourceName ?? "the IDX stream";
        var sniffed = new byte[2];
        var sniffedLength = ReadFully(stream, sniffed, $"'{name}'");
        var source = new PrefixedStream(sniffed[..sniffedLength], stream);
        if (sniffedLength == 2 && sniffed[0] == 0x1f && sniffed[1] == 0x8b)
        {
            var counted = new RatioLimitedStream(source);
            var subject = $"'{name}' (gzip-compressed)";
            return (counted.Decompressed(new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true), options.MaxCompressionRatio, subject), subject, null, true);
        }

        return (source, $"'{name}'", stream.CanSeek ? stream.Length - stream.Position + sniffedLength : null, false);
    }

    private static byte[] ReadPayload(Stream source, int length, bool lengthChecked, string subject, string expectation, int headerLength, bool isGzip)
    {
        if (lengthChecked)
        {
            var exact = GC.AllocateUninitializedArray<byte>(length);
            var read = ReadFully(source, exact, subject);
            return read == length ? exact : throw PayloadLengthMismatch(subject, expectation, length, read, headerLength);
        }

        // Unless the length was checked against the stream, read in chunks rather than trusting the header, and join
        // them once all have arrived: one that declares 2 GB in front of a few bytes costs only the bytes that arrive,
        // and a complete payload at most twice its length.
        var chunks = new List<byte[]>();
        var filled = 0;
        while (filled < length)
        {
            var chunk = GC.AllocateUninitializedArray<byte>(Math.Min(ChunkLength, length - filled));
            var read = ReadFully(source, chunk, subject);
            filled += read;
            chunks.Add(chunk);
            if (read < chunk.Length)
            {
                var hint = isGzip ? " (the gzip stream may be cut short)" : string.Empty;
                throw PayloadLengthMismatch(subject, expectation, length, filled, headerLength, hint);
            }
        }

        if (chunks.Count == 1)
        {
            return chunks[0];
        }

        var data = GC.AllocateUninitializedArray<byte>(length);
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(data, offset);
            offset += chunk.Length;
        }

        return data;
    }

    private static InvalidDataException PayloadLengthMismatch(string subject, string expectation, long expected, long actual, int headerLength, string hint = "")
        => new(actual < expected
            ? $"{subject} is truncated{hint}: {expectation} of data after the {headerLength}-byte header, but only {actual} bytes follow it."
            : $"{subject} is longer than its header declares: {expectation} of data after the {headerLength}-byte header, but {actual} bytes follow it.");

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static int ReadFully(Stream source, Span<byte> buffer, string subject)
    {
        try
        {
            return source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException exception) when (!exception.Data.Contains(RatioLimitedStream.LimitMarker))
        {
            // Only the gzip decompressor throws here: name the source.
            throw new InvalidDataException($"{subject} is not a valid gzip stream: {exception.Message}", exception);
        }
    }

    /// <summary>Counts the bytes left in the stream without keeping them, up to <see cref="MaxExtraCounted"/> + 1 (any is an error).</summary>
    private static long CountRemaining(Stream source, string subject)
    {
        var scratch = new byte[1 << 12];
        long count = 0;
        int read;
        while (count <= MaxExtraCounted && (read = ReadFully(source, scratch, subject)) > 0)
        {
            count += read;
        }

        return count;
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };

    private static string Describe(IEnumerable<int> dimensions)
        => string.Join(" × ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));
}
