namespace Backprop;

/// <summary>
/// The part of an ONNX graph an activation writes itself into (see <see cref="Activation{T}.TryAddOnnxNodes"/>): nodes
/// of the standard ONNX operators and scalar constants, each named by the builder. The Backprop.Onnx package
/// implements it when it exports a network (<c>network.SaveOnnx(path)</c>); the core library holds no ONNX types.
/// </summary>
/// <example>
/// SiLU, <c>z·σ(z)</c>, as two nodes:
/// <code>
/// var sigma = graph.AddNode("Sigmoid", [weightedInput]);
/// activation = graph.AddNode("Mul", [weightedInput, sigma]);
/// </code>
/// </example>
public interface IOnnxGraphBuilder
{
    /// <summary>Adds a node of a standard ONNX operator (the default domain, at the exporter's opset) with one output.</summary>
    /// <param name="operatorType">The operator as ONNX spells it: <c>"Sigmoid"</c>, <c>"Mul"</c>, <c>"Softmax"</c>, ….</param>
    /// <param name="inputs">
    /// Its inputs: the activation's weighted input, names returned by earlier calls, or scalars from
    /// <see cref="AddScalar"/>. The tensors are <c>[batch, neurons]</c>, one row per sample.
    /// </param>
    /// <param name="attributes">Its attributes, if any.</param>
    /// <returns>The name of the node's output, to use as a later node's input or as the activation's result.</returns>
    /// <exception cref="ArgumentException">An input is not a name the graph holds.</exception>
    string AddNode(string operatorType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes);

    /// <summary>
    /// A scalar constant of the graph's element type (float32 for a float network, float64 for a double one), which
    /// the element-wise operators broadcast. The same value gives the same name.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The constant's name, to use as a node's input.</returns>
    string AddScalar(double value);
}
