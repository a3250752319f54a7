using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Onnx.Protos;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using Backprop.Tests.Serialization;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Onnx;

/// <summary>
/// <see cref="OnnxExport"/> (the Backprop.Onnx package): every exported model is run in ONNX Runtime and compared with
/// <see cref="Network{T}.Predict(Matrix{T})"/>, an independent implementation of the same network.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const int Batch = 64;
    private static readonly int[] Sizes = [6, 12, 9, 4];

    public static TheoryData<string> EveryActivation() => [.. SerializationTestData.ActivationNames];

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void ONNX_Runtime_predicts_what_Predict_does_within_1e_5_in_float32(string activation)
        => ExportedModelAgreesWithPredict<float>(activation, 1e-5);

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void ONNX_Runtime_predicts_what_Predict_does_within_1e_12_in_float64(string activation)
        => ExportedModelAgreesWithPredict<double>(activation, 1e-12);

    [Fact]
    public void The_model_declares_a_batch_of_rows_the_opset_and_one_Gemm_and_activation_per_layer()
    {
        // Given a 6-12-9-4 network with tanh, ReLU and softmax layers
        var network = SerializationTestData.RandomNetwork(3, Sizes, l => l switch { 0 => Activation<float>.Tanh, 1 => Activation<float>.Relu, _ => Activation<float>.Softmax }, true);

        // When it is exported
        var model = ModelProto.Parser.ParseFrom(Export(network));

        // Then the graph reads input [batch, 6] → Gemm, Tanh, Gemm, Relu, Gemm, Softmax → output [batch, 4], opset 20
        model.IrVersion.Should().Be(9);
        model.OpsetImport.Should().ContainSingle().Which.Version.Should().Be(20);
        model.Graph.Node.Select(node => node.OpType).Should().Equal("Gemm", "Tanh", "Gemm", "Relu", "Gemm", "Softmax");
        model.Graph.Node[^1].Output.Should().Equal("output");
        var input = model.Graph.Input.Should().ContainSingle().Subject;
        input.Name.Should().Be("input");
        input.Type.TensorType.Shape.Dim.Select(d => d.DimParam + d.DimValue).Should().Equal("batch0", "6");
        model.Graph.Output.Should().ContainSingle().Which.Type.TensorType.Shape.Dim[1].DimValue.Should().Be(4);
        model.Graph.Initializer.Select(t => (t.Name, string.Join("×", t.Dims))).Should().Equal(
            ("layer0.weight", "12×6"), ("layer0.bias", "12"), ("layer1.weight", "9×12"), ("layer1.bias", "9"), ("layer2.weight", "4×9"), ("layer2.bias", "4"));
    }

    [Theory]
    [InlineData("float")]
    [InlineData("double")]
    public void SiLU_is_a_Sigmoid_node_and_a_Mul_of_it_with_the_weighted_input(string elementType)
    {
        // Given a 6-12-9-4 SiLU network
        var bytes = elementType == "float" ? Export(NetworkWith<float>("silu")) : Export(NetworkWith<double>("silu"));

        // When its graph is read
        var nodes = ModelProto.Parser.ParseFrom(bytes).Graph.Node;

        // Then each layer is Gemm → z, Sigmoid(z) → s, Mul(z, s) → a, in both element types (ONNX Runtime has both kernels)
        nodes.Select(node => node.OpType).Should().Equal("Gemm", "Sigmoid", "Mul", "Gemm", "Sigmoid", "Mul", "Gemm", "Sigmoid", "Mul");
        for (var l = 0; l < 3; l++)
        {
            var (gemm, sigmoid, mul) = (nodes[3 * l], nodes[(3 * l) + 1], nodes[(3 * l) + 2]);
            sigmoid.Input.Should().Equal(gemm.Output);
            mul.Input.Should().Equal(gemm.Output[0], sigmoid.Output[0]);
        }

        nodes[^1].Output.Should().Equal("output");
    }

    [Fact]
    public void An_identity_output_layer_adds_no_node_and_its_Gemm_writes_the_output()
    {
        // Given a regression network: tanh hidden layer, identity output
        var network = SerializationTestData.RandomNetwork(4, [3, 5, 2], l => l == 0 ? Activation<float>.Tanh : Activation<float>.Identity, true);

        // When it is exported
        var nodes = ModelProto.Parser.ParseFrom(Export(network)).Graph.Node;

        // Then the graph is Gemm, Tanh, Gemm, and the last Gemm writes "output"
        nodes.Select(node => node.OpType).Should().Equal("Gemm", "Tanh", "Gemm");
        nodes[^1].Output.Should().Equal("output");
    }

    [Fact]
    public void Saving_to_a_path_writes_a_model_ONNX_Runtime_opens()
    {
        // Given a network and a file path
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "model.onnx");
        var network = NetworkWith<float>("relu");

        // When it is saved as ONNX to the path
        network.SaveOnnx(path);

        // Then ONNX Runtime opens the file and sees one input of 6 and one output of 4, and no temporary file is left
        using var session = new InferenceSession(path);
        session.InputMetadata[OnnxExport.InputName].Dimensions.Should().Equal(-1, 6);
        session.OutputMetadata[OnnxExport.OutputName].Dimensions.Should().Equal(-1, 4);
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void A_network_without_an_ONNX_form_is_refused_before_the_file_is_touched()
    {
        // Given a file that holds an earlier model, and a network whose second layer has a custom activation
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "model.onnx");
        File.WriteAllText(path, "the earlier model");
        var network = new Network<double>(
            new DenseLayer<double>(Matrix<double>.Build.Dense(2, 2, 0.5), Activation<double>.Tanh),
            new DenseLayer<double>(Matrix<double>.Build.Dense(1, 2, 0.5), new Cube()));

        // When it is saved as ONNX
        var save = () => network.SaveOnnx(path);

        // Then it is refused, naming the layer and the activation, and the earlier file is untouched
        save.Should().Throw<NotSupportedException>().WithMessage("Layer 1's activation 'cube' has no ONNX form*TryAddOnnxNodes*");
        File.ReadAllText(path).Should().Be("the earlier model");
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void A_custom_activation_that_writes_its_own_nodes_with_attributes_is_exported_and_runs()
    {
        // Given a float network whose hidden layer is a custom activation, Keras' hard sigmoid clip(0.2z + 0.5, 0, 1),
        // that writes itself as ONNX's HardSigmoid operator with its two float attributes
        var (network, inputs) = NetworkWithHiddenLayer<float>(new HardSigmoid());

        // When it is exported and run by ONNX Runtime
        var onnx = RunInOnnxRuntime(network, inputs);

        // Then ONNX Runtime computes what Predict does, to float precision
        MaxAbsoluteDifference(network.Predict(inputs), onnx).Should().BeLessThan(1e-5);
    }

    [Fact]
    public void A_custom_activation_that_writes_its_own_nodes_with_scalars_is_exported_and_runs()
    {
        // Given a double network whose hidden layer is LeCun's scaled tanh 1.7159·tanh(⅔z), written as Mul, Tanh, Mul
        // with two scalar constants
        var (network, inputs) = NetworkWithHiddenLayer<double>(new ScaledTanh());

        // When it is exported and run by ONNX Runtime
        var model = ModelProto.Parser.ParseFrom(Export(network));
        var onnx = RunInOnnxRuntime(network, inputs);

        // Then the scalars are float64 initializers, and ONNX Runtime computes what Predict does to double precision
        model.Graph.Initializer.Where(t => t.Dims.Count == 0).Should().HaveCount(2).And.OnlyContain(t => t.DataType == (int)TensorProto.Types.DataType.Double);
        MaxAbsoluteDifference(network.Predict(inputs), onnx).Should().BeLessThan(1e-12);
    }

    [Fact]
    public void A_custom_activation_that_returns_a_name_the_graph_does_not_hold_is_refused()
    {
        // Given an activation whose ONNX form returns a name no node produced
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 2, 0.5), new Cube { OnnxResult = "nowhere" }));

        // When it is exported
        var save = () => network.SaveOnnx(Stream.Null);

        // Then the exporter says which name is missing
        save.Should().Throw<ArgumentException>().WithMessage("*no value 'nowhere'*");
    }

    private void ExportedModelAgreesWithPredict<T>(string activation, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Given a 6-12-9-4 network with the activation in every layer, a layer without biases and dropout
        var network = NetworkWith<T>(activation);
        var inputs = SerializationTestData.Uniform<T>(2, Sizes[0], Batch, -2, 2);

        // When it is exported (float32 or float64 tensors) and run by ONNX Runtime on 64 random samples
        var onnx = RunInOnnxRuntime(network, inputs);

        // Then every output is within the tolerance of Predict's
        var difference = MaxAbsoluteDifference(network.Predict(inputs), onnx);
        output.WriteLine($"{typeof(T).Name} {activation}: max |ONNX Runtime − Predict| = {difference:E3}");
        difference.Should().BeLessThan(tolerance);
    }

    /// <summary>A 6-7-4 network without biases, the activation in its hidden layer and an identity output, and 64 samples.</summary>
    private static (Network<T> Network, Matrix<T> Inputs) NetworkWithHiddenLayer<T>(Activation<T> hidden)
        where T : struct, IFloatingPointIeee754<T>
        => (new Network<T>(
                new DenseLayer<T>(SerializationTestData.Uniform<T>(5, 7, 6, -2, 2), null, hidden),
                new DenseLayer<T>(SerializationTestData.Uniform<T>(6, 4, 7), null, Activation<T>.Identity)),
            SerializationTestData.Uniform<T>(7, 6, Batch, -3, 3));

    private static Network<T> NetworkWith<T>(string activation)
        where T : struct, IFloatingPointIeee754<T>
        => SerializationTestData.RandomNetwork(1, Sizes, _ => SerializationTestData.ActivationNamed<T>(activation), true, dropoutRate: 0.5, layerWithoutBiases: 1);

    private static byte[] Export<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        network.SaveOnnx(stream);
        return stream.ToArray();
    }

    /// <summary>Runs the exported model on the samples (columns of <paramref name="inputs"/>); returns outputs × samples.</summary>
    private static Matrix<T> RunInOnnxRuntime<T>(Network<T> network, Matrix<T> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var session = new InferenceSession(Export(network));
        var rows = inputs.Transpose().ToRowMajorArray(); // ONNX: one row per sample
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor<T>(rows, [inputs.ColumnCount, inputs.RowCount]))]);
        var values = results.Single(result => result.Name == OnnxExport.OutputName).AsTensor<T>().ToArray();
        return Matrix<T>.Build.Dense(network.OutputSize, inputs.ColumnCount, (i, j) => values[(j * network.OutputSize) + i]);
    }

    private static double MaxAbsoluteDifference<T>(Matrix<T> expected, Matrix<T> actual)
        where T : struct, IFloatingPointIeee754<T>
        => expected.ToColumnMajorArray().Zip(actual.ToColumnMajorArray(), (e, a) => Math.Abs(double.CreateChecked(e) - double.CreateChecked(a))).Max();

    /// <summary>z³, with no ONNX form unless <see cref="OnnxResult"/> is set (then a wrong one).</summary>
    private sealed class Cube : ElementwiseActivation<double>
    {
        public string? OnnxResult { get; init; }

        public override string Name => "cube";

        public override double Value(double weightedInput) => weightedInput * weightedInput * weightedInput;

        public override double Derivative(double weightedInput) => 3 * weightedInput * weightedInput;

        public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
        {
            activation = OnnxResult;
            return activation is not null;
        }
    }

    /// <summary>Keras' hard sigmoid max(0, min(1, 0.2z + 0.5)), as ONNX's HardSigmoid with α = 0.2, β = 0.5.</summary>
    private sealed class HardSigmoid : ElementwiseActivation<float>
    {
        public override string Name => "hard-sigmoid";

        public override float Value(float weightedInput) => Math.Clamp((0.2f * weightedInput) + 0.5f, 0, 1);

        public override float Derivative(float weightedInput) => Math.Abs(weightedInput) < 2.5f ? 0.2f : 0;

        public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
        {
            activation = graph.AddNode("HardSigmoid", [weightedInput], OnnxAttribute.Of("alpha", 0.2), OnnxAttribute.Of("beta", 0.5));
            return true;
        }
    }

    /// <summary>LeCun's scaled tanh, 1.7159·tanh(⅔z).</summary>
    private sealed class ScaledTanh : ElementwiseActivation<double>
    {
        public override string Name => "scaled-tanh";

        public override double Value(double weightedInput) => 1.7159 * Math.Tanh(2.0 / 3 * weightedInput);

        public override double Derivative(double weightedInput) => 1.7159 * 2.0 / 3 * (1 - Math.Pow(Math.Tanh(2.0 / 3 * weightedInput), 2));

        public override bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
        {
            var tanh = graph.AddNode("Tanh", [graph.AddNode("Mul", [graph.AddScalar(2.0 / 3), weightedInput])]);
            activation = graph.AddNode("Mul", [graph.AddScalar(1.7159), tanh]);
            return true;
        }
    }
}
