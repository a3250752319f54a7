using System.Numerics;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// The JSON document of a network file or a checkpoint (see FORMAT.md beside this file): writing, and strict
/// reading that validates everything and throws only <see cref="ModelFormatException"/>.
/// </summary>
internal static class ModelDocument
{
    /// <summary>The version of the format this library writes and the only one it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The <c>format</c> of a network file.</summary>
    public const string NetworkFormat = "backprop-network";

    /// <summary>The <c>format</c> of a checkpoint.</summary>
    public const string CheckpointFormat = "backprop-checkpoint";

    /// <summary>The deepest nesting of JSON arrays and objects accepted.</summary>
    public const int MaxDepth = 16;

    /// <summary>The most layers a file may declare.</summary>
    public const int MaxLayers = 10_000;

    private static readonly string[] LayerMembers = ["type", "inputs", "neurons", "activation", "dropoutRate", "weights", "biases"];
    private static readonly string[] TrainerMembers = ["miniBatchSize", "epochs", "shuffle", "seed", "stepsTaken", "epochsCompleted", "dropoutState"];

    /// <summary>Writes a network file (<paramref name="trainer"/> null) or a checkpoint, signed when <paramref name="signingKey"/> is given.</summary>
    /// <exception cref="NotSupportedException">The element type, an activation, the loss, the optimizer or its schedule is not built in.</exception>
    public static void Write<T>(Stream stream, Network<T> network, Trainer<T>? trainer, byte[]? signingKey = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(network);
        EnsureSupported(network, trainer);
        var digest = Digest(network, trainer, signingKey);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        WriteContent(writer, network, trainer, digest);
        writer.Flush();
    }

    /// <summary>Reads and validates a network file (<paramref name="checkpoint"/> false) or a checkpoint.</summary>
    /// <exception cref="ModelFormatException">Anything about the content is wrong.</exception>
    public static (Network<T> Network, Trainer<T>? Trainer) Read<T>(ReadOnlyMemory<byte> bytes, ModelLoadOptions options, bool checkpoint)
        where T : struct, IFloatingPointIeee754<T>
    {
        var elementType = ParameterPayload.ElementTypeName<T>();

        // A pass with the forward-only reader first: unknown members, absurd arrays and floods of values are refused
        // at the token where they appear, before a document (whose size follows the values) is built.
        ModelDocumentScan.Scan(bytes.Span, options, LayerMembers, TrainerMembers);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException exception)
        {
            throw NotJson(exception);
        }

        using (document)
        {
            try
            {
                return ReadDocument<T>(document.RootElement, options, checkpoint, elementType);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                // A safety net: every check above should have caught the problem first.
                throw new ModelFormatException("$", exception.Message, exception);
            }
        }
    }

    /// <summary>The refusal of malformed JSON, located by line and byte.</summary>
    internal static ModelFormatException NotJson(JsonException exception)
    {
        var where = exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? FormattableString.Invariant($"line {line + 1}, byte {position + 1}")
            : "$";
        return new ModelFormatException(where, $"the file is not valid JSON. {exception.Message}", exception);
    }

    private static void EnsureSupported<T>(Network<T> network, Trainer<T>? trainer)
        where T : struct, IFloatingPointIeee754<T>
    {
        _ = ParameterPayload.ElementTypeName<T>();
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var activation = network.Layers[l].Activation;
            if (!KnownNames.IsBuiltIn(activation))
            {
                throw new NotSupportedException(
                    $"Layer {l} has the custom activation '{activation.Name}'; model files name built-in activations only ({KnownNames.ActivationList<T>()}).");
            }
        }

        if (!KnownNames.IsBuiltIn(network.Loss))
        {
            throw new NotSupportedException($"The network's loss '{network.Loss.Name}' is custom; model files name built-in losses only ({KnownNames.LossList}).");
        }

        if (trainer is not null)
        {
            OptimizerCodec.EnsureSupported(trainer.Optimizer);
        }

        FiniteOutputRule.RequireOnSave(network);
    }

    /// <summary>
    /// The SHA-256 of the compact document without its <c>sha256</c> and <c>signature</c> members, as lowercase hex, and
    /// with a key its HMAC-SHA256 (<see cref="FileSignature"/>), in one pass.
    /// </summary>
    private static Digests Digest<T>(Network<T> network, Trainer<T>? trainer, byte[]? signingKey)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var sink = new HashingBufferWriter(signingKey);
        using (var writer = new Utf8JsonWriter(sink, new JsonWriterOptions { Indented = false }))
        {
            WriteContent(writer, network, trainer, digest: null);
        }

        return new Digests(sink.HexDigest(), sink.Signature());
    }

    private static void WriteContent<T>(Utf8JsonWriter writer, Network<T> network, Trainer<T>? trainer, Digests? digest)
        where T : struct, IFloatingPointIeee754<T>
    {
        writer.WriteStartObject();
        writer.WriteString("format", trainer is null ? NetworkFormat : CheckpointFormat);
        writer.WriteNumber("version", FormatVersion);
        writer.WriteString("elementType", ParameterPayload.ElementTypeName<T>());

        writer.WriteStartObject("network");
        writer.WriteString("loss", network.Loss.Name);
        writer.WriteStartArray("layers");
        foreach (var layer in network.Layers)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "dense");
            writer.WriteNumber("inputs", layer.InputSize);
            writer.WriteNumber("neurons", layer.Neurons);
            writer.WriteString("activation", layer.Activation.Name);
            writer.WriteNumber("dropoutRate", layer.DropoutRate);
            ParameterPayload.Write<T>(writer, "weights", layer.WeightValues, PayloadLayout.Matrix(layer.Neurons, layer.InputSize));
            if (layer.BiasValues is { } biases)
            {
                ParameterPayload.Write<T>(writer, "biases", biases);
            }
            else
            {
                writer.WriteNull("biases");
            }

            writer.WriteEndObject();
            writer.Flush(); // one layer at a time: the writer never buffers more than the largest layer
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        if (trainer is not null)
        {
            writer.WriteStartObject("trainer");
            writer.WriteNumber("miniBatchSize", trainer.MiniBatchSize);
            writer.WriteNumber("epochs", trainer.Epochs);
            writer.WriteBoolean("shuffle", trainer.Shuffle);
            writer.WriteNumber("seed", trainer.Seed);
            writer.WriteNumber("stepsTaken", trainer.State.StepsTaken);
            writer.WriteNumber("epochsCompleted", trainer.State.EpochsCompleted);
            writer.WriteStartArray("dropoutState");
            foreach (var word in network.Training.DropoutState)
            {
                writer.WriteStringValue(word.ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WritePropertyName("optimizer");
            OptimizerCodec.Write(writer, trainer.Optimizer, network.Layers);
        }

        if (digest is { } digests)
        {
            writer.WriteString("sha256", digests.Sha256);
            if (digests.Signature is { } signature)
            {
                writer.WriteString("signature", signature);
            }
        }

        writer.WriteEndObject();
    }

    private static (Network<T> Network, Trainer<T>? Trainer) ReadDocument<T>(JsonElement root, ModelLoadOptions options, bool checkpoint, string elementType)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException("$", $"expected a JSON object but found {StrictJsonObject.Describe(root.ValueKind)}.");
        }

        // The format and version come first, so that another kind of file or a newer version is named as such
        // rather than reported as unknown members.
        CheckFormatAndVersion(root, checkpoint);
        string[] required = checkpoint
            ? ["format", "version", "elementType", "network", "trainer", "optimizer"]
            : ["format", "version", "elementType", "network"];
        var o = options.VerifyChecksum
            ? StrictJsonObject.Read(root, "$", [.. required, "sha256"], ["signature"])
            : StrictJsonObject.Read(root, "$", required, ["sha256", "signature"]);

        var fileElementType = o.String("elementType");
        if (fileElementType != elementType)
        {
            throw new ModelFormatException(
                o.PathOf("elementType"),
                fileElementType is "float32" or "float64"
                    ? $"the file holds {fileElementType} values but {elementType} was asked for; load it as {(fileElementType == "float32" ? "float" : "double")}."
                    : $"unknown element type \"{fileElementType}\"; expected float32 or float64.");
        }

        var network = ReadNetwork<T>(o["network"], o.PathOf("network"));
        FiniteOutputRule.RequireOnLoad(network, o.PathOf("network"));
        Trainer<T>? trainer = null;
        if (checkpoint)
        {
            var t = StrictJsonObject.Read(o["trainer"], o.PathOf("trainer"), TrainerMembers);
            var optimizer = OptimizerCodec.Read(o["optimizer"], o.PathOf("optimizer"), network.Layers);
            trainer = new Trainer<T>(optimizer)
            {
                MiniBatchSize = t.Int32("miniBatchSize", 1, int.MaxValue),
                Epochs = t.Int32("epochs", 1, int.MaxValue),
                Shuffle = t.Boolean("shuffle"),
                Seed = t.Int32("seed", int.MinValue, int.MaxValue),
            };
            // The counters within what training reaches (TrainingState's limits; each epoch makes at least one update).
            trainer.State.StepsTaken = t.Integer("stepsTaken", 0, TrainingState.MaxStepsTaken);
            trainer.State.EpochsCompleted = t.Int32("epochsCompleted", 0, (int)Math.Min(TrainingState.MaxEpochsCompleted, trainer.State.StepsTaken));
            network.Training.DropoutState = ReadDropoutState(t["dropoutState"], t.PathOf("dropoutState"));
        }

        var digests = options.VerifyChecksum || options.Key is not null ? Digest(network, trainer, options.Key) : default;
        if (options.VerifyChecksum)
        {
            var expected = o.String("sha256");
            var actual = digests.Sha256;
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                throw new ModelFormatException(
                    o.PathOf("sha256"),
                    $"the checksum does not match the content, so the file was changed or damaged after it was saved (the file says {expected}; the content gives {actual}).");
            }
        }

        if (options.Key is not null)
        {
            FileSignature.Verify(o.Has("signature") ? o.String("signature", FileSignature.Length) : null, digests.Signature!, o.PathOf("signature"));
        }

        return (network, trainer);
    }

    /// <summary>The checksum and, for a signing key, the signature of a document's content.</summary>
    private readonly record struct Digests(string Sha256, string? Signature);

    private static void CheckFormatAndVersion(JsonElement root, bool checkpoint)
    {
        if (!root.TryGetProperty("format", out var formatElement) || formatElement.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException("$.format", "the required string member \"format\" is missing: this is not a Backprop model file.");
        }

        var format = formatElement.GetString();
        var expected = checkpoint ? CheckpointFormat : NetworkFormat;
        if (format != expected)
        {
            throw new ModelFormatException("$.format", format switch
            {
                NetworkFormat => "this is a network file, not a checkpoint; load it with Network<T>.Load.",
                CheckpointFormat => "this is a checkpoint, not a network file; load it with Checkpoint<T>.Load (its Network is the saved network).",
                _ => $"\"{(format!.Length > 64 ? string.Concat(format.AsSpan(0, 64), "…") : format)}\" is not a Backprop model format; expected \"{expected}\".",
            });
        }

        if (!root.TryGetProperty("version", out var versionElement) || versionElement.ValueKind != JsonValueKind.Number)
        {
            throw new ModelFormatException("$.version", "the required number member \"version\" is missing.");
        }

        if (!versionElement.TryGetInt32(out var version) || version != FormatVersion)
        {
            throw new ModelFormatException(
                "$.version",
                $"format version {versionElement.GetRawText()} is not supported; this version of Backprop reads version {FormatVersion}.");
        }
    }

    private static Network<T> ReadNetwork<T>(JsonElement element, string path)
        where T : struct, IFloatingPointIeee754<T>
    {
        var o = StrictJsonObject.Read(element, path, ["loss", "layers"]);
        var lossName = o.String("loss");
        var loss = KnownNames.FindLoss<T>(lossName)
            ?? throw new ModelFormatException(o.PathOf("loss"), $"unknown loss \"{lossName}\"; expected one of {KnownNames.LossList}.");
        var layersElement = o.Array("layers", MaxLayers);
        var count = layersElement.GetArrayLength();
        if (count == 0)
        {
            throw new ModelFormatException(o.PathOf("layers"), "a network needs at least one layer; the array is empty.");
        }

        var layers = new List<DenseLayer<T>>(count);
        foreach (var item in layersElement.EnumerateArray())
        {
            var l = layers.Count;
            layers.Add(ReadLayer<T>(item, FormattableString.Invariant($"{o.PathOf("layers")}[{l}]"), l, l == 0 ? 0 : layers[l - 1].Neurons, l == count - 1));
        }

        try
        {
            loss.ValidateOutputActivation(layers[^1].Activation);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFormatException(o.PathOf("loss"), exception.Message, exception);
        }

        try
        {
            return new Network<T>(layers, loss);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFormatException(path, exception.Message, exception);
        }
    }

    private static DenseLayer<T> ReadLayer<T>(JsonElement element, string path, int index, int previousNeurons, bool isLast)
        where T : struct, IFloatingPointIeee754<T>
    {
        var o = StrictJsonObject.Read(element, path, LayerMembers);
        var type = o.String("type");
        if (type != "dense")
        {
            throw new ModelFormatException(o.PathOf("type"), $"unknown layer type \"{type}\"; this version knows \"dense\" only.");
        }

        var inputs = o.Int32("inputs", 1, int.MaxValue);
        if (index > 0 && inputs != previousNeurons)
        {
            throw new ModelFormatException(
                o.PathOf("inputs"),
                FormattableString.Invariant($"layer {index} takes {inputs} inputs but layer {index - 1} has {previousNeurons} neurons; the shapes do not chain."));
        }

        var neurons = o.Int32("neurons", 1, int.MaxValue);
        var activationName = o.String("activation");
        var activation = KnownNames.FindActivation<T>(activationName, out var problem)
            ?? throw new ModelFormatException(
                o.PathOf("activation"),
                $"unknown activation \"{activationName}\"{(problem is null ? string.Empty : $" ({problem})")}; expected one of {KnownNames.ActivationList<T>()}, with a parameter written as round-trip invariant text such as leaky-relu(0.01).");
        var dropoutRate = o.Number("dropoutRate", value => value >= 0 && value < 1, "in [0, 1)");
        if (isLast && dropoutRate != 0)
        {
            throw new ModelFormatException(o.PathOf("dropoutRate"), "the output layer cannot have dropout.");
        }

        var weights = ParameterPayload.ReadColumnMajor<T>(
            o["weights"],
            o.PathOf("weights"),
            neurons,
            inputs,
            FormattableString.Invariant($"{neurons} neurons × {inputs} inputs"),
            i => FormattableString.Invariant($"the weight in row {i / inputs}, column {i % inputs}"));
        var biases = o.IsNull("biases")
            ? null
            : ParameterPayload.Read<T>(o["biases"], o.PathOf("biases"), neurons, "one per neuron", i => FormattableString.Invariant($"the bias of neuron {i}"));
        try
        {
            // The layer takes the decoded arrays as its own storage: no further copy of the parameters.
            return DenseLayer<T>.Adopt(neurons, inputs, weights, biases, activation, dropoutRate);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFormatException(path, exception.Message, exception);
        }
    }

    // Four 64-bit words as 16-digit upper-case hexadecimal strings (JSON numbers cannot hold them exactly; one
    // spelling only, so that the checksum's canonical form is the file's), not all zero.
    private static ulong[] ReadDropoutState(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 4)
        {
            throw new ModelFormatException(path, "expected an array of four 16-digit hexadecimal strings.");
        }

        var state = new ulong[4];
        for (var i = 0; i < 4; i++)
        {
            var word = element[i];
            if (word.ValueKind != JsonValueKind.String
                || word.GetString() is not { Length: 16 } text
                || !text.All(c => c is (>= '0' and <= '9') or (>= 'A' and <= 'F'))
                || !ulong.TryParse(text, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out state[i]))
            {
                throw new ModelFormatException(FormattableString.Invariant($"{path}[{i}]"), "expected a 16-digit upper-case hexadecimal string.");
            }
        }

        if ((state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ModelFormatException(path, "a random state of all zeros never leaves zero.");
        }

        return state;
    }
}
