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

    /// <summary>The name of a whole classifier's output of probabilities, <c>[batch, classes]</c> float32, in the order of <see cref="Classifier{TLabel}.Classes"/>.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The name of a whole classifier's output of predicted class indices, <c>[batch]</c> int64 (the index into the classes of <see cref="ClassesMetadataKey"/>).</summary>
    public const string ClassIndexName = "class_index";

    /// <summary>The name of a whole regressor's output, <c>[batch, targets]</c> float32 in the targets' own units.</summary>
    public const string PredictionName = "prediction";

    /// <summary>The metadata key of a classifier's class names: a JSON array of strings, in class-index order.</summary>
    public const string ClassesMetadataKey = "backprop.classes";

    /// <summary>The metadata key of a whole model's feature (input column) names: a JSON array of strings.</summary>
    public const string FeaturesMetadataKey = "backprop.features";

    /// <summary>The metadata key of a regressor's target names: a JSON array of strings.</summary>
    public const string TargetsMetadataKey = "backprop.targets";

    /// <summary>
    /// Writes a whole classifier as an ONNX model (float32) to a file, atomically: the input <see cref="InputName"/> is
    /// <c>[batch, FeatureCount]</c> raw rows (NaN for missing; a text category as its index); the graph imputes
    /// (<c>IsNaN</c>, <c>Where</c>) when the model imputes, one-hot encodes (<c>Slice</c>, <c>Equal</c>, <c>Cast</c>,
    /// <c>Concat</c>), standardises (<c>Sub</c>, <c>Div</c>), runs the layers and returns <see cref="ProbabilitiesName"/>
    /// and <see cref="ClassIndexName"/>; the class names are in the metadata (<see cref="ClassesMetadataKey"/>).
    /// </summary>
    /// <remarks>ONNX cannot throw: a NaN that the model would refuse (or an unseen category) gives NaN or all-zero indicators instead of an error.</remarks>
    /// <typeparam name="TLabel">The label type.</typeparam>
    /// <param name="classifier">The classifier.</param>
    /// <param name="path">The file to create or replace, conventionally <c>*.onnx</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">An activation is custom.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SaveOnnx<TLabel>(this Classifier<TLabel> classifier, string path)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileAccessHelpers.WriteAtomically(path, TabularOnnxWriter.Classifier(classifier).WriteTo);
    }

    /// <summary>Writes a whole classifier as an ONNX model to a stream (left open; see <see cref="SaveOnnx{TLabel}(Classifier{TLabel}, string)"/>).</summary>
    /// <typeparam name="TLabel">The label type.</typeparam>
    /// <param name="classifier">The classifier.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">An activation is custom.</exception>
    public static void SaveOnnx<TLabel>(this Classifier<TLabel> classifier, Stream stream)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(stream);
        TabularOnnxWriter.Classifier(classifier).WriteTo(stream);
        stream.Flush();
    }

    /// <summary>
    /// Writes a whole regressor as an ONNX model (float32) to a file, atomically: the same input and preprocessing
    /// nodes as a classifier's, then the layers and the undone target scaling (<c>Mul</c>, <c>Add</c>), returning
    /// <see cref="PredictionName"/> in the targets' units; the target names are in the metadata.
    /// </summary>
    /// <param name="regressor">The regressor.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">An activation is custom.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void SaveOnnx(this Regressor regressor, string path)
    {
        ArgumentNullException.ThrowIfNull(regressor);
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileAccessHelpers.WriteAtomically(path, TabularOnnxWriter.Regressor(regressor).WriteTo);
    }

    /// <summary>Writes a whole regressor as an ONNX model to a stream (left open).</summary>
    /// <param name="regressor">The regressor.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">An activation is custom.</exception>
    public static void SaveOnnx(this Regressor regressor, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(regressor);
        ArgumentNullException.ThrowIfNull(stream);
        TabularOnnxWriter.Regressor(regressor).WriteTo(stream);
        stream.Flush();
    }

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
