using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// An IDX stream opened (gzip recognised by its magic bytes and decompressed within the ratio limit) with its header
/// read and checked against <see cref="IdxReadOptions"/>: what follows is the payload of <see cref="Length"/> bytes,
/// read in one of three ways (kept as bytes, skipped, or mapped straight into values), then <see cref="CheckEnd"/>.
/// Every way refuses a payload cut short, and <see cref="CheckEnd"/> one followed by more bytes, with the messages of
/// <see cref="IdxFile.Read(Stream, string?, int?, IdxReadOptions?)"/>.
/// </summary>
internal sealed class IdxPayload : IDisposable
{
    /// <summary>The type code of unsigned bytes, the only element type supported.</summary>
    private const byte UnsignedByteType = 0x08;

    /// <summary>
    /// The chunk used when the payload length cannot be checked before reading (gzip, streams that cannot seek): the
    /// payload arrives in chunks of this size and is joined once complete, so memory follows the bytes that actually
    /// arrive (at most twice them, however much the header declares).
    /// </summary>
    private const int ChunkLength = 1 << 20;

    /// <summary>The buffer through which a payload is skipped or mapped into values.</summary>
    private const int ScratchLength = 1 << 16;

    /// <summary>How many bytes past the payload are counted for the message before giving up counting.</summary>
    private const int MaxExtraCounted = 1 << 20;

    private readonly Stream _source;
    private readonly int[] _declared;
    private readonly long _declaredLength;
    private readonly int _headerLength;
    private readonly string _expectation;

    private IdxPayload(Stream source, string subject, bool isGzip, bool lengthChecked, int[] declared, long declaredLength, int headerLength, int items)
    {
        _source = source;
        Subject = subject;
        IsGzip = isGzip;
        LengthChecked = lengthChecked;
        _declared = declared;
        _declaredLength = declaredLength;
        _headerLength = headerLength;
        Items = items;
        Length = (int)(declaredLength / declared[0] * items);
        _expectation = items == declared[0]
            ? $"its dimensions {IdxFile.Describe(declared)} declare {declaredLength} bytes"
            : $"its first {items} items (of {IdxFile.Describe(declared)}) need {Length} bytes";
    }

    /// <summary>The source as messages name it: <c>'path'</c>, with <c>(gzip-compressed)</c> when it is.</summary>
    public string Subject { get; }

    /// <summary>Whether the stream is gzip-compressed (so its payload length is known only once read).</summary>
    public bool IsGzip { get; }

    /// <summary>Whether the payload length was checked against the stream's length before reading (a raw stream that can seek).</summary>
    public bool LengthChecked { get; }

    /// <summary>The items to read: the first dimension, or fewer when only the first items were asked for.</summary>
    public int Items { get; }

    /// <summary>The payload bytes to read: the values of <see cref="Items"/> items.</summary>
    public int Length { get; }

    /// <summary>The dimensions of what is read: as declared, with the first one <see cref="Items"/>.</summary>
    public int[] ItemDimensions => [Items, .. _declared.AsSpan(1)];

    /// <summary>
    /// Opens the stream at its current position: sniffs gzip, reads the header, and refuses a malformed one, a
    /// size over <see cref="IdxReadOptions.MaxBytes"/> and (for a raw stream that can seek) a payload of another
    /// length than declared, all before anything is allocated for the payload.
    /// </summary>
    public static IdxPayload Open(Stream stream, string? sourceName, int? maxItems, IdxReadOptions options)
    {
        var (source, subject, remaining, isGzip) = Sniff(stream, sourceName, options);
        try
        {
            var (dimensions, length, headerLength) = ParseHeader(source, subject);
            var items = Math.Min(dimensions[0], maxItems ?? int.MaxValue);
            var needed = length / dimensions[0] * items;
            if (needed > options.MaxBytes)
            {
                throw new InvalidDataException(
                    $"{subject} is larger than allowed: {(items < dimensions[0] ? $"its first {items} items (of {IdxFile.Describe(dimensions)}) need" : $"its dimensions {IdxFile.Describe(dimensions)} declare")} {needed} bytes, more than the limit of {options.MaxBytes} bytes (IdxReadOptions.MaxBytes); refused before reading them.");
            }

            // When the payload length is known up front (a raw stream that can seek), check it before allocating.
            if (remaining is { } total && total - headerLength != length)
            {
                throw Mismatch(subject, $"its dimensions {IdxFile.Describe(dimensions)} declare {length} bytes", length, total - headerLength, headerLength);
            }

            return new IdxPayload(source, subject, isGzip, lengthChecked: remaining is not null, dimensions, length, headerLength, items);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Reads only the header of a stream, raw or gzip-compressed: its dimensions, as declared.</summary>
    public static int[] ReadDimensions(Stream stream, string sourceName)
    {
        var (opened, subject, _, _) = Sniff(stream, sourceName, IdxReadOptions.Default);
        using var source = opened;
        return ParseHeader(source, subject).Dimensions;
    }

    /// <summary>The payload's bytes in one array.</summary>
    public byte[] ReadBytes()
    {
        if (LengthChecked)
        {
            var exact = GC.AllocateUninitializedArray<byte>(Length);
            var read = ReadFully(_source, exact, Subject);
            return read == Length ? exact : throw Mismatch(read);
        }

        // Unless the length was checked against the stream, read in chunks rather than trusting the header, and join
        // them once all have arrived: one that declares 2 GB in front of a few bytes costs only the bytes that arrive,
        // and a complete payload at most twice its length.
        var chunks = new List<byte[]>();
        var filled = 0;
        while (filled < Length)
        {
            var chunk = GC.AllocateUninitializedArray<byte>(Math.Min(ChunkLength, Length - filled));
            var read = ReadFully(_source, chunk, Subject);
            filled += read;
            chunks.Add(chunk);
            if (read < chunk.Length)
            {
                throw Mismatch(filled);
            }
        }

        if (chunks.Count == 1)
        {
            return chunks[0];
        }

        var data = GC.AllocateUninitializedArray<byte>(Length);
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(data, offset);
            offset += chunk.Length;
        }

        return data;
    }

    /// <summary>Reads the payload through a fixed buffer without keeping it, refusing it if cut short.</summary>
    public void Skip()
    {
        var scratch = new byte[ScratchLength];
        var filled = 0;
        while (filled < Length)
        {
            var wanted = Math.Min(scratch.Length, Length - filled);
            var read = ReadFully(_source, scratch.AsSpan(0, wanted), Subject);
            filled += read;
            if (read < wanted)
            {
                throw Mismatch(filled);
            }
        }
    }

    /// <summary>
    /// Reads the payload through a fixed buffer straight into <paramref name="values"/>: value <c>i</c> is
    /// <c>map[byte i]</c>. Nothing the size of the payload is allocated besides the caller's array.
    /// </summary>
    /// <param name="values">Exactly <see cref="Length"/> long.</param>
    /// <param name="map">The value of each byte: 256 entries.</param>
    public void Map<T>(Span<T> values, ReadOnlySpan<T> map)
    {
        if (values.Length != Length || map.Length != 256)
        {
            throw new ArgumentException($"Expected {Length} values and a map of 256, not {values.Length} and {map.Length}.", nameof(values));
        }

        var scratch = new byte[ScratchLength];
        var filled = 0;
        while (filled < Length)
        {
            var wanted = Math.Min(scratch.Length, Length - filled);
            var read = ReadFully(_source, scratch.AsSpan(0, wanted), Subject);
            var destination = values.Slice(filled, read);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = map[scratch[i]];
            }

            filled += read;
            if (read < wanted)
            {
                throw Mismatch(filled);
            }
        }
    }

    /// <summary>
    /// After the payload: when the whole array was read from a stream whose length was not checked up front, refuses
    /// any byte that follows it (counting up to 1 MiB more for the message).
    /// </summary>
    public void CheckEnd()
    {
        if (Items != _declared[0] || LengthChecked)
        {
            return;
        }

        var scratch = new byte[1 << 12];
        long extra = 0;
        int read;
        while (extra <= MaxExtraCounted && (read = ReadFully(_source, scratch, Subject)) > 0)
        {
            extra += read;
        }

        if (extra > 0)
        {
            throw Mismatch(Subject, _expectation, _declaredLength, _declaredLength + extra, _headerLength);
        }
    }

    /// <summary>Whether <paramref name="other"/> declares the same array (a file read twice must not have changed in between).</summary>
    public bool Declares(IdxPayload other) => _declared.AsSpan().SequenceEqual(other._declared) && Length == other.Length;

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <summary>Sniffs the first two bytes: a gzip stream is decompressed, anything else read as it is.</summary>
    private static (Stream Source, string Subject, long? Remaining, bool IsGzip) Sniff(Stream stream, string? sourceName, IdxReadOptions options)
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
                    $"{subject} declares dimensions {IdxFile.Describe(dimensions.Take(i + 1))}{(i + 1 < dimensionCount ? " × …" : string.Empty)}: more than the {Array.MaxLength} bytes an array can hold.");
            }
        }

        return (dimensions, length, headerLength);
    }

    private InvalidDataException Mismatch(long actual)
        => Mismatch(Subject, _expectation, Length, actual, _headerLength, IsGzip ? " (the gzip stream may be cut short)" : string.Empty);

    private static InvalidDataException Mismatch(string subject, string expectation, long expected, long actual, int headerLength, string hint = "")
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

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };
}
