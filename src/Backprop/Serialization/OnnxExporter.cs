using System.Numerics;
using System.Reflection;
using Backprop.Serialization.Onnx;
using Google.Protobuf;

namespace Backprop;

/// <summary>
/// Exports a trained network to an ONNX model (opset <see cref="OpsetVersion"/>) for ONNX Runtime and the other
/// ONNX runtimes: one <c>Gemm</c> per dense layer (<c>x·Wᵀ + b</c>) followed by the standard ONNX operator of its
/// activation. Samples are <em>rows</em> in ONNX, as in every ONNX runtime: the input is
/// <c>[batch, InputSize]</c> and the output <c>[batch, OutputSize]</c>, the transpose of <see cref="Network{T}.Predict(MathNet.Numerics.LinearAlgebra.Matrix{T})"/>'s layout.
/// </summary>
/// <example>
/// <code>
/// OnnxExporter.Export(network, "model.onnx");
/// // Python: onnxruntime.InferenceSession("model.onnx").run(None, {"input": x})   # x: [batch, inputs], float32
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Activations map to <c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c>, <c>Elu</c>, <c>Softplus</c>,
/// <c>Gelu</c> (<c>approximate = "tanh"</c>) and <c>Softmax</c> (axis 1); the identity adds no node. Dropout is an
/// inference-time identity and adds nothing. A float network exports float32 tensors, a double network float64
/// tensors; since ONNX Runtime has no float64 kernels for <c>LeakyRelu</c>, <c>Elu</c> and <c>Softplus</c> and
/// computes a float64 <c>Gelu</c> only to float precision, a double network writes those four as their
/// elementary formulas (<c>Relu</c>, <c>Neg</c>, <c>Min</c>, <c>Exp</c>, <c>Log</c>, <c>Abs</c>, <c>Tanh</c>,
/// <c>Add</c>, <c>Sub</c>, <c>Mul</c>).
/// </para>
/// <para>
/// The weights are initializers named <c>layer{l}.weight</c> (<c>neurons × inputs</c>, as <see cref="DenseLayer{T}.GetWeights"/>)
/// and <c>layer{l}.bias</c>. The model's metadata names the loss and the activations.
/// </para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the models use (20: GELU is a standard operator from this one).</summary>
    public const int OpsetVersion = 20;

    /// <summary>The ONNX IR version of the models (9, the IR of opset 20).</summary>
    public const int IrVersion = 9;

    /// <summary>The name of the model's input, <c>[batch, InputSize]</c>.</summary>
    public const string InputName = "input";

    /// <summary>The name of the model's output, <c>[batch, OutputSize]</c>.</summary>
    public const string OutputName = "output";

    private const int Float32 = (int)TensorProto.Types.DataType.Float;
    private const int Float64 = (int)TensorProto.Types.DataType.Double;

    /// <summary>Writes the network as an ONNX model to a stream (left open).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> (float32 tensors) or <see cref="double"/> (float64).</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">The element type or an activation has no ONNX form (custom activations).</exception>
    public static void Export<T>(Network<T> network, Stream stream)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        var model = BuildModel(network);
        model.WriteTo(stream);
        stream.Flush();
    }

    /// <summary>Writes the network as an ONNX model to a file, atomically (as <see cref="Network{T}.Save(string)"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="path">The file to create or replace, conventionally <c>*.onnx</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">The element type or an activation has no ONNX form.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export<T>(Network<T> network, string path)
        where T : struct, IFloatingPointIeee754<T>
    {
        var model = BuildModel(network);
        FileAccessHelpers.WriteAtomically(path, model.WriteTo);
    }

    /// <summary>The ONNX model of a network.</summary>
    internal static ModelProto BuildModel<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var elementType = typeof(T) == typeof(float) ? Float32
            : typeof(T) == typeof(double) ? Float64
            : throw new NotSupportedException($"Only float and double networks can be exported to ONNX; {typeof(T).Name} is not supported.");
        var graph = new GraphBuilder<T>(elementType);
        graph.Graph.Input.Add(ValueInfo(InputName, elementType, network.InputSize));

        var previous = InputName;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var isLast = l == network.Layers.Count - 1;
            var output = isLast ? OutputName : $"layer{l}.a";
            var isIdentity = layer.Activation is IdentityActivation<T>;

            // z = a_prev·Wᵀ + b: the rows are samples, so W (neurons × inputs) is used transposed.
            var weight = graph.Initializer($"layer{l}.weight", ParameterPayload.ToRowMajor<T>(layer.WeightValues, layer.Neurons, layer.InputSize), layer.Neurons, layer.InputSize);
            var gemmInputs = layer.BiasValues is { } biases ? new[] { previous, weight, graph.Initializer($"layer{l}.bias", biases, layer.Neurons) } : [previous, weight];
            var weightedInput = isIdentity ? output : $"layer{l}.z";
            graph.Node("Gemm", $"layer{l}.gemm", gemmInputs, weightedInput, IntAttribute("transB", 1));
            if (!isIdentity)
            {
                graph.Activation(layer.Activation, l, weightedInput, output);
            }

            previous = output;
        }

        graph.Graph.Output.Add(ValueInfo(OutputName, elementType, network.OutputSize));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Backprop",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            DocString = network.ToString(),
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "backprop.loss", Value = network.Loss.Name });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "backprop.activations", Value = string.Join(",", network.Layers.Select(layer => layer.Activation.Name)) });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, int elementType, int width) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = elementType,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "batch" },
                        new TensorShapeProto.Types.Dimension { DimValue = width },
                    },
                },
            },
        },
    };

    private static AttributeProto IntAttribute(string name, long value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto FloatAttribute(string name, double value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    private static AttributeProto StringAttribute(string name, string value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>Adds nodes and initializers to a graph, with unique names.</summary>
    private sealed class GraphBuilder<T>(int elementType)
        where T : struct, IFloatingPointIeee754<T>
    {
        private readonly HashSet<string> _constants = new(StringComparer.Ordinal);

        public GraphProto Graph { get; } = new() { Name = "backprop_network" };

        /// <summary>Adds a tensor initializer; returns its name.</summary>
        public string Initializer(string name, ReadOnlySpan<T> values, params long[] dims)
        {
            var tensor = new TensorProto
            {
                Name = name,
                DataType = elementType,
                RawData = UnsafeByteOperations.UnsafeWrap(ParameterPayload.ToLittleEndianBytes(values)),
            };
            tensor.Dims.AddRange(dims);
            Graph.Initializer.Add(tensor);
            return name;
        }

        /// <summary>A scalar initializer (shared by name).</summary>
        public string Scalar(string name, double value)
        {
            if (_constants.Add(name))
            {
                Initializer(name, [T.CreateChecked(value)]);
            }

            return name;
        }

        public void Node(string operatorType, string name, string[] inputs, string output, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = operatorType, Name = name };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes);
            Graph.Node.Add(node);
        }

        /// <summary>The nodes of an activation from <paramref name="input"/> (z) to <paramref name="output"/> (a).</summary>
        public void Activation(Activation<T> activation, int layer, string input, string output)
        {
            var prefix = $"layer{layer}";
            var native = elementType == Float32;
            switch (activation)
            {
                case SigmoidActivation<T>:
                    Node("Sigmoid", $"{prefix}.sigmoid", [input], output);
                    break;
                case TanhActivation<T>:
                    Node("Tanh", $"{prefix}.tanh", [input], output);
                    break;
                case ReluActivation<T>:
                    Node("Relu", $"{prefix}.relu", [input], output);
                    break;
                case SoftmaxActivation<T>:
                    Node("Softmax", $"{prefix}.softmax", [input], output, IntAttribute("axis", 1));
                    break;
                case GeluActivation<T> when native:
                    Node("Gelu", $"{prefix}.gelu", [input], output, StringAttribute("approximate", "tanh"));
                    break;
                case GeluActivation<T>:
                    // ½z·(1 + tanh(√(2/π)·(z + 0.044715·z³))): ONNX Runtime's float64 Gelu is only float-accurate.
                    Node("Mul", $"{prefix}.cubic_term_1", [Scalar("gelu_cubic", 0.044715), input], $"{prefix}.cz");
                    Node("Mul", $"{prefix}.cubic_term_2", [$"{prefix}.cz", input], $"{prefix}.czz");
                    Node("Mul", $"{prefix}.cubic_term_3", [$"{prefix}.czz", input], $"{prefix}.czzz");
                    Node("Add", $"{prefix}.inner_sum", [input, $"{prefix}.czzz"], $"{prefix}.inner");
                    Node("Mul", $"{prefix}.inner_scale", [Scalar("gelu_scale", Math.Sqrt(2 / Math.PI)), $"{prefix}.inner"], $"{prefix}.scaled_inner");
                    Node("Tanh", $"{prefix}.tanh", [$"{prefix}.scaled_inner"], $"{prefix}.t");
                    Node("Add", $"{prefix}.one_plus_t", [$"{prefix}.t", Scalar("one", 1)], $"{prefix}.one_plus_t");
                    Node("Mul", $"{prefix}.half_z", [Scalar("half", 0.5), input], $"{prefix}.hz");
                    Node("Mul", $"{prefix}.gelu", [$"{prefix}.hz", $"{prefix}.one_plus_t"], output);
                    break;
                case LeakyReluActivation<T> leaky when native:
                    Node("LeakyRelu", $"{prefix}.leaky_relu", [input], output, FloatAttribute("alpha", leaky.Slope));
                    break;
                case LeakyReluActivation<T> leaky:
                    // relu(z) − slope·relu(−z)
                    Node("Neg", $"{prefix}.neg", [input], $"{prefix}.negative_z");
                    Node("Relu", $"{prefix}.relu_negative", [$"{prefix}.negative_z"], $"{prefix}.negative_part");
                    Node("Mul", $"{prefix}.scale", [$"{prefix}.negative_part", Scalar($"{prefix}.slope", leaky.Slope)], $"{prefix}.scaled_negative_part");
                    Node("Relu", $"{prefix}.relu", [input], $"{prefix}.positive_part");
                    Node("Sub", $"{prefix}.leaky_relu", [$"{prefix}.positive_part", $"{prefix}.scaled_negative_part"], output);
                    break;
                case EluActivation<T> elu when native:
                    Node("Elu", $"{prefix}.elu", [input], output, FloatAttribute("alpha", elu.Alpha));
                    break;
                case EluActivation<T> elu:
                    // relu(z) + α·(exp(min(z, 0)) − 1)
                    Node("Min", $"{prefix}.min", [input, Scalar("zero", 0)], $"{prefix}.negative_z");
                    Node("Exp", $"{prefix}.exp", [$"{prefix}.negative_z"], $"{prefix}.exp_z");
                    Node("Sub", $"{prefix}.minus_one", [$"{prefix}.exp_z", Scalar("one", 1)], $"{prefix}.expm1_z");
                    Node("Mul", $"{prefix}.scale", [$"{prefix}.expm1_z", Scalar($"{prefix}.alpha", elu.Alpha)], $"{prefix}.negative_part");
                    Node("Relu", $"{prefix}.relu", [input], $"{prefix}.positive_part");
                    Node("Add", $"{prefix}.elu", [$"{prefix}.positive_part", $"{prefix}.negative_part"], output);
                    break;
                case SoftplusActivation<T> when native:
                    Node("Softplus", $"{prefix}.softplus", [input], output);
                    break;
                case SoftplusActivation<T>:
                    // relu(z) + ln(1 + exp(−|z|)), which never overflows
                    Node("Abs", $"{prefix}.abs", [input], $"{prefix}.abs_z");
                    Node("Neg", $"{prefix}.neg", [$"{prefix}.abs_z"], $"{prefix}.minus_abs_z");
                    Node("Exp", $"{prefix}.exp", [$"{prefix}.minus_abs_z"], $"{prefix}.exp_minus_abs_z");
                    Node("Add", $"{prefix}.plus_one", [$"{prefix}.exp_minus_abs_z", Scalar("one", 1)], $"{prefix}.one_plus_exp");
                    Node("Log", $"{prefix}.log", [$"{prefix}.one_plus_exp"], $"{prefix}.log1p_exp");
                    Node("Relu", $"{prefix}.relu", [input], $"{prefix}.positive_part");
                    Node("Add", $"{prefix}.softplus", [$"{prefix}.positive_part", $"{prefix}.log1p_exp"], output);
                    break;
                default:
                    throw new NotSupportedException($"Layer {layer}'s activation '{activation.Name}' has no ONNX form; only the built-in activations can be exported.");
            }
        }
    }
}
