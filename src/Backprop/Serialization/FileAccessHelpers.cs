namespace Backprop;

/// <summary>Bounded reading and atomic writing of model files.</summary>
internal static class FileAccessHelpers
{
    /// <summary>
    /// Reads the rest of a stream, refusing (with <see cref="ModelFormatException"/>) one longer than
    /// <paramref name="maxBytes"/> after reading at most <paramref name="maxBytes"/> + 1 bytes.
    /// </summary>
    public static ReadOnlyMemory<byte> ReadBounded(Stream stream, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var initial = 64 * 1024L;
        if (stream.CanSeek)
        {
            var remaining = Math.Max(0, stream.Length - stream.Position);
            if (remaining > maxBytes)
            {
                throw TooLarge(remaining, maxBytes);
            }

            initial = remaining + 1;
        }

        var buffer = new byte[Math.Min(initial, maxBytes + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    throw TooLarge(null, maxBytes);
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1));
            }

            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > maxBytes)
        {
            throw TooLarge(null, maxBytes);
        }

        // A UTF-8 byte order mark is allowed and skipped.
        var start = length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        return buffer.AsMemory(start, length - start);
    }

    /// <summary>Opens a file for <see cref="ReadBounded"/>.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    /// <summary>
    /// Writes a file atomically: into a temporary file in the same folder, flushed to disk, then renamed over
    /// <paramref name="path"/>. If anything fails before the rename, the temporary file is deleted and the file
    /// at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="decorate">A test hook that wraps the temporary file's stream (to inject failures).</param>
    public static void WriteAtomically(string path, Action<Stream> write, Func<Stream, Stream>? decorate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                var target = decorate?.Invoke(file) ?? file;
                write(target);
                target.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file never replaces the real one.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static ModelFormatException TooLarge(long? actual, long maxBytes)
        => new("$", actual is { } size
            ? FormattableString.Invariant($"the file holds {size} bytes, more than the limit of {maxBytes} bytes (ModelLoadOptions.MaxBytes).")
            : FormattableString.Invariant($"the file holds more than the limit of {maxBytes} bytes (ModelLoadOptions.MaxBytes)."));
}
