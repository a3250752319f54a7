namespace Backprop;

/// <summary>
/// Reads the rest of a stream into memory within a byte limit, for any loader (model files, checkpoints, and new
/// file kinds): a longer stream is refused after at most the limit plus one byte, a stream that cannot seek is read
/// in chunks (so it costs the bytes that arrive, not a doubling buffer's slack), and at most twice the bytes read
/// are allocated in all.
/// </summary>
internal static class BoundedReader
{
    /// <summary>The chunk size for streams whose length is not known up front.</summary>
    private const int ChunkLength = 1 << 20;

    /// <summary>The first chunk: small files stay cheap.</summary>
    private const int FirstChunkLength = 64 * 1024;

    /// <summary>Reads the rest of <paramref name="stream"/>, refusing it once more than <paramref name="maxBytes"/> bytes arrive.</summary>
    /// <param name="stream">The stream (left open).</param>
    /// <param name="maxBytes">The most bytes accepted, at least 1 and less than <see cref="Array.MaxLength"/>.</param>
    /// <param name="tooLarge">Makes the refusal: given the stream's length when known up front, otherwise null.</param>
    /// <returns>The bytes, exactly as many as the stream held.</returns>
    public static byte[] ReadToEnd(Stream stream, long maxBytes, Func<long?, Exception> tooLarge)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxBytes, Array.MaxLength);
        long? declared = null;
        if (stream.CanSeek)
        {
            var length = stream.Length;
            declared = Math.Max(0, length - stream.Position);
            if (declared > maxBytes)
            {
                throw tooLarge(declared);
            }
        }

        // A known length is read into one exact buffer, then one byte is probed to see the end; a device that
        // claims a length of 0 but never ends, or a file that grows, continues in chunks and meets the limit.
        var chunks = new List<byte[]>();
        var first = new byte[declared ?? Math.Min(FirstChunkLength, maxBytes + 1)];
        chunks.Add(first);
        long total = 0;
        var filled = 0;
        var current = first;
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            if (filled == current.Length)
            {
                if (stream.Read(probe) == 0)
                {
                    break;
                }

                if (++total > maxBytes)
                {
                    throw tooLarge(null);
                }

                current = new byte[Math.Min(ChunkLength, maxBytes + 2 - total)];
                current[0] = probe[0];
                chunks.Add(current);
                filled = 1;
                continue;
            }

            var read = stream.Read(current, filled, current.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
            total += read;
            if (total > maxBytes)
            {
                throw tooLarge(null);
            }
        }

        if (chunks.Count == 1 && total == first.Length)
        {
            return first;
        }

        var result = GC.AllocateUninitializedArray<byte>((int)total);
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var count = (int)Math.Min(chunk.Length, total - offset);
            chunk.AsSpan(0, count).CopyTo(result.AsSpan(offset));
            offset += count;
        }

        return result;
    }
}
