using System.IO.Compression;

namespace Backprop.Tests.Data;

/// <summary>
/// IDX files built byte by byte from the format's description (big-endian <c>00 00 type n</c>, <c>n</c> 32-bit
/// dimensions, payload), independently of the library's writer, and gzip-compressed by the framework.
/// </summary>
internal static class IdxBytes
{
    /// <summary>An IDX file with the given type code, dimensions (unsigned, so 2³¹ can be declared) and payload.</summary>
    public static byte[] Build(byte type, uint[] dimensions, byte[] payload)
    {
        var bytes = new List<byte> { 0x00, 0x00, type, (byte)dimensions.Length };
        foreach (var dimension in dimensions)
        {
            bytes.Add((byte)(dimension >> 24));
            bytes.Add((byte)(dimension >> 16));
            bytes.Add((byte)(dimension >> 8));
            bytes.Add((byte)dimension);
        }

        bytes.AddRange(payload);
        return [.. bytes];
    }

    /// <summary>An unsigned-byte (type 0x08) IDX file.</summary>
    public static byte[] Bytes(uint[] dimensions, byte[] payload) => Build(0x08, dimensions, payload);

    /// <summary>The bytes 0, 1, 2, … (mod 256).</summary>
    public static byte[] Counting(int length)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++)
        {
            payload[i] = (byte)i;
        }

        return payload;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }
}
