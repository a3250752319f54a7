using System.Numerics;
using Backprop.Serialization.Onnx;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Backprop.Tests.Serialization;

public sealed class OnnxExporterTests(ITestOutputHelper output)
{
    private const int Batch = 64;
    private static readonly int[] Sizes = [6, 12, 9, 4];

    public static TheoryData<string> EveryActivation() => [.. SerializationTestData.ActivationNames];

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void ONNX_Runtime_predicts_what_Predict_does_within_1e_5_in_float32(string activation)
    {
        // Given a 6-12-9-4 float network with the activation in every layer, a layer without biases and dropout
        var network = NetworkWith<float>(activation);
        var inputs = SerializationTestData.Uniform<float>(2, Sizes[0], Batch, -2, 2);

        // When it is exported and run by ONNX Runtime on 64 random samples
        var onnx = RunInOnnxRuntime(network, inputs);

        // Then every output is within 1e-5 of Predict's
        var difference = MaxAbsoluteDifference(network.Predict(inputs), onnx);
        output.WriteLine($"float32 {activation}: max |ONNX Runtime − Predict| = {difference:E3}");
        difference.Should().BeLessThan(1e-5);
    }

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void ONNX_Runtime_predicts_what_Predict_does_within_1e_12_in_float64(string activation)
    {
        // Given the same network in double
        var network = NetworkWith<double>(activation);
        var inputs = SerializationTestData.Uniform<double>(2, Sizes[0], Batch, -2, 2);

        // When it is exported (float64 tensors) and run by ONNX Runtime
        var onnx = RunInOnnxRuntime(network, inputs);

        // Then the outputs agree to double precision
        var difference = MaxAbsoluteDifference(network.Predict(inputs), onnx);
        output.WriteLine($"float64 {activation}: max |ONNX Runtime − Predict| = {difference:E3}");
        difference.Should().BeLessThan(1e-12);
    }

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
        var input = model.Graph.Input.Should().ContainSingle().Subject;
        input.Name.Should().Be("input");
        input.Type.TensorType.Shape.Dim.Select(d => d.DimParam + d.DimValue).Should().Equal("batch0", "6");
        model.Graph.Output.Should().ContainSingle().Which.Type.TensorType.Shape.Dim[1].DimValue.Should().Be(4);
        model.Graph.Initializer.Select(t => (t.Name, string.Join("×", t.Dims))).Should().Equal(
            ("layer0.weight", "12×6"), ("layer0.bias", "12"), ("layer1.weight", "9×12"), ("layer1.bias", "9"), ("layer2.weight", "4×9"), ("layer2.bias", "4"));
    }

    [Fact]
    public void Exporting_to_a_path_writes_a_model_ONNX_Runtime_opens()
    {
        // Given a network and a file path
        using var folder = new TemporaryDirectory();
        var path = Path.Combine(folder.Path, "model.onnx");
        var network = NetworkWith<float>("relu");

        // When it is exported to the path
        OnnxExporter.Export(network, path);

        // Then ONNX Runtime opens the file and sees one input of 6 and one output of 4
        using var session = new InferenceSession(path);
        session.InputMetadata["input"].Dimensions.Should().Equal(-1, 6);
        session.OutputMetadata["output"].Dimensions.Should().Equal(-1, 4);
    }

    private static Network<T> NetworkWith<T>(string activation)
        where T : struct, IFloatingPointIeee754<T>
        => SerializationTestData.RandomNetwork(1, Sizes, _ => SerializationTestData.ActivationNamed<T>(activation), true, dropoutRate: 0.5, layerWithoutBiases: 1);

    private static byte[] Export<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        OnnxExporter.Export(network, stream);
        return stream.ToArray();
    }

    /// <summary>Runs the exported model on the samples (columns of <paramref name="inputs"/>); returns outputs × samples.</summary>
    private static Matrix<T> RunInOnnxRuntime<T>(Network<T> network, Matrix<T> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var session = new InferenceSession(Export(network));
        var rows = inputs.Transpose().ToRowMajorArray(); // ONNX: one row per sample
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<T>(rows, [inputs.ColumnCount, inputs.RowCount]))]);
        var values = results.Single(result => result.Name == "output").AsTensor<T>().ToArray();
        return Matrix<T>.Build.Dense(network.OutputSize, inputs.ColumnCount, (i, j) => values[(j * network.OutputSize) + i]);
    }

    private static double MaxAbsoluteDifference<T>(Matrix<T> expected, Matrix<T> actual)
        where T : struct, IFloatingPointIeee754<T>
        => expected.ToColumnMajorArray().Zip(actual.ToColumnMajorArray(), (e, a) => Math.Abs(double.CreateChecked(e) - double.CreateChecked(a))).Max();
}
