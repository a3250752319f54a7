using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Serialization;

/// <summary>
/// The optional keyed signature: a file saved with a key carries its HMAC-SHA256, a load with the key refuses unsigned
/// and otherwise-signed files, and the checksum alone is shown to be recomputable by anyone (it detects damage only).
/// </summary>
public sealed class FileSignatureTests
{
    // The canonical form's strings are written as the library's writer writes base64: '+' and '/' unescaped.
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherKey = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    private static Network<double> SmallNetwork() => SerializationTestData.RandomNetwork<double>(5, [3, 4, 2], _ => Activation<double>.Tanh, true);

    private static byte[] Saved(Network<double> network, ModelSaveOptions? options = null)
    {
        using var stream = new MemoryStream();
        if (options is null)
        {
            network.Save(stream);
        }
        else
        {
            network.Save(stream, options);
        }

        return stream.ToArray();
    }

    [Fact]
    public void The_signature_is_the_HMAC_SHA256_of_the_content_the_checksum_covers()
    {
        // Given a network saved with a key
        var network = SmallNetwork();
        var signed = JsonNode.Parse(Saved(network, new ModelSaveOptions { SigningKey = Key }))!.AsObject();

        // When the canonical content is re-created independently: the compact document without sha256 and signature
        var content = signed.DeepClone().AsObject();
        content.Remove("sha256");
        content.Remove("signature");
        var canonical = Encoding.UTF8.GetBytes(content.ToJsonString(Canonical));

        // Then the checksum is its SHA-256 and the signature its HMAC-SHA256 under the key
        signed["sha256"]!.GetValue<string>().Should().Be(Convert.ToHexString(SHA256.HashData(canonical)).ToLowerInvariant());
        signed["signature"]!.GetValue<string>().Should().Be("hmac-sha256:" + Convert.ToHexString(HMACSHA256.HashData(Key, canonical)).ToLowerInvariant());
    }

    [Fact]
    public void A_signed_file_loads_with_its_key_and_without_one()
    {
        var network = SmallNetwork();
        var bytes = Saved(network, new ModelSaveOptions { SigningKey = Key });
        ParameterSnapshot.Of(network).ShouldBeBitIdenticalTo(Network<double>.Load(new MemoryStream(bytes), new ModelLoadOptions { SigningKey = Key }));
        ParameterSnapshot.Of(network).ShouldBeBitIdenticalTo(Network<double>.Load(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_load_with_a_key_refuses_an_unsigned_file()
    {
        var load = () => Network<double>.Load(new MemoryStream(Saved(SmallNetwork())), new ModelLoadOptions { SigningKey = Key });
        load.Should().Throw<ModelFormatException>().Which.Message.Should().Contain("$.signature").And.Contain("the file is not signed");
    }

    [Fact]
    public void A_load_with_a_key_refuses_a_file_signed_with_another_key()
    {
        var load = () => Network<double>.Load(new MemoryStream(Saved(SmallNetwork(), new ModelSaveOptions { SigningKey = OtherKey })), new ModelLoadOptions { SigningKey = Key });
        load.Should().Throw<ModelFormatException>().Which.Message.Should().Contain("the signature does not match");
    }

    [Fact]
    public void A_tampered_file_with_a_recomputed_checksum_loads_without_a_key_and_is_refused_with_one()
    {
        // Given a signed checkpoint whose seed an attacker changed, recomputing the unkeyed checksum as anyone can
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.1)) { Epochs = 1 };
        var network = SmallNetwork();
        using var stream = new MemoryStream();
        new Checkpoint<double>(network, trainer).Save(stream, new ModelSaveOptions { SigningKey = Key });
        var root = JsonNode.Parse(stream.ToArray())!.AsObject();
        root["trainer"]!["seed"] = 12345;
        var content = root.DeepClone().AsObject();
        content.Remove("sha256");
        content.Remove("signature");
        root["sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToJsonString(Canonical)))).ToLowerInvariant();
        var tampered = Encoding.UTF8.GetBytes(root.ToJsonString());

        // When it is loaded without a key, the checksum passes (it detects damage, not tampering)
        Checkpoint<double>.Load(new MemoryStream(tampered)).Trainer.Seed.Should().Be(12345);

        // And with the key, the signature refuses it
        var load = () => Checkpoint<double>.Load(new MemoryStream(tampered), new ModelLoadOptions { SigningKey = Key });
        load.Should().Throw<ModelFormatException>().Which.Message.Should().Contain("the signature does not match");
    }

    [Fact]
    public void Keys_shorter_than_16_bytes_are_refused_where_they_are_set()
    {
        var save = () => new ModelSaveOptions { SigningKey = new byte[15] };
        var load = () => new ModelLoadOptions { SigningKey = new byte[15] };
        save.Should().Throw<ArgumentException>().Which.Message.Should().Contain("at least 16 bytes");
        load.Should().Throw<ArgumentException>().Which.Message.Should().Contain("at least 16 bytes");
    }
}
