using System.Globalization;
using System.Numerics;
using System.Reflection;
using Backprop.Onnx.Protos;
using Google.Protobuf;

namespace Backprop.Onnx;

/// <summary>The ONNX model of a network (see <see cref="OnnxExport"/>): the layers' <c>Gemm</c> nodes and weights, and what each activation writes.</summary>
internal static class OnnxModelWriter
{
    /// <summary>The ONNX model of a network.</summary>
    /// <exception cref="NotSupportedException">The element type or an activation has no ONNX form.</exception>
    public static ModelProto BuildModel<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var elementType = ElementType<T>();
        var graph = new GraphBuilder<T>(elementType);
        graph.Graph.Input.Add(ValueInfo(OnnxExport.InputName, elementType, network.InputSize));
        var previous = AddLayers(graph, network, OnnxExport.InputName);
        graph.NameOutput(previous, OnnxExport.OutputName);
        graph.Graph.Output.Add(ValueInfo(OnnxExport.OutputName, elementType, network.OutputSize));
        var model = Model(graph.Graph, network.ToString());
        model.MetadataProps.Add(new StringStringEntryProto { Key = "backprop.loss", Value = network.Loss.Name });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "backprop.activations", Value = string.Join(",", network.Layers.Select(layer => layer.Activation.Name)) });
        return model;
    }

    /// <summary>ONNX's INT64 element type (TensorProto.DataType 7; not in the generated subset's enum).</summary>
    public const int Int64 = 7;

    /// <summary>The ONNX element type of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">It is neither float nor double.</exception>
    public static int ElementType<T>()
        => typeof(T) == typeof(float) ? (int)TensorProto.Types.DataType.Float
            : typeof(T) == typeof(double) ? (int)TensorProto.Types.DataType.Double
            : throw new NotSupportedException($"Only float and double networks can be exported to ONNX; {typeof(T).Name} is not supported.");

    /// <summary>A model around a graph: IR version, producer, opset.</summary>
    public static ModelProto Model(GraphProto graph, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxExport.IrVersion,
            ProducerName = "Backprop",
            ProducerVersion = typeof(Network<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxExport.OpsetVersion });
        return model;
    }

    /// <summary>Adds each layer's <c>Gemm</c> and activation nodes after the value <paramref name="input"/>; returns the last layer's activation.</summary>
    /// <exception cref="NotSupportedException">An activation has no ONNX form.</exception>
    public static string AddLayers<T>(GraphBuilder<T> graph, Network<T> network, string input)
        where T : struct, IFloatingPointIeee754<T>
    {
        var previous = input;
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            graph.Prefix = $"layer{l}";

            // z = a_prev·Wᵀ + b: the rows are samples, so W (neurons × inputs) is used transposed.
            var weight = graph.Initializer($"layer{l}.weight", layer.GetWeights().ToRowMajorArray(), layer.Neurons, layer.InputSize);
            string[] gemmInputs = layer.GetBiases() is { } biases
                ? [previous, weight, graph.Initializer($"layer{l}.bias", biases.ToArray(), layer.Neurons)]
                : [previous, weight];
            var weightedInput = graph.AddNode("Gemm", gemmInputs, OnnxAttribute.Of("transB", 1));
            if (!layer.Activation.TryAddOnnxNodes(graph, weightedInput, out var activation))
            {
                throw new NotSupportedException(
                    $"Layer {l}'s activation '{layer.Activation.Name}' has no ONNX form; the built-in activations can be exported, and custom ones that override Activation<T>.TryAddOnnxNodes.");
            }

            previous = graph.Require(activation, $"layer {l}'s activation '{layer.Activation.Name}' returned");
        }

        return previous;
    }

    /// <summary>A tensor of <c>[batch, width]</c> values (or <c>[batch]</c> when <paramref name="width"/> is null).</summary>
    public static ValueInfoProto ValueInfo(string name, int elementType, int? width)
    {
        var shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "batch" } } };
        if (width is { } w)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = w });
        }

        return new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } } };
    }

    private static AttributeProto Attribute(OnnxAttribute attribute) => attribute.Value switch
    {
        long value => new() { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Int, I = value },
        double value => new() { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value },
        string value => new() { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) },
        _ => throw new ArgumentException($"The attribute '{attribute.Name}' has a value of an unknown kind.", nameof(attribute)),
    };

    /// <summary>
    /// The graph being written: initializers, and nodes named after the layer (<c>layer1.Sigmoid</c>, then
    /// <c>layer1.Sigmoid_2</c>), each with one output of the same name.
    /// </summary>
    internal sealed class GraphBuilder<T>(int elementType) : IOnnxGraphBuilder
        where T : struct, IFloatingPointIeee754<T>
    {
        private readonly HashSet<string> _values = new(StringComparer.Ordinal) { OnnxExport.InputName };
        private readonly Dictionary<double, string> _scalars = [];

        public GraphProto Graph { get; } = new() { Name = "backprop_network" };

        /// <summary>The prefix of the names of the nodes added next: <c>layer{l}</c>.</summary>
        public string Prefix { get; set; } = "graph";

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
            _values.Add(name);
            return name;
        }

        /// <summary>Adds an int64 tensor initializer (shapes, axes, indices); returns its name.</summary>
        public string Int64Initializer(string name, long[] values, params long[] dims)
        {
            var bytes = new byte[values.Length * sizeof(long)];
            for (var i = 0; i < values.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
            }

            var tensor = new TensorProto { Name = name, DataType = OnnxModelWriter.Int64, RawData = ByteString.CopyFrom(bytes) };
            tensor.Dims.AddRange(dims);
            Graph.Initializer.Add(tensor);
            _values.Add(name);
            return name;
        }

        public string AddNode(string operatorType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
        {
            ArgumentException.ThrowIfNullOrEmpty(operatorType);
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(attributes);
            var name = $"{Prefix}.{operatorType}";
            for (var n = 2; _values.Contains(name); n++)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}.{operatorType}_{n}");
            }

            var node = new NodeProto { OpType = operatorType, Name = name };
            foreach (var input in inputs)
            {
                node.Input.Add(Require(input, $"an input of the {operatorType} node is"));
            }

            node.Output.Add(name);
            node.Attribute.AddRange(attributes.Select(Attribute));
            Graph.Node.Add(node);
            _values.Add(name);
            return name;
        }

        public string AddScalar(double value)
        {
            if (!_scalars.TryGetValue(value, out var name))
            {
                name = string.Create(CultureInfo.InvariantCulture, $"scalar({value:R})");
                Initializer(name, [T.CreateChecked(value)]);
                _scalars.Add(value, name);
            }

            return name;
        }

        /// <summary>The name, when the graph holds it.</summary>
        /// <exception cref="ArgumentException">It does not.</exception>
        public string Require(string? name, string what)
            => name is not null && _values.Contains(name)
                ? name
                : throw new ArgumentException($"The ONNX graph holds no value '{name}', which {what}; use the weighted input's name, or a name AddNode or AddScalar returned.");

        /// <summary>Renames the last layer's activation to the graph's output (or, for a constant or the input, copies it there).</summary>
        public void NameOutput(string value, string output)
        {
            var producer = Graph.Node.LastOrDefault(node => node.Output.Contains(value));
            if (producer is null)
            {
                AddNode("Identity", [value]);
                producer = Graph.Node[^1];
                value = producer.Output[0];
            }

            foreach (var node in Graph.Node)
            {
                Rename(node.Input, value, output);
                Rename(node.Output, value, output);
            }
        }

        private static void Rename(Google.Protobuf.Collections.RepeatedField<string> names, string from, string to)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == from)
                {
                    names[i] = to;
                }
            }
        }
    }
}
