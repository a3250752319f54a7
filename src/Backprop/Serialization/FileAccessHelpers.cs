using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Backprop;

/// <summary>Bounded reading and atomic writing of model files.</summary>
internal static partial class FileAccessHelpers
{
    /// <summary>The longest file name (in UTF-8 bytes) that Linux, macOS and Windows file systems accept.</summary>
    private const int MaxNameBytes = 255;

    /// <summary>The random part of a temporary name: 32 hexadecimal digits.</summary>
    private const int RandomDigits = 32;

    /// <summary>
    /// Reads the rest of a stream, refusing (with <see cref="ModelFormatException"/>) one longer than
    /// <paramref name="maxBytes"/> after reading at most <paramref name="maxBytes"/> + 1 bytes, and allocating at most
    /// twice the bytes read (see <see cref="BoundedReader"/>).
    /// </summary>
    public static ReadOnlyMemory<byte> ReadBounded(Stream stream, long maxBytes)
    {
        var buffer = BoundedReader.ReadToEnd(stream, maxBytes, size => TooLarge(size, maxBytes));

        // A UTF-8 byte order mark is allowed and skipped.
        var start = buffer.Length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        return buffer.AsMemory(start);
    }

    /// <summary>Opens a regular file for <see cref="ReadBounded"/> (see <see cref="RegularFile"/> for what is refused).</summary>
    public static FileStream OpenRead(string path) => RegularFile.OpenRead(path);

    /// <summary>
    /// Writes a file atomically: into a temporary file in the same folder, flushed to disk, then renamed over
    /// <paramref name="path"/>. If anything fails before the rename, the temporary file is deleted and the file
    /// at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A symbolic link at <paramref name="path"/> is followed: the link's final target is replaced and the link is kept.
    /// </para>
    /// <para>
    /// The temporary file is <c>.&lt;name&gt;.&lt;32 hex digits&gt;.tmp</c> beside the target (for a name too long to
    /// leave room within 255 bytes, <c>&lt;name&gt;</c> is its beginning followed by <c>~</c> and 8 hex digits of its
    /// SHA-256). It is held with an exclusive lock while written. A save first deletes the temporary files of
    /// earlier saves of the same target that a crash left behind: exactly the names of that pattern whose lock
    /// nobody holds, so a save in progress in another process is never disturbed.
    /// </para>
    /// </remarks>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="decorate">A test hook that wraps the temporary file's stream (to inject failures).</param>
    public static void WriteAtomically(string path, Action<Stream> write, Func<Stream, Stream>? decorate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = FinalTarget(Path.GetFullPath(path));
        var directory = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        var prefix = TemporaryPrefix(Path.GetFileName(target));
        RemoveStaleTemporaries(directory, prefix);
        var temporary = Path.Combine(directory, $"{prefix}{Convert.ToHexString(RandomNumberGenerator.GetBytes(RandomDigits / 2)).ToLowerInvariant()}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                var stream = decorate?.Invoke(file) ?? file;
                write(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The temporary names of saves of a file named <paramref name="fileName"/> start with this.</summary>
    internal static string TemporaryPrefix(string fileName)
    {
        // ".", the name, ".", 32 digits, ".tmp": 38 bytes besides the name.
        const int Overhead = 1 + 1 + RandomDigits + 4;
        if (Encoding.UTF8.GetByteCount(fileName) + Overhead <= MaxNameBytes)
        {
            return $".{fileName}.";
        }

        // "~" and 8 digits of the full name's hash keep shortened names of different files apart.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fileName)), 0, 4).ToLowerInvariant();
        var budget = MaxNameBytes - Overhead - 1 - hash.Length;
        var kept = new StringBuilder();
        var bytes = 0;
        foreach (var rune in fileName.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > budget)
            {
                break;
            }

            kept.Append(rune.ToString());
        }

        return $".{kept}~{hash}.";
    }

    /// <summary>Deletes the leftovers of crashed saves: names of the exact temporary pattern whose lock is free.</summary>
    private static void RemoveStaleTemporaries(string directory, string prefix)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, prefix + "*.tmp", SearchOption.TopDirectoryOnly);
            foreach (var candidate in candidates)
            {
                var name = Path.GetFileName(candidate);
                if (name.Length != prefix.Length + RandomDigits + 4
                    || !name.StartsWith(prefix, StringComparison.Ordinal)
                    || !TemporarySuffix().IsMatch(name.AsSpan(prefix.Length)))
                {
                    continue;
                }

                try
                {
                    // An exclusive open fails while a live save holds the file; a crashed one holds nothing.
                    using var stale = new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1);
                    File.Delete(candidate);
                }
                catch (IOException)
                {
                    // In use by a save in progress, or already gone.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours to delete.
                }
            }
        }
        catch (IOException)
        {
            // Best effort: a folder that cannot be listed still gets its save.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>The file a save replaces: <paramref name="fullPath"/>, or the final target when it is a symbolic link.</summary>
    private static string FinalTarget(string fullPath)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is null)
        {
            return fullPath;
        }

        var final = File.ResolveLinkTarget(fullPath, returnFinalTarget: true);
        return final is null ? fullPath : Path.GetFullPath(final.FullName);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file never replaces the real one, and the next save removes it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporarySuffix();

    private static ModelFormatException TooLarge(long? actual, long maxBytes)
        => new("$", actual is { } size
            ? FormattableString.Invariant($"the file holds {size} bytes, more than the limit of {maxBytes} bytes (ModelLoadOptions.MaxBytes).")
            : FormattableString.Invariant($"the file holds more than the limit of {maxBytes} bytes (ModelLoadOptions.MaxBytes)."));
}
