using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backprop.Fuzzing;

/// <summary>
/// A structure-aware target for model files, in the manner of libFuzzer's structure-aware fuzzing: the input is not a
/// file but a recipe. Its first byte picks one of the valid seed documents; each following pair of bytes is one edit
/// of the JSON tree (replace a value by another kind or a boundary number, delete or duplicate a member, rename a
/// member to another name of the format, swap in another known name, resize or bit-flip a base64 payload, nest a
/// value, shorten an array). The edited document then gets its checksum recomputed — so that edits reach every check
/// behind it, as a hand-edited or hostile file with a recomputed checksum would — and goes to the same loads and
/// guarantees as <see cref="ModelTarget"/> and <see cref="CheckpointTarget"/>. afl's byte mutations of the recipe thus
/// become well-formed structural mutations of the file, which plain byte flips of JSON rarely are.
/// </summary>
internal static class StructuredModelTarget
{
    private static readonly string[] Names =
    [
        "format", "version", "elementType", "network", "loss", "layers", "type", "inputs", "neurons", "activation", "dropoutRate",
        "weights", "biases", "trainer", "miniBatchSize", "epochs", "shuffle", "seed", "stepsTaken", "epochsCompleted", "dropoutState",
        "optimizer", "kind", "learningRate", "schedule", "weightDecay", "gradientClipNorm", "momentum", "nesterov", "beta1", "beta2",
        "epsilon", "decoupledWeightDecay", "alpha", "historySize", "armijoConstant", "initialStep", "increaseFactor", "decreaseFactor",
        "maximumStep", "minimumStep", "state", "velocity", "updates", "firstMoment", "secondMoment", "meanSquare", "count", "newest",
        "rho", "s0", "y0", "s1", "y1", "stepSizes", "previousGradients", "warmupSteps", "then", "totalSteps", "minimumRate", "stepSize",
        "factor", "sha256", "signature",
    ];

    private static readonly string[] Texts =
    [
        "backprop-network", "backprop-checkpoint", "float32", "float64", "dense", "sigmoid", "tanh", "relu", "identity", "softplus",
        "gelu-tanh", "softmax", "silu", "leaky-relu(0.01)", "leaky-relu(1)", "elu(1)", "elu(1E+39)", "elu(0)", "squared-error",
        "mean-squared-error", "binary-cross-entropy", "categorical-cross-entropy", "sgd", "adam", "adamw", "rmsprop", "lbfgs",
        "irprop-minus", "constant", "step-decay", "exponential", "cosine", "warmup", "", "AAAA", "AAAAAAAAAAA=", "0000000000000000",
        "FFFFFFFFFFFFFFFF", "hmac-sha256:00",
    ];

    private static readonly double[] Numbers =
    [
        0, -0.0, 1, -1, 2, 0.5, 0.999999999999, 1e-300, 1e-45, 1e38, 3.5e38, 1e308, -1e308, int.MaxValue, (double)int.MaxValue + 1,
        int.MinValue, long.MaxValue, 9007199254740993, 65536, 46341, 10000, 10001, 1000, 1001, 3, 4,
    ];

    // The canonical form writes base64 as the library's writer does: '+' and '/' unescaped.
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[][]? _seeds;

    /// <summary>The seed documents: every file of the model corpus (network files and checkpoints).</summary>
    public static void UseSeeds(string folder)
        => _seeds = [.. Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    public static string Run(byte[] recipe)
    {
        var (bytes, edits) = Document(recipe);
        return bytes is null ? "empty recipe" : $"[{string.Join(", ", edits)}] {ModelTarget.Run(bytes)} | {CheckpointTarget.Run(bytes)}";
    }

    /// <summary>The model file a recipe makes (null for an empty recipe) and the edits applied, for replay and regressions.</summary>
    public static (byte[]? Document, List<string> Edits) Document(byte[] recipe)
    {
        var seeds = _seeds ?? throw new InvalidOperationException("StructuredModelTarget.UseSeeds was not called.");
        var edits = new List<string>();
        if (recipe.Length == 0)
        {
            return (null, edits);
        }

        var root = JsonNode.Parse(seeds[recipe[0] % seeds.Length])!;
        for (var i = 1; i + 1 < recipe.Length && edits.Count < 16; i += 2)
        {
            edits.Add(Edit(root, recipe[i], recipe[i + 1]));
        }

        return (WithChecksum(root), edits);
    }

    /// <summary>The document with its <c>sha256</c> recomputed over the canonical form (FORMAT.md), when it is an object.</summary>
    internal static byte[] WithChecksum(JsonNode root)
    {
        if (root is JsonObject document)
        {
            var content = document.DeepClone().AsObject();
            content.Remove("sha256");
            content.Remove("signature");
            document["sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToJsonString(Canonical)))).ToLowerInvariant();
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static string Edit(JsonNode root, byte where, byte what)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[where % nodes.Count];
        var parent = node.Parent;
        switch (what % 12)
        {
            case 0:
                return Replace(node, JsonValue.Create(Numbers[what / 12 % Numbers.Length]), "number");
            case 1:
                return Replace(node, JsonValue.Create(Texts[what / 12 % Texts.Length]), "text");
            case 2:
                return Replace(node, (what & 0x10) != 0 ? JsonValue.Create(what % 2 == 0) : null, "literal");
            case 3 when parent is JsonObject o:
                o.Remove(node.GetPropertyName());
                return "delete";
            case 4 when parent is JsonObject o:
                var name = Names[what / 12 % Names.Length];
                var value = node.DeepClone();
                o.Remove(node.GetPropertyName());
                o[name] = value;
                return "rename " + name;
            case 5 when parent is JsonArray a:
                a.Add(node.DeepClone());
                return "duplicate item";
            case 6 when node is JsonObject o:
                o[Names[what / 12 % Names.Length]] = JsonValue.Create(Numbers[what % Numbers.Length]);
                return "add member";
            case 7 when node is JsonValue v && v.TryGetValue<string>(out var text):
                return Replace(node, JsonValue.Create(Resize(text, what)), "resize payload");
            case 8 when node is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0:
                var bytes = TryBase64(text);
                if (bytes is { Length: > 0 })
                {
                    bytes[what % bytes.Length] ^= (byte)(1 << (what % 8));
                    return Replace(node, JsonValue.Create(Convert.ToBase64String(bytes)), "flip payload bit");
                }

                return "no payload";
            case 9:
                return Replace(node, new JsonArray(node.DeepClone()), "nest");
            case 10 when node is JsonArray a && a.Count > 0:
                a.RemoveAt(a.Count - 1);
                return "shorten array";
            case 11 when node is JsonValue v && v.TryGetValue<double>(out var number):
                return Replace(node, JsonValue.Create(what % 2 == 0 ? number + 1 : -number), "shift number");
            default:
                return "no-op";
        }
    }

    private static string Replace(JsonNode node, JsonNode? replacement, string what)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = replacement;
                return "replace by " + what;
            case JsonArray a:
                a[node.GetElementIndex()] = replacement;
                return "replace item by " + what;
            default:
                return "root kept";
        }
    }

    private static string Resize(string text, byte what)
    {
        var bytes = TryBase64(text) ?? Encoding.UTF8.GetBytes(text);
        var length = (what % 4) switch
        {
            0 => 0,
            1 => Math.Max(0, bytes.Length - 4),
            2 => bytes.Length + 4,
            _ => bytes.Length * 2,
        };
        var resized = new byte[length];
        bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(resized);
        return Convert.ToBase64String(resized);
    }

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToList())
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray a:
                foreach (var child in a.ToList())
                {
                    Collect(child, nodes);
                }

                break;
        }
    }
}
