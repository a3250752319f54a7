namespace Backprop.Data;

/// <summary>
/// Counts the bytes read through it; for a decompressor over it, <see cref="Decompressed"/> then refuses output
/// beyond a ratio of the compressed bytes consumed (a "zip bomb" is refused after about the allowed bytes).
/// </summary>
internal sealed class RatioLimitedStream(Stream inner) : ForwardOnlyStream
{
    /// <summary>Output always allowed besides the ratio: headers and small files.</summary>
    private const long Allowance = 1 << 20;

    /// <summary>The key in <see cref="Exception.Data"/> that marks this refusal (so it is not mistaken for a corrupt gzip stream).</summary>
    public const string LimitMarker = "Backprop.IdxLimit";

    public long BytesRead { get; private set; }

    /// <summary>A stream that reads <paramref name="decompressor"/> (which reads this stream) and refuses more than the ratio allows.</summary>
    public Stream Decompressed(Stream decompressor, int maxRatio, string subject) => new Output(decompressor, this, maxRatio, subject);

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    private sealed class Output(Stream decompressor, RatioLimitedStream compressed, int maxRatio, string subject) : ForwardOnlyStream
    {
        private long _produced;

        public override int Read(Span<byte> buffer)
        {
            var read = decompressor.Read(buffer);
            _produced += read;
            if (_produced > Allowance + ((double)maxRatio * compressed.BytesRead))
            {
                throw new InvalidDataException(FormattableString.Invariant(
                    $"{subject} decompresses to more than {maxRatio} times its compressed size ({_produced} bytes from {compressed.BytesRead}; IdxReadOptions.MaxCompressionRatio is {maxRatio}): refused as a decompression bomb."))
                {
                    Data = { [LimitMarker] = true },
                };
            }

            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                decompressor.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
