using System.Numerics;
using Backprop.Onnx;
using Google.Protobuf;

namespace Backprop;

/// <summary>
/// Exports a trained network to an ONNX model for ONNX Runtime and the other ONNX runtimes:
/// <c>network.SaveOnnx("model.onnx")</c>. The graph is one <c>Gemm</c> per dense layer (<c>x·Wᵀ + b</c>) followed by
/// the standard ONNX operators of its activation, at opset <see cref="OpsetVersion"/>.
/// </summary>
/// <example>
/// <code>
/// using Backprop;   // the Backprop.Onnx package
///
/// network.SaveOnnx("model.onnx");
/// // Python: onnxruntime.InferenceSession("model.onnx").run(None, {"input": x})   # x: [batch, inputs], float32
/// </code>
/// </example>
/// <remarks>
/// <para>
/// <b>Layout.</b> Samples are <em>rows</em> in ONNX, as in every ONNX runtime: the input <see cref="InputName"/> is
/// <c>[batch, InputSize]</c> and the output <see cref="OutputName"/> <c>[batch, OutputSize]</c>, the transpose of
/// <see cref="Network{T}.Predict(MathNet.Numerics.LinearAlgebra.Matrix{T})"/>'s columns. A float network exports
/// float32 tensors, a double network float64 tensors.
/// </para>
/// <para>
/// <b>Activations.</b> Each activation writes its own nodes (<see cref="Activation{T}.TryAddOnnxNodes"/>):
/// <c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c>, <c>Elu</c>, <c>Softplus</c>, <c>Gelu</c>
/// (<c>approximate = "tanh"</c>), <c>Softmax</c> (axis 1), SiLU as <c>Sigmoid</c> and <c>Mul</c>; the identity adds no
/// node. ONNX Runtime has no float64 kernels for <c>LeakyRelu</c>, <c>Elu</c> and <c>Softplus</c> and computes a
/// float64 <c>Gelu</c> only to float precision, so a double network writes those four as their elementary formulas.
/// Dropout is an inference-time identity and adds nothing. A custom activation is exported when it overrides
/// <see cref="Activation{T}.TryAddOnnxNodes"/>.
/// </para>
/// <para>
/// <b>Names.</b> The weights are initializers named <c>layer{l}.weight</c> (<c>neurons × inputs</c>, as
/// <see cref="DenseLayer{T}.GetWeights"/>) and <c>layer{l}.bias</c>. The model's metadata names the loss
/// (<c>backprop.loss</c>) and the activations (<c>backprop.activations</c>).
/// </para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the models use (20: GELU is a standard operator from this one).</summary>
    public const int OpsetVersion = 20;

    /// <summary>The ONNX IR version of the models (9, the IR of opset 20).</summary>
    public const int IrVersion = 9;

    /// <summary>The name of the model's input, <c>[batch, InputSize]</c>.</summary>
    public const string InputName = "input";

    /// <summary>The name of the model's output, <c>[batch, OutputSize]</c>.</summary>
    public const string OutputName = "output";

    /// <summary>Writes the network as an ONNX model to a stream (left open; not atomic: see <see cref="SaveOnnx{T}(Network{T}, string)"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> (float32 tensors) or <see cref="double"/> (float64).</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">The element type or an activation has no ONNX form (a custom activation that does not override <see cref="Activation{T}.TryAddOnnxNodes"/>).</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread; nothing was written.</exception>
    public static void SaveOnnx<T>(this Network<T> network, Stream stream)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        var model = OnnxModelWriter.BuildModel(network.Clone()); // a consistent copy: throws if training changes the weights meanwhile
        model.WriteTo(stream);
        stream.Flush();
    }

    /// <summary>
    /// Writes the network as an ONNX model to a file atomically, as <see cref="Network{T}.Save(string)"/>
    /// does: the model goes to a temporary file in the same folder, is flushed to disk and then replaces
    /// <paramref name="path"/>, so a failure leaves the previous file intact.
    /// </summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="path">The file to create or replace, conventionally <c>*.onnx</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">The element type or an activation has no ONNX form (the file is not touched).</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread; nothing was written.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SaveOnnx<T>(this Network<T> network, string path)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = OnnxModelWriter.BuildModel(network.Clone()); // a consistent copy: throws if training changes the weights meanwhile
        FileAccessHelpers.WriteAtomically(path, model.WriteTo);
    }
}
