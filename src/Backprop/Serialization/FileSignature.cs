using System.Security.Cryptography;
using System.Text;

namespace Backprop;

/// <summary>
/// The optional keyed signature of a model file or checkpoint: <c>"signature": "hmac-sha256:&lt;64 hex digits&gt;"</c>,
/// the HMAC-SHA256, under a key the application holds, of the same canonical content the <c>sha256</c> checksum
/// covers. The checksum detects damage; only the signature shows that the file was written by someone with the key.
/// </summary>
internal static class FileSignature
{
    /// <summary>The spelling's prefix, which names the algorithm.</summary>
    public const string Prefix = "hmac-sha256:";

    /// <summary>The length of a spelled signature.</summary>
    public const int Length = 12 + 64;

    /// <summary>The smallest key accepted: 16 bytes (128 bits).</summary>
    public const int MinKeyLength = 16;

    /// <summary>A copy of a key after checking its length.</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinKeyLength"/> bytes.</exception>
    public static byte[]? CheckedCopy(byte[]? key, string parameterName)
    {
        if (key is null)
        {
            return null;
        }

        return key.Length >= MinKeyLength
            ? (byte[])key.Clone()
            : throw new ArgumentException($"A signing key needs at least {MinKeyLength} bytes (32 random bytes are usual); this one has {key.Length}.", parameterName);
    }

    /// <summary>Spells a MAC as the file holds it.</summary>
    public static string Spell(byte[] mac) => Prefix + Convert.ToHexString(mac).ToLowerInvariant();

    /// <summary>Refuses a file whose signature is missing or is not <paramref name="expected"/>, comparing in constant time.</summary>
    /// <exception cref="ModelFormatException">The file is unsigned or signed otherwise.</exception>
    public static void Verify(string? found, string expected, string path)
    {
        if (found is null)
        {
            throw new ModelFormatException(path, "the file is not signed, but ModelLoadOptions.SigningKey asks for a file signed with that key; refused.");
        }

        var equal = found.Length == expected.Length
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found), Encoding.ASCII.GetBytes(expected));
        if (!equal)
        {
            throw new ModelFormatException(
                path,
                "the signature does not match: the file was not signed with this key (ModelLoadOptions.SigningKey), or its content was changed after it was signed; refused.");
        }
    }
}
