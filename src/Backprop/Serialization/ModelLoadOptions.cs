namespace Backprop;

/// <summary>Limits and checks applied when a model or checkpoint file is loaded.</summary>
public sealed class ModelLoadOptions
{
    /// <summary>The default size limit: 256 MiB (about 48 million float parameters).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    private readonly long _maxBytes = DefaultMaxBytes;
    private readonly int _maxJsonValues = DefaultMaxJsonValues;
    private readonly byte[]? _signingKey;

    /// <summary>The options used when none are given.</summary>
    public static ModelLoadOptions Default { get; } = new();

    /// <summary>
    /// The largest file accepted, in bytes (default <see cref="DefaultMaxBytes"/>). A longer file or stream is
    /// refused with <see cref="ModelFormatException"/> after reading at most this many bytes plus one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 or not less than <see cref="Array.MaxLength"/>.</exception>
    public long MaxBytes
    {
        get => _maxBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, Array.MaxLength);
            _maxBytes = value;
        }
    }

    /// <summary>The default limit on JSON values: 250,000 (a model file holds about nine per layer, at most 10,000 layers).</summary>
    public const int DefaultMaxJsonValues = 250_000;

    /// <summary>
    /// The most JSON values (objects, arrays, strings, numbers, literals) a file may hold (default
    /// <see cref="DefaultMaxJsonValues"/>). They are counted while the file is first read, token by token, so a file
    /// that holds a flood of them is refused at the first one too many, before any document is built.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 16.</exception>
    public int MaxJsonValues
    {
        get => _maxJsonValues;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            _maxJsonValues = value;
        }
    }

    /// <summary>
    /// Whether the file's <c>sha256</c> must match its content (default true). Turn it off only to load a file
    /// edited by hand; every other check still applies.
    /// </summary>
    public bool VerifyChecksum { get; init; } = true;

    /// <summary>
    /// When set (at least 16 bytes; copied), only files signed with this key (<see cref="ModelSaveOptions.SigningKey"/>)
    /// load: an unsigned file, or one whose signature does not match its content under this key, is refused with
    /// <see cref="ModelFormatException"/> saying which. The comparison takes the same time wherever the signatures
    /// differ. Null (the default) ignores any signature; the <c>sha256</c> checksum still detects damage, not tampering.
    /// </summary>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes.</exception>
    public byte[]? SigningKey
    {
        get => _signingKey is null ? null : (byte[])_signingKey.Clone();
        init => _signingKey = FileSignature.CheckedCopy(value, nameof(SigningKey));
    }

    /// <summary>The key without a copy, for the reader.</summary>
    internal byte[]? Key => _signingKey;
}
