using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

public sealed class NetworkSerializerTests
{
    private static readonly int[] Sizes = [5, 7, 6, 3];

    public static TheoryData<string, string, bool> EveryActivationElementTypeAndBias()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var activation in SerializationTestData.ActivationNames)
        {
            foreach (var elementType in new[] { "float", "double" })
            {
                data.Add(activation, elementType, true);
                data.Add(activation, elementType, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActivationElementTypeAndBias))]
    public void A_reloaded_network_has_the_same_layers_and_predicts_bit_identical_outputs(string activation, string elementType, bool hasBiases)
    {
        if (elementType == "float")
        {
            RoundTrip<float>(activation, hasBiases);
        }
        else
        {
            RoundTrip<double>(activation, hasBiases);
        }
    }

    public static TheoryData<string, string> EveryLossWithItsOutputActivation() => new()
    {
        { "squared-error", "identity" },
        { "mean-squared-error", "tanh" },
        { "binary-cross-entropy", "sigmoid" },
        { "categorical-cross-entropy", "softmax" },
    };

    [Theory]
    [MemberData(nameof(EveryLossWithItsOutputActivation))]
    public void Every_loss_survives_the_round_trip(string lossName, string outputActivation)
    {
        // Given a network trained on each built-in loss
        Loss<double> loss = lossName switch
        {
            "squared-error" => Loss<double>.SquaredError,
            "mean-squared-error" => Loss<double>.MeanSquaredError,
            "binary-cross-entropy" => Loss<double>.BinaryCrossEntropy,
            _ => Loss<double>.CategoricalCrossEntropy,
        };
        var network = SerializationTestData.RandomNetwork(3, [4, 5, 3], l => l == 0 ? Activation<double>.Relu : SerializationTestData.ActivationNamed<double>(outputActivation), true, loss: loss);

        // When it is saved and loaded
        var loaded = SaveAndLoad(network);

        // Then the loss is the same built-in one
        loaded.Loss.Should().BeSameAs(loss);
    }

    [Fact]
    public void Extreme_finite_values_come_back_bit_for_bit_in_float_and_double()
    {
        // Given weights at the edges of each format: subnormals, −0, the largest finite values
        CheckExtremes<float>([float.Epsilon, -float.Epsilon, -0f, 0f, float.MaxValue, float.MinValue, 1e-38f, 0.1f, -1f / 3, 16777217f]);
        CheckExtremes<double>([double.Epsilon, -double.Epsilon, -0d, 0d, double.MaxValue, double.MinValue, 2.2250738585072014E-308, 0.1, -1d / 3, 9007199254740993d]);
    }

    [Fact]
    public void Saving_to_a_path_and_loading_it_gives_the_same_network()
    {
        // Given a network and a file path
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "model.json");
        var network = SerializationTestData.RandomNetwork(5, Sizes, _ => Activation<float>.Tanh, true, dropoutRate: 0.25);

        // When it is saved through the extension method and loaded by path
        network.Save(path);
        var loaded = Network<float>.Load(path);

        // Then the parameters and the dropout rate came back, and no temporary file is left in the folder
        ParameterSnapshot.Of(network).ShouldBeBitIdenticalTo(loaded);
        loaded.Layers[0].DropoutRate.Should().Be(0.25);
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void The_file_is_versioned_json_naming_the_element_type_activations_and_loss()
    {
        // Given a small float network
        var network = SerializationTestData.RandomNetwork(6, [2, 3, 1], l => l == 0 ? Activation<float>.LeakyRelu(0.01) : Activation<float>.Sigmoid, true, loss: Loss<float>.BinaryCrossEntropy);

        // When it is saved
        using var stream = new MemoryStream();
        network.Save(stream);
        var root = JsonNode.Parse(stream.ToArray())!;

        // Then the document says what it is and holds 6 + 3 float32 weights as base64 (4 bytes each)
        root["format"]!.GetValue<string>().Should().Be("backprop-network");
        root["version"]!.GetValue<int>().Should().Be(1);
        root["elementType"]!.GetValue<string>().Should().Be("float32");
        root["network"]!["loss"]!.GetValue<string>().Should().Be("binary-cross-entropy");
        root["network"]!["layers"]![0]!["activation"]!.GetValue<string>().Should().Be("leaky-relu(0.01)");
        Convert.FromBase64String(root["network"]!["layers"]![0]!["weights"]!.GetValue<string>()).Should().HaveCount(6 * 4);
        root["sha256"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void The_weights_are_stored_row_by_row_as_the_texts_write_W()
    {
        // Given a 2×3 weight matrix W with W[i, j] = 10·i + j
        var weights = Matrix<double>.Build.Dense(2, 3, (i, j) => (10 * i) + j);
        var network = new Network<double>(new DenseLayer<double>(weights, Activation<double>.Identity));

        // When it is saved
        using var stream = new MemoryStream();
        network.Save(stream);
        var bytes = Convert.FromBase64String(JsonNode.Parse(stream.ToArray())!["network"]!["layers"]![0]!["weights"]!.GetValue<string>());

        // Then the payload is row 0 then row 1, little-endian doubles
        Enumerable.Range(0, 6).Select(k => BitConverter.ToDouble(bytes, 8 * k)).Should().Equal(0, 1, 2, 10, 11, 12);
    }

    [Fact]
    public void A_reformatted_file_still_loads_because_the_checksum_covers_the_content_not_the_layout()
    {
        // Given a saved file re-indented and with its members reordered by another tool
        var network = SerializationTestData.RandomNetwork(7, Sizes, _ => Activation<double>.Elu(0.5), true);
        using var stream = new MemoryStream();
        network.Save(stream);
        var root = JsonNode.Parse(stream.ToArray())!.AsObject();
        var reordered = new JsonObject();
        foreach (var name in new[] { "sha256", "network", "elementType", "version", "format" })
        {
            reordered[name] = root[name]!.DeepClone();
        }

        var text = reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

        // When it is loaded
        var loaded = Network<double>.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        // Then it is the same network
        ParameterSnapshot.Of(network).ShouldBeBitIdenticalTo(loaded);
    }

    [Fact]
    public void A_changed_weight_is_caught_by_the_checksum_unless_checking_is_turned_off()
    {
        // Given a saved file in which one weight was edited by hand
        var network = SerializationTestData.RandomNetwork(8, [2, 2, 1], _ => Activation<double>.Sigmoid, true);
        using var stream = new MemoryStream();
        network.Save(stream);
        var root = JsonNode.Parse(stream.ToArray())!;
        var weights = Convert.FromBase64String(root["network"]!["layers"]![0]!["weights"]!.GetValue<string>());
        BitConverter.GetBytes(0.5).CopyTo(weights, 0);
        root["network"]!["layers"]![0]!["weights"] = Convert.ToBase64String(weights);
        var edited = Encoding.UTF8.GetBytes(root.ToJsonString());

        // When it is loaded with and without the checksum check
        var strict = () => Network<double>.Load(new MemoryStream(edited));
        var lenient = Network<double>.Load(new MemoryStream(edited), new ModelLoadOptions { VerifyChecksum = false });

        // Then the check refuses it, naming the checksum, and the lenient load has the edited weight
        strict.Should().Throw<ModelFormatException>().Where(e => e.Location == "$.sha256" && e.Message.Contains("checksum", StringComparison.Ordinal));
        lenient.Layers[0].GetWeights()[0, 0].Should().Be(0.5);
    }

    [Fact]
    public void Loading_as_the_other_element_type_names_the_type_the_file_holds()
    {
        // Given a double network's file
        var network = SerializationTestData.RandomNetwork(9, [2, 2, 1], _ => Activation<double>.Sigmoid, true);
        using var stream = new MemoryStream();
        network.Save(stream);
        stream.Position = 0;

        // When it is loaded as float
        var load = () => Network<float>.Load(stream);

        // Then the message says it holds float64 and how to load it
        load.Should().Throw<ModelFormatException>()
            .Where(e => e.Location == "$.elementType" && e.Message.Contains("float64", StringComparison.Ordinal) && e.Message.Contains("double", StringComparison.Ordinal));
    }

    [Fact]
    public void A_network_with_a_custom_activation_cannot_be_saved()
    {
        // Given a layer whose activation is a user-defined type that even claims a built-in name
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 1.0), new ImpostorActivation()));

        // When it is saved
        var save = () => network.Save(new MemoryStream());

        // Then it is refused: the file could not say which function it is
        save.Should().Throw<NotSupportedException>().WithMessage("*custom activation 'relu'*");
    }

    [Fact]
    public void A_stream_longer_than_the_limit_is_refused_after_reading_at_most_the_limit_plus_one_byte()
    {
        // Given an endless stream of spaces (not seekable) and a 1 MiB limit
        var endless = new EndlessStream();

        // When it is loaded
        var load = () => Network<double>.Load(endless, new ModelLoadOptions { MaxBytes = 1 << 20 });

        // Then it fails on size, having read no more than the limit plus one byte
        load.Should().Throw<ModelFormatException>().WithMessage("*limit of 1048576 bytes*");
        endless.BytesRead.Should().BeLessThanOrEqualTo((1 << 20) + 1);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_read()
    {
        // Given a saved network and a limit one byte below its size
        var network = SerializationTestData.RandomNetwork(10, Sizes, _ => Activation<double>.Relu, true);
        using var stream = new MemoryStream();
        network.Save(stream);
        var size = stream.Length;
        stream.Position = 0;

        // When it is loaded with that limit
        var load = () => Network<double>.Load(stream, new ModelLoadOptions { MaxBytes = size - 1 });

        // Then it is refused and nothing was consumed
        load.Should().Throw<ModelFormatException>().WithMessage($"*holds {size} bytes*");
        stream.Position.Should().Be(0);
    }

    private static void RoundTrip<T>(string activationName, bool hasBiases)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Given a 5-7-6-3 network with the activation in every layer and dropout on the first
        var network = SerializationTestData.RandomNetwork(1, Sizes, _ => SerializationTestData.ActivationNamed<T>(activationName), hasBiases, dropoutRate: 0.3);
        var inputs = SerializationTestData.Uniform<T>(2, Sizes[0], 50, -3, 3);

        // When it is saved to a stream and loaded back
        var loaded = SaveAndLoad(network);

        // Then it has the same architecture and parameters, and predicts the same bits
        loaded.InputSize.Should().Be(network.InputSize);
        loaded.Loss.Name.Should().Be(network.Loss.Name);
        loaded.Layers.Select(layer => (layer.InputSize, layer.Neurons, layer.Activation.Name, layer.HasBiases, layer.DropoutRate))
            .Should().Equal(network.Layers.Select(layer => (layer.InputSize, layer.Neurons, layer.Activation.Name, layer.HasBiases, layer.DropoutRate)));
        ParameterSnapshot.Of(network).ShouldBeBitIdenticalTo(loaded);
        Bitwise.FirstDifference<T>(network.Predict(inputs).ToColumnMajorArray(), loaded.Predict(inputs).ToColumnMajorArray())
            .Should().Be(-1, "the reloaded network must predict the same bits");
    }

    private static void CheckExtremes<T>(T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = Matrix<T>.Build.Dense(values.Length, 1, values);
        var network = new Network<T>(new DenseLayer<T>(weights, Activation<T>.Identity));
        var loaded = SaveAndLoad(network);
        Bitwise.FirstDifference<T>(values, loaded.Layers[0].GetWeights().ToColumnMajorArray()).Should().Be(-1);
    }

    private static Network<T> SaveAndLoad<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        stream.Position = 0;
        return Network<T>.Load(stream);
    }

    private sealed class ImpostorActivation : ElementwiseActivation<double>
    {
        public override string Name => "relu";

        public override double Value(double weightedInput) => weightedInput;

        public override double Derivative(double weightedInput) => 1;
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
