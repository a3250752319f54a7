using System.Runtime.InteropServices;

namespace Backprop;

/// <summary>
/// Opens files that loaders read: only regular files (a symbolic link is followed to its target and judged by it).
/// A directory, a FIFO, a character or block device (<c>/dev/zero</c>) or a socket is refused with
/// <see cref="IOException"/> before it is opened, so that a FIFO with no writer cannot block the caller and a device
/// cannot feed endless bytes.
/// </summary>
/// <remarks>
/// The file's type is read with <c>stat(2)</c> through the runtime's own native shim (the same call .NET's file
/// classes make), whose first two fields (flags, then the POSIX mode) have kept their layout since .NET Core 1.0.
/// A file swapped for a special one between the check and the open is still read through the loaders' size
/// limits, so it cannot exhaust memory.
/// </remarks>
internal static class RegularFile
{
    // POSIX file-type bits of st_mode (the runtime's shim passes them through unchanged).
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Directory = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    /// <summary>Opens <paramref name="path"/> for reading after checking that it names a regular file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer (1 for none).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="IOException"><paramref name="path"/> names a directory, a FIFO, a device or a socket.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureRegular(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
    }

    /// <summary>Throws unless <paramref name="path"/> (followed through symbolic links) is a regular file.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">It is a directory, a FIFO, a device or a socket.</exception>
    public static void EnsureRegular(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no FIFOs in the file system; its devices live outside it (\\.\), and directories are the
            // one other kind a path can name.
            if (System.IO.Directory.Exists(path))
            {
                throw NotRegular(path, "a directory");
            }

            return;
        }

        var mode = Mode(path);
        if (mode is null)
        {
            // Missing (or a dangling link): let the open report it as the usual FileNotFoundException.
            return;
        }

        var kind = (mode.Value & TypeMask) switch
        {
            Regular => null,
            Directory => "a directory",
            Fifo => "a FIFO (named pipe)",
            CharacterDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            _ => "not a regular file",
        };
        if (kind is not null)
        {
            throw NotRegular(path, kind);
        }
    }

    private static IOException NotRegular(string path, string kind)
        => new($"'{path}' is {kind}, not a regular file; only regular files (or links to them) are read.");

    private static int? Mode(string path)
    {
        var status = default(FileStatusPrefix);
        try
        {
            return Stat(path, ref status) == 0 ? status.Mode : null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // A runtime without the shim: fall back to what the managed API can tell (directories only).
            return System.IO.Directory.Exists(path) ? Directory : File.Exists(path) ? Regular : null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref FileStatusPrefix output);

    /// <summary>
    /// The shim's FileStatus: its first fields (Flags, Mode) and room for the rest (about 120 bytes today); the
    /// shim writes the whole structure, so the buffer is generously larger.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatusPrefix
    {
        public int Flags;
        public int Mode;
        public Padding Rest;
    }

    [System.Runtime.CompilerServices.InlineArray(62)]
    private struct Padding
    {
        private long _element;
    }
}
