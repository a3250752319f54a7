namespace Backprop;

/// <summary>How a model file or checkpoint is saved.</summary>
/// <example>
/// <code>
/// var key = RandomNumberGenerator.GetBytes(32);                       // kept by the application, never in the file
/// network.Save("model.json", new ModelSaveOptions { SigningKey = key });
/// var loaded = Network&lt;double&gt;.Load("model.json", new ModelLoadOptions { SigningKey = key }); // refuses files it did not sign
/// </code>
/// </example>
public sealed class ModelSaveOptions
{
    private readonly byte[]? _signingKey;

    /// <summary>
    /// A secret key (at least 16 bytes; copied): the file then carries <c>"signature": "hmac-sha256:…"</c>, the
    /// HMAC-SHA256 of its content under this key, which a load given the same key checks. The file's <c>sha256</c>
    /// alone detects damage but not tampering (anyone can recompute it); the signature shows that the file was written
    /// by a holder of the key. Null (the default) writes no signature.
    /// </summary>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes.</exception>
    public byte[]? SigningKey
    {
        get => _signingKey is null ? null : (byte[])_signingKey.Clone();
        init => _signingKey = FileSignature.CheckedCopy(value, nameof(SigningKey));
    }

    /// <summary>The key without a copy, for the writer.</summary>
    internal byte[]? Key => _signingKey;
}
