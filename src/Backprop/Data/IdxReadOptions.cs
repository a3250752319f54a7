namespace Backprop.Data;

/// <summary>Limits applied when <see cref="IdxFile"/> reads an IDX file, so that a small or hostile file cannot make it allocate or decompress without bound.</summary>
/// <remarks>
/// The declared size is checked against <see cref="MaxBytes"/> as soon as the header is read, before anything is
/// allocated; a gzip stream is also refused as soon as it has produced more than <see cref="MaxCompressionRatio"/>
/// times the compressed bytes consumed (plus 1 MiB for headers and small files). Reading allocates at most twice
/// the bytes that arrive, plus a fixed amount.
/// </remarks>
public sealed class IdxReadOptions
{
    /// <summary>The default limit on the data: 256 MiB (Fashion-MNIST's training images are 47 MB).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>The default limit on the decompression ratio: 100 (MNIST compresses about 5 : 1).</summary>
    public const int DefaultMaxCompressionRatio = 100;

    private readonly long _maxBytes = DefaultMaxBytes;
    private readonly int _maxCompressionRatio = DefaultMaxCompressionRatio;

    /// <summary>The options used when none are given.</summary>
    public static IdxReadOptions Default { get; } = new();

    /// <summary>
    /// The most data bytes (the product of the dimensions, after decompression) accepted (default
    /// <see cref="DefaultMaxBytes"/>). A header that declares more is refused before anything is allocated.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 or more than <see cref="Array.MaxLength"/>.</exception>
    public long MaxBytes
    {
        get => _maxBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength);
            _maxBytes = value;
        }
    }

    /// <summary>
    /// The most decompressed bytes per compressed byte a gzip file may yield (default
    /// <see cref="DefaultMaxCompressionRatio"/>); 1 MiB more is always allowed, for small files.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxCompressionRatio
    {
        get => _maxCompressionRatio;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxCompressionRatio = value;
        }
    }
}
