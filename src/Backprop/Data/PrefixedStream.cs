namespace Backprop.Data;

/// <summary>
/// A read-only, forward-only stream that first replays bytes already taken from <c>inner</c> (to sniff a
/// format) and then continues with <c>inner</c> itself, so streams that cannot seek can be sniffed too.
/// </summary>
internal sealed class PrefixedStream : ForwardOnlyStream
{
    private readonly byte[] _prefix;
    private readonly Stream _inner;
    private int _prefixPosition;

    public PrefixedStream(byte[] prefix, Stream inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefix.Length)
        {
            var count = Math.Min(buffer.Length, _prefix.Length - _prefixPosition);
            _prefix.AsSpan(_prefixPosition, count).CopyTo(buffer);
            _prefixPosition += count;
            return count;
        }

        return _inner.Read(buffer);
    }
}
