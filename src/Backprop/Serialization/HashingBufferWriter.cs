using System.Buffers;
using System.Security.Cryptography;

namespace Backprop;

/// <summary>A buffer writer that keeps nothing but the SHA-256 of the bytes written through it, and with a key their HMAC-SHA256.</summary>
internal sealed class HashingBufferWriter(byte[]? signingKey = null) : IBufferWriter<byte>, IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash? _hmac = signingKey is null ? null : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);

    public void Advance(int count)
    {
        _hash.AppendData(_buffer, 0, count);
        _hmac?.AppendData(_buffer, 0, count);
    }

    /// <summary>The keyed signature of everything written, as <see cref="FileSignature"/> spells it; null without a key.</summary>
    public string? Signature() => _hmac is null ? null : FileSignature.Spell(_hmac.GetHashAndReset());

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer;
    }

    /// <summary>The digest of everything written, as 64 lowercase hexadecimal digits.</summary>
    public string HexDigest()
    {
        var digest = _hash.GetHashAndReset();
        return string.Create(digest.Length * 2, digest, static (chars, bytes) =>
        {
            const string Digits = "0123456789abcdef";
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
            }
        });
    }

    public void Dispose()
    {
        _hash.Dispose();
        _hmac?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Reserve(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
    }
}
