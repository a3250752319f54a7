using System.Text;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Thousands of damaged and hostile files, each made from a valid one, each of which must end in
/// <see cref="ModelFormatException"/> without an allocation out of proportion to its size.
/// </summary>
/// <remarks>
/// The allocation bound is deterministic (bytes allocated on the loading thread), so it holds on a busy machine
/// too; how long the largest hostile documents take to refuse is measured in the benchmarks
/// (<c>HostileFileBenchmarks</c>), not here.
/// </remarks>
public sealed class HostileFileTests(ITestOutputHelper output)
{
    /// <summary>The bytes a load may allocate: a fixed allowance plus a small multiple of the file's own size.</summary>
    private static long AllocationLimit(int fileLength) => (1L << 20) + (8L * fileLength);

    private enum Kind
    {
        Network,
        Checkpoint,
    }

    [Fact]
    public void Every_truncation_of_valid_files_ends_in_ModelFormatException()
    {
        // Given every proper prefix of five valid files (networks and checkpoints, float and double)
        var cases = BaseFiles().SelectMany(file => Enumerable.Range(0, file.Bytes.Length)
            .Select(length => new HostileCase($"{file.Name} cut at {length}", file.Kind, file.ElementType, file.Bytes[..length], null)));

        // When each is loaded, then each fails as documented
        Run("truncated", cases);
    }

    [Fact]
    public void Every_single_bit_flip_of_valid_files_ends_in_ModelFormatException()
    {
        // Given 400 seeded single-bit flips in each of five valid files (the checksum catches those in the values)
        var random = new Random(12345);
        var cases = BaseFiles().SelectMany(file => Enumerable.Range(0, 400).Select(_ =>
        {
            var position = random.Next(file.Bytes.Length);
            var bit = random.Next(8);
            var bytes = (byte[])file.Bytes.Clone();
            bytes[position] ^= (byte)(1 << bit);
            return new HostileCase($"{file.Name} bit {bit} of byte {position} flipped", file.Kind, file.ElementType, bytes, null);
        }));

        // When each is loaded, then each fails as documented
        Run("bit-flipped", cases);
    }

    [Fact]
    public void Hostile_structures_each_end_in_ModelFormatException_naming_the_problem()
    {
        // Given files that are well-formed JSON but wrong: unknown names, bad shapes, NaN weights, absurd sizes, …
        // When each is loaded, then each fails with a message that names its own problem (not the checksum)
        Run("hostile structure", NetworkMutations().Concat(CheckpointMutations()));
    }

    [Fact]
    public void Malformed_deeply_nested_and_oversized_documents_end_in_ModelFormatException()
    {
        Run("malformed or oversized", MalformedDocuments());
    }

    [Fact]
    public void The_corpus_holds_more_than_a_thousand_files()
    {
        var truncations = BaseFiles().Sum(file => file.Bytes.Length);
        var flips = BaseFiles().Count * 400;
        var structures = NetworkMutations().Count() + CheckpointMutations().Count();
        var malformed = MalformedDocuments().Count();
        output.WriteLine($"truncated {truncations}, bit-flipped {flips}, hostile structures {structures}, malformed or oversized {malformed}: {truncations + flips + structures + malformed} files");
        (truncations + flips + structures + malformed).Should().BeGreaterThan(1000);
        structures.Should().BeGreaterThan(100);
    }

    private void Run(string category, IEnumerable<HostileCase> cases)
    {
        // Warm up the code paths, so that the first case is not charged with the one-time allocations of compiling
        // and initialising them.
        foreach (var file in BaseFiles())
        {
            Load(file.Kind, file.ElementType, file.Bytes, null);
        }

        var failures = new List<string>();
        var count = 0;
        var largestAllocation = 0L;
        var largestAllocationName = string.Empty;
        foreach (var hostile in cases)
        {
            count++;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            Exception? caught = null;
            try
            {
                Load(hostile.Kind, hostile.ElementType, hostile.Bytes, hostile.Options);
            }
#pragma warning disable CA1031 // the test records whatever comes out
            catch (Exception exception)
#pragma warning restore CA1031
            {
                caught = exception;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (allocated > largestAllocation)
            {
                (largestAllocation, largestAllocationName) = (allocated, $"{hostile.Name}, a file of {hostile.Bytes.Length} bytes");
            }

            if (caught is not ModelFormatException formatException)
            {
                failures.Add($"{hostile.Name}: {(caught is null ? "loaded without error" : $"threw {caught.GetType().Name}: {caught.Message}")}");
            }
            else if (hostile.ExpectedInMessage is { } expected && !formatException.Message.Contains(expected, StringComparison.Ordinal))
            {
                failures.Add($"{hostile.Name}: the message \"{formatException.Message}\" does not mention \"{expected}\"");
            }
            else if (allocated > AllocationLimit(hostile.Bytes.Length))
            {
                failures.Add($"{hostile.Name}: allocated {allocated} bytes for a file of {hostile.Bytes.Length}");
            }
        }

        output.WriteLine(
            $"{category}: {count} files, {count - failures.Count} refused as documented; " +
            $"largest allocation {largestAllocation / 1024.0:F1} KiB ({largestAllocationName})");
        failures.Should().BeEmpty();
    }

    private static void Load(Kind kind, string elementType, byte[] bytes, ModelLoadOptions? options)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        switch (kind, elementType)
        {
            case (Kind.Network, "float"):
                Network<float>.Load(stream, options);
                break;
            case (Kind.Network, _):
                Network<double>.Load(stream, options);
                break;
            case (Kind.Checkpoint, "float"):
                Checkpoint<float>.Load(stream, options);
                break;
            default:
                Checkpoint<double>.Load(stream, options);
                break;
        }
    }

    // ----- The valid files the corpus is made from -----

    private static List<BaseFile> BaseFiles() =>
    [
        new("float network", Kind.Network, "float", FloatNetworkFile()),
        new("double network", Kind.Network, "double", DoubleNetworkFile()),
        new("Adam checkpoint", Kind.Checkpoint, "float", AdamCheckpointFile()),
        new("L-BFGS checkpoint", Kind.Checkpoint, "double", LbfgsCheckpointFile()),
        new("iRprop− checkpoint", Kind.Checkpoint, "double", RpropCheckpointFile()),
    ];

    /// <summary>3-4-2, leaky ReLU with dropout 0.25, sigmoid outputs on binary cross-entropy.</summary>
    private static byte[] FloatNetworkFile()
    {
        var network = SerializationTestData.RandomNetwork(31, [3, 4, 2], l => l == 0 ? Activation<float>.LeakyRelu(0.01) : Activation<float>.Sigmoid, true, 0.25, Loss<float>.BinaryCrossEntropy);
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    /// <summary>2-3-1 without biases, ELU then identity.</summary>
    private static byte[] DoubleNetworkFile()
    {
        var network = SerializationTestData.RandomNetwork(32, [2, 3, 1], l => l == 0 ? Activation<double>.Elu(1) : Activation<double>.Identity, false);
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static byte[] AdamCheckpointFile()
        => CheckpointFile<float>(new AdamOptimizer<float>(0.01) { Schedule = LearningRateSchedule.Cosine(50).WithWarmup(2), GradientClipNorm = 1 }, 5);

    private static byte[] LbfgsCheckpointFile() => CheckpointFile<double>(new LbfgsOptimizer<double> { HistorySize = 2 }, 12);

    private static byte[] RpropCheckpointFile() => CheckpointFile<double>(new IRpropMinusOptimizer<double>(), 12);

    private static byte[] CheckpointFile<T>(Optimizer<T> optimizer, int miniBatchSize)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => SerializationTestData.TrainedCheckpoint(optimizer, miniBatchSize);

    // ----- Hostile structures: a valid file changed in one place -----

    private static IEnumerable<HostileCase> NetworkMutations()
    {
        var file = FloatNetworkFile();
        HostileCase Case(string name, string expected, Action<JsonNode> change) => new(name, Kind.Network, "float", Mutate(file, change), expected);
        JsonNode Layer(JsonNode root, int index) => root["network"]!["layers"]![index]!;

        yield return Case("no format", "\"format\" is missing", root => root.AsObject().Remove("format"));
        yield return Case("other format", "is not a Backprop model format", root => root["format"] = "onnx");
        yield return Case("format is a number", "\"format\" is missing", root => root["format"] = 42);
        yield return Case("version 2", "format version 2 is not supported", root => root["version"] = 2);
        yield return Case("version 0", "format version 0 is not supported", root => root["version"] = 0);
        yield return Case("version as text", "\"version\" is missing", root => root["version"] = "1");
        yield return Case("version 1.5", "format version 1.5 is not supported", root => root["version"] = 1.5);
        yield return Case("version huge", "is not supported", root => root["version"] = JsonNode.Parse("1e400"));
        yield return Case("no version", "\"version\" is missing", root => root.AsObject().Remove("version"));
        yield return Case("element type float16", "unknown element type", root => root["elementType"] = "float16");
        yield return Case("element type float64 in a float file", "holds float64", root => root["elementType"] = "float64");
        yield return Case("no element type", "\"elementType\" is missing", root => root.AsObject().Remove("elementType"));
        yield return Case("type-name member", "unknown member \"$type\"", root => root["$type"] = "System.Diagnostics.Process, System");
        yield return Case("network is null", "expected an object but found null", root => root["network"] = null);
        yield return Case("network is an array", "expected an object but found an array", root => root["network"] = new JsonArray());
        yield return Case("no layers", "at least one layer", root => root["network"]!["layers"] = new JsonArray());
        yield return Case("10,001 layers", "at most 10000", root => root["network"]!["layers"] = new JsonArray([.. Enumerable.Range(0, 10_001).Select(_ => (JsonNode?)new JsonObject())]));
        yield return Case("layers is an object", "expected an array", root => root["network"]!["layers"] = new JsonObject());
        yield return Case("unknown loss", "unknown loss \"hinge\"", root => root["network"]!["loss"] = "hinge");
        yield return Case("loss in other case", "unknown loss", root => root["network"]!["loss"] = "Binary-Cross-Entropy");
        yield return Case("loss as type name", "unknown loss", root => root["network"]!["loss"] = "SquaredErrorLoss`1");
        yield return Case("cross-entropy on sigmoid outputs", "needs a softmax output layer", root => root["network"]!["loss"] = "categorical-cross-entropy");
        yield return Case("layer type conv", "unknown layer type \"conv\"", root => Layer(root, 0)["type"] = "conv");
        yield return Case("layer without type", "\"type\" is missing", root => Layer(root, 0).AsObject().Remove("type"));
        yield return Case("layer is a string", "expected an object but found a string", root => root["network"]!["layers"]![1] = "dense");
        yield return Case("zero inputs", "out of range", root => Layer(root, 0)["inputs"] = 0);
        yield return Case("negative inputs", "out of range", root => Layer(root, 0)["inputs"] = -3);
        yield return Case("inputs beyond int", "out of range", root => Layer(root, 0)["inputs"] = 2147483648L);
        yield return Case("inputs 1e400", "whole number", root => Layer(root, 0)["inputs"] = JsonNode.Parse("1e400"));
        yield return Case("fractional inputs", "whole number", root => Layer(root, 0)["inputs"] = 3.5);
        yield return Case("inputs as text", "expected a number but found a string", root => Layer(root, 0)["inputs"] = "3");
        yield return Case("20-digit neurons", "whole number", root => Layer(root, 0)["neurons"] = JsonNode.Parse("99999999999999999999"));
        yield return Case("absurd declared size", "payload holds 48 bytes", root =>
        {
            Layer(root, 0)["inputs"] = int.MaxValue;
            Layer(root, 0)["neurons"] = int.MaxValue;
        });
        yield return Case("declared size one past the payload", "payload holds 48 bytes", root => Layer(root, 0)["neurons"] = 5);
        yield return Case("shapes that do not chain", "do not chain", root => Layer(root, 1)["inputs"] = 5);
        yield return Case("extra member in a layer", "unknown member \"init\"", root => Layer(root, 0)["init"] = "System.IO.File.Delete");
        yield return Case("layer without weights", "\"weights\" is missing", root => Layer(root, 1).AsObject().Remove("weights"));
        yield return Case("layer without biases member", "\"biases\" is missing", root => Layer(root, 1).AsObject().Remove("biases"));

        string[] badActivations =
        [
            "Sigmoid", "sigmoid ", " relu", "RELU", "gelu", "swish", "softmax(1)", "leaky-relu", "leaky-relu()", "leaky-relu(1)", "leaky-relu(-0.1)",
            "leaky-relu(NaN)", "leaky-relu(Infinity)", "leaky-relu(1e400)", "leaky-relu(0.010)", "leaky-relu(1E-2)", "leaky-relu(0,01)",
            "leaky-relu( 0.01)", "leaky-relu(0.01))", "elu(0)", "elu(-1)", "elu()", "elu(1", "elu(1.0)", "elu(∞)", "relu\0",
            "Backprop.ReluActivation`1", "Backprop.Activations.ReluActivation`1", "System.Diagnostics.Process", string.Empty,
            "SiLU", "silu(1)", "silu()", "elu(1,2)", "leaky-relu(0.01,0.02)", "(0.01)",

            // Valid in double, but not representable in this float file: α overflows or underflows, the slope rounds to 1.
            "elu(1E+39)", "elu(1E-46)", "leaky-relu(0.99999999999)",
        ];
        foreach (var name in badActivations)
        {
            yield return Case($"activation \"{name}\"", "unknown activation", root => Layer(root, 0)["activation"] = name);
        }

        yield return Case("ELU α beyond float", "not representable in float", root => Layer(root, 0)["activation"] = "elu(1E+39)");
        yield return Case("activation of 100,000 characters", "bytes long; at most 64 characters", root => Layer(root, 0)["activation"] = new string('x', 100_000));
        yield return Case("activation as a number", "expected a string but found a number", root => Layer(root, 0)["activation"] = 1);
        yield return Case("dropout 1", "in [0, 1)", root => Layer(root, 0)["dropoutRate"] = 1);
        yield return Case("negative dropout", "in [0, 1)", root => Layer(root, 0)["dropoutRate"] = -0.1);
        yield return Case("dropout 1e400", "finite number", root => Layer(root, 0)["dropoutRate"] = JsonNode.Parse("1e400"));
        yield return Case("dropout as text", "expected a number but found a string", root => Layer(root, 0)["dropoutRate"] = "0.25");
        yield return Case("dropout on the output layer", "output layer cannot have dropout", root => Layer(root, 1)["dropoutRate"] = 0.5);

        foreach (var (label, value) in new[] { ("NaN", float.NaN), ("+∞", float.PositiveInfinity), ("−∞", float.NegativeInfinity) })
        {
            yield return Case($"{label} weight", "every value must be finite", root => Layer(root, 0)["weights"] = WithFloat(Layer(root, 0)["weights"]!, 5, value));
            yield return Case($"{label} bias", "the bias of neuron 1", root => Layer(root, 1)["biases"] = WithFloat(Layer(root, 1)["biases"]!, 1, value));
        }

        yield return Case("NaN weight with a payload", "row 2, column 1", root => Layer(root, 0)["weights"] = WithBits(Layer(root, 0)["weights"]!, 7, 0x7FC0BEEF));
        yield return Case("one weight short", "payload holds 44 bytes", root => Layer(root, 0)["weights"] = Resize(Layer(root, 0)["weights"]!, -4));
        yield return Case("one weight extra", "payload holds 52 bytes", root => Layer(root, 0)["weights"] = Resize(Layer(root, 0)["weights"]!, 4));
        yield return Case("one byte extra", "payload holds 49 bytes", root => Layer(root, 0)["weights"] = Resize(Layer(root, 0)["weights"]!, 1));
        yield return Case("empty weights", "payload holds 0 bytes", root => Layer(root, 0)["weights"] = string.Empty);
        yield return Case("biases one short", "payload holds 4 bytes", root => Layer(root, 1)["biases"] = Resize(Layer(root, 1)["biases"]!, -4));
        yield return Case("weights not base64", "not valid base64", root => Layer(root, 0)["weights"] = "!!!!");
        yield return Case("weights with spaces (which base64 skips)", "payload holds 6 bytes", root => Layer(root, 0)["weights"] = "AAAA AAAA");
        yield return Case("weights with bad padding", "not valid base64", root => Layer(root, 0)["weights"] = "AAA");
        yield return Case("weights with stray bits", "not valid base64", root => Layer(root, 0)["weights"] = "AB==");
        yield return Case("weights as numbers", "expected a base64 string but found an array", root => Layer(root, 0)["weights"] = new JsonArray(0.1, 0.2));
        yield return Case("weights null", "expected a base64 string but found null", root => Layer(root, 0)["weights"] = null);
        yield return Case("no checksum", "\"sha256\" is missing", root => root.AsObject().Remove("sha256"));
        yield return Case("zero checksum", "checksum does not match", root => root["sha256"] = new string('0', 64));
        yield return Case("checksum in capitals", "checksum does not match", root => root["sha256"] = root["sha256"]!.GetValue<string>().ToUpperInvariant());
        yield return Case("checksum as a number", "expected a string", root => root["sha256"] = 7);
        yield return Case("checksum of a megabyte", "bytes long; at most 64 characters", root => root["sha256"] = new string('a', 1 << 20));
        yield return Case("a checkpoint's members in a network file", "unknown member \"trainer\"", root => root["trainer"] = new JsonObject());
        yield return Case("a checkpoint's format in a network file", "Checkpoint<T>.Load", root => root["format"] = "backprop-checkpoint");
    }

    private static IEnumerable<HostileCase> CheckpointMutations()
    {
        var adam = AdamCheckpointFile();
        var lbfgs = LbfgsCheckpointFile();
        var rprop = RpropCheckpointFile();
        HostileCase Adam(string name, string expected, Action<JsonNode> change) => new($"Adam checkpoint: {name}", Kind.Checkpoint, "float", Mutate(adam, change), expected);
        HostileCase Lbfgs(string name, string expected, Action<JsonNode> change) => new($"L-BFGS checkpoint: {name}", Kind.Checkpoint, "double", Mutate(lbfgs, change), expected);
        HostileCase Rprop(string name, string expected, Action<JsonNode> change) => new($"iRprop− checkpoint: {name}", Kind.Checkpoint, "double", Mutate(rprop, change), expected);
        JsonNode Optimizer(JsonNode root) => root["optimizer"]!;
        JsonNode State(JsonNode root) => root["optimizer"]!["state"]!;
        JsonNode Trainer(JsonNode root) => root["trainer"]!;

        yield return Adam("a network file's format", "Network<T>.Load", root => root["format"] = "backprop-network");
        yield return Adam("no trainer", "\"trainer\" is missing", root => root.AsObject().Remove("trainer"));
        yield return Adam("no optimizer", "\"optimizer\" is missing", root => root.AsObject().Remove("optimizer"));
        yield return Adam("unknown optimizer", "unknown optimizer \"adagrad\"", root => Optimizer(root)["kind"] = "adagrad");
        yield return Adam("optimizer as type name", "unknown optimizer", root => Optimizer(root)["kind"] = "AdamOptimizer`1, Backprop");
        yield return Adam("optimizer without kind", "\"kind\" is missing", root => Optimizer(root).AsObject().Remove("kind"));
        yield return Adam("SGD kind with Adam's settings", "unknown member \"beta1\"", root => Optimizer(root)["kind"] = "sgd");
        yield return Adam("zero learning rate", "greater than 0", root => Optimizer(root)["learningRate"] = 0);
        yield return Adam("negative learning rate", "greater than 0", root => Optimizer(root)["learningRate"] = -0.1);
        yield return Adam("learning rate too small for float", "learningRate", root => Optimizer(root)["learningRate"] = 1e-60);
        yield return Adam("learning rate as text", "expected a number", root => Optimizer(root)["learningRate"] = "0.01");
        yield return Adam("β₁ = 1", "in [0, 1)", root => Optimizer(root)["beta1"] = 1);
        yield return Adam("negative β₂", "in [0, 1)", root => Optimizer(root)["beta2"] = -0.5);
        yield return Adam("ε = 0", "greater than 0", root => Optimizer(root)["epsilon"] = 0);
        yield return Adam("negative weight decay", "at least 0", root => Optimizer(root)["weightDecay"] = -1);
        yield return Adam("zero clip norm", "greater than 0", root => Optimizer(root)["gradientClipNorm"] = 0);
        yield return Adam("unknown schedule", "unknown schedule \"linear\"", root => Optimizer(root)["schedule"] = new JsonObject { ["kind"] = "linear" });
        yield return Adam("warm-up with nothing after", "expected an object but found null", root => Optimizer(root)["schedule"]!["then"] = null);
        yield return Adam("zero warm-up steps", "out of range", root => Optimizer(root)["schedule"]!["warmupSteps"] = 0);
        yield return Adam("cosine over zero steps", "out of range", root => Optimizer(root)["schedule"]!["then"]!["totalSteps"] = 0);
        yield return Adam("negative cosine floor", "at least 0", root => Optimizer(root)["schedule"]!["then"]!["minimumRate"] = -1);
        yield return Adam("step decay factor 1.5", "in (0, 1]", root => Optimizer(root)["schedule"] = new JsonObject { ["kind"] = "step-decay", ["stepSize"] = 2, ["factor"] = 1.5 });
        yield return Adam("exponential factor 0", "in (0, 1]", root => Optimizer(root)["schedule"] = new JsonObject { ["kind"] = "exponential", ["factor"] = 0 });
        yield return Adam("schedule as a number", "expected an object", root => Optimizer(root)["schedule"] = 3);
        yield return Adam("20 nested warm-ups", "depth", root =>
        {
            JsonNode schedule = new JsonObject { ["kind"] = "constant" };
            for (var i = 0; i < 20; i++)
            {
                schedule = new JsonObject { ["kind"] = "warmup", ["warmupSteps"] = 1, ["then"] = schedule };
            }

            Optimizer(root)["schedule"] = schedule;
        });
        yield return Adam("state without second moment", "\"secondMoment\" is missing", root => State(root).AsObject().Remove("secondMoment"));
        yield return Adam("state with an extra vector", "unknown member \"thirdMoment\"", root => State(root)["thirdMoment"] = State(root)["firstMoment"]!.DeepClone());
        yield return Adam("first moment one short", "one per network parameter", root => State(root)["firstMoment"] = Resize(State(root)["firstMoment"]!, -4));
        yield return Adam("negative second moment", "at least 0", root => State(root)["secondMoment"] = WithFloat(State(root)["secondMoment"]!, 3, -1f));
        yield return Adam("NaN first moment", "every value must be finite", root => State(root)["firstMoment"] = WithFloat(State(root)["firstMoment"]!, 0, float.NaN));
        yield return Adam("state as an array", "expected an object but found an array", root => Optimizer(root)["state"] = new JsonArray());
        yield return Adam("zero mini-batch", "out of range", root => Trainer(root)["miniBatchSize"] = 0);
        yield return Adam("negative epochs", "out of range", root => Trainer(root)["epochs"] = -1);
        yield return Adam("seed beyond int", "out of range", root => Trainer(root)["seed"] = 2147483648L);
        yield return Adam("negative steps", "out of range", root => Trainer(root)["stepsTaken"] = -1);
        yield return Adam("ten billion epochs completed", "out of range", root => Trainer(root)["epochsCompleted"] = 10_000_000_000L);
        yield return Adam("shuffle as text", "expected true or false", root => Trainer(root)["shuffle"] = "yes");
        yield return Adam("trainer with a callback member", "unknown member \"onEpoch\"", root => Trainer(root)["onEpoch"] = "System.Environment.Exit");
        yield return Adam("checksum of the network file", "checksum does not match", root => root["sha256"] = new string('f', 64));

        yield return Lbfgs("zero history", "out of range", root => Optimizer(root)["historySize"] = 0);
        yield return Lbfgs("a billion pairs", "out of range", root => Optimizer(root)["historySize"] = 1_000_000_000);
        yield return Lbfgs("more pairs than the history", "out of range", root => State(root)["count"] = 3);
        yield return Lbfgs("newest slot −2", "out of range", root => State(root)["newest"] = -2);
        yield return Lbfgs("newest slot past the history", "out of range", root => State(root)["newest"] = 2);
        yield return Lbfgs("pairs without a newest slot", "newest", root =>
        {
            State(root)["count"] = 1;
            State(root)["newest"] = -1;
        });
        yield return Lbfgs("ρ one short", "one per remembered pair", root => State(root)["rho"] = Resize(State(root)["rho"]!, -8));
        yield return Lbfgs("missing pair", "\"s1\" is missing", root => State(root).AsObject().Remove("s1"));
        yield return Lbfgs("history 3 with the state of 2", "\"s2\" is missing", root => Optimizer(root)["historySize"] = 3);
        yield return Lbfgs("Armijo constant 1", "in (0, 1)", root => Optimizer(root)["armijoConstant"] = 1);
        yield return Lbfgs("a learning rate it does not have", "unknown member \"learningRate\"", root => Optimizer(root)["learningRate"] = 0.1);

        yield return Rprop("zero step size", "greater than 0", root => State(root)["stepSizes"] = WithDouble(State(root)["stepSizes"]!, 2, 0));
        yield return Rprop("minimum above maximum", "greater than the maximum", root => Optimizer(root)["minimumStep"] = 100);
        yield return Rprop("shrink factor 1", "in (0, 1)", root => Optimizer(root)["decreaseFactor"] = 1);
        yield return Rprop("growth factor 1", "greater than 1", root => Optimizer(root)["increaseFactor"] = 1);
        yield return Rprop("∞ previous gradient", "every value must be finite", root => State(root)["previousGradients"] = WithDouble(State(root)["previousGradients"]!, 0, double.PositiveInfinity));
    }

    // ----- Malformed, deeply nested and oversized documents -----

    private static IEnumerable<HostileCase> MalformedDocuments()
    {
        var valid = FloatNetworkFile();
        var text = Encoding.UTF8.GetString(valid);
        HostileCase Bytes(string name, byte[] bytes, string? expected, ModelLoadOptions? options = null) => new(name, Kind.Network, "float", bytes, expected, options);
        HostileCase Text(string name, string content, string? expected) => Bytes(name, Encoding.UTF8.GetBytes(content), expected);

        yield return Text("empty file", string.Empty, "not valid JSON");
        yield return Text("only spaces", "   \n\t ", "not valid JSON");
        yield return Bytes("only a byte order mark", [0xEF, 0xBB, 0xBF], "not valid JSON");
        yield return Text("null", "null", "expected a JSON object but found null");
        yield return Text("an array", "[1, 2, 3]", "expected a JSON object but found an array");
        yield return Text("a string", "\"backprop-network\"", "expected a JSON object but found a string");
        yield return Text("a number", "42", "expected a JSON object but found a number");
        yield return Text("an empty object", "{}", "\"format\" is missing");
        yield return Text("an open brace", "{", "not valid JSON");
        yield return Text("a close brace", "}", "not valid JSON");
        yield return Text("single quotes", text.Replace('"', '\''), "not valid JSON");
        yield return Text("a comment", "/* a model */" + text, "not valid JSON");
        yield return Text("a trailing comma", text[..text.LastIndexOf('}')] + ",}", "not valid JSON");
        yield return Text("trailing garbage", text + "{}", "not valid JSON");
        yield return Text("two documents", text + text, "not valid JSON");
        yield return Text("NaN literal", text.Replace("\"dropoutRate\": 0.25", "\"dropoutRate\": NaN", StringComparison.Ordinal), "not valid JSON");
        yield return Text("Infinity literal", text.Replace("\"dropoutRate\": 0.25", "\"dropoutRate\": Infinity", StringComparison.Ordinal), "not valid JSON");
        yield return Text("duplicate member", text.Replace("\"neurons\": 4,", "\"neurons\": 4, \"neurons\": 4,", StringComparison.Ordinal), "appears more than once");
        yield return Text("duplicate version", text.Replace("\"version\": 1,", "\"version\": 1, \"version\": 1,", StringComparison.Ordinal), "appears more than once");
        yield return Bytes("UTF-16 encoded", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(), "not valid JSON");
        yield return Bytes("invalid UTF-8 in a string", Encoding.UTF8.GetBytes(text.Replace("leaky-relu(0.01)", "leaky-relu(0.01)\u00e9", StringComparison.Ordinal)).Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray(), null);
        yield return Text("an escaped lone surrogate as the activation", text.Replace("\"leaky-relu(0.01)\"", "\"\\ud800\"", StringComparison.Ordinal), null);
        yield return Bytes("a zero byte", Encoding.UTF8.GetBytes(text).Select((b, i) => i == 40 ? (byte)0 : b).ToArray(), "not valid JSON");
        yield return Text("100,000 nested arrays", "{\"format\":" + new string('[', 100_000) + new string(']', 100_000) + "}", "depth");
        yield return Text("1,000,000 nested arrays", new string('[', 1_000_000), "depth");
        yield return Text("100,000 nested objects", string.Concat(Enumerable.Repeat("{\"format\":", 100_000)) + "1" + new string('}', 100_000), "depth");
        yield return Text("17 nested arrays", "{\"format\":" + new string('[', 17) + new string(']', 17) + "}", "depth");
        yield return Text("a number of 100,000 digits", text.Replace("\"inputs\": 3", "\"inputs\": " + new string('9', 100_000), StringComparison.Ordinal), "whole number");
        yield return Text("an exponent of a billion", text.Replace("\"inputs\": 3", "\"inputs\": 1e1000000000", StringComparison.Ordinal), "whole number");
        yield return Text("100,000 unknown members", "{\"format\":\"backprop-network\",\"version\":1," + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"m{i}\":0")) + "}", "unknown member");
        yield return Text("a megabyte string as the format", "{\"format\":\"" + new string('x', 1 << 20) + "\"}", "bytes long; at most 64 characters");
        yield return Bytes("over the size limit", valid, "limit of 100 bytes", new ModelLoadOptions { MaxBytes = 100 });
        yield return Text("a payload of 8 MB for 12 declared weights", text.Replace(
            JsonNode.Parse(valid)!["network"]!["layers"]![0]!["weights"]!.GetValue<string>(), Convert.ToBase64String(new byte[8 << 20]), StringComparison.Ordinal), "payload holds 8388608 bytes");
    }

    // ----- Helpers -----

    private static byte[] Mutate(byte[] file, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(file)!;
        change(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static string WithFloat(JsonNode payload, int index, float value)
        => WithBits(payload, index, BitConverter.SingleToUInt32Bits(value));

    private static string WithBits(JsonNode payload, int index, uint bits)
    {
        var bytes = Convert.FromBase64String(payload.GetValue<string>());
        BitConverter.GetBytes(bits).CopyTo(bytes, 4 * index);
        return Convert.ToBase64String(bytes);
    }

    private static string WithDouble(JsonNode payload, int index, double value)
    {
        var bytes = Convert.FromBase64String(payload.GetValue<string>());
        BitConverter.GetBytes(value).CopyTo(bytes, 8 * index);
        return Convert.ToBase64String(bytes);
    }

    private static string Resize(JsonNode payload, int byteChange)
    {
        var bytes = Convert.FromBase64String(payload.GetValue<string>());
        Array.Resize(ref bytes, bytes.Length + byteChange);
        return Convert.ToBase64String(bytes);
    }

    private sealed record BaseFile(string Name, Kind Kind, string ElementType, byte[] Bytes);

    private sealed record HostileCase(string Name, Kind Kind, string ElementType, byte[] Bytes, string? ExpectedInMessage, ModelLoadOptions? Options = null);
}
