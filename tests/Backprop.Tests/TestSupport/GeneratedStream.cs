using System.Text;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// A read-only stream that cannot seek and makes its bytes as they are read: a prefix, then a filler repeated up to a
/// total length (or without end), then a suffix. Hostile inputs of hundreds of megabytes cost nothing to make.
/// </summary>
internal sealed class GeneratedStream(byte[] prefix, byte[] filler, long length, byte[]? suffix = null) : Backprop.Data.ForwardOnlyStream
{
    private readonly byte[] _suffix = suffix ?? [];
    private long _position;

    /// <summary>Text prefix and filler (UTF-8).</summary>
    public GeneratedStream(string prefix, string filler, long length, string suffix = "")
        : this(Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(filler), length, Encoding.UTF8.GetBytes(suffix))
    {
    }

    /// <summary>The bytes handed out so far.</summary>
    public long BytesRead => _position;

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < length)
        {
            buffer[written++] = ByteAt(_position++);
        }

        return written;
    }

    private byte ByteAt(long position)
    {
        if (position < prefix.Length)
        {
            return prefix[position];
        }

        var fromEnd = length - position;
        if (fromEnd <= _suffix.Length)
        {
            return _suffix[_suffix.Length - fromEnd];
        }

        return filler[(position - prefix.Length) % filler.Length];
    }
}
