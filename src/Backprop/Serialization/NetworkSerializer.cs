using System.Numerics;

namespace Backprop.Serialization;

/// <summary>
/// Saves a trained network to a file or stream and loads it back: a versioned JSON document holding the
/// architecture, the activations and loss by name, the element type, and the weights and biases bit for bit
/// (see <c>FORMAT.md</c>). A reloaded network predicts bit-identical outputs.
/// </summary>
/// <example>
/// <code>
/// network.Save("model.json");
/// var restored = NetworkSerializer.Load&lt;double&gt;("model.json");
/// </code>
/// </example>
/// <remarks>
/// <para>
/// <b>Untrusted files.</b> Loading never instantiates a type named by the file: names map through a fixed table
/// of the built-in activations and losses. Everything is validated before the network is built (format and
/// version, element type, known names, shapes that chain, payload sizes against the declared shapes, finite
/// values, the SHA-256 checksum, a size limit and a nesting limit), and every problem raises
/// <see cref="ModelFormatException"/>.
/// </para>
/// <para>
/// <b>What is saved.</b> Layers, activations, dropout rates, the loss and the parameters; not the runtime
/// settings (<see cref="Network{T}.MaxDegreeOfParallelism"/>) nor the dropout random sequence. Networks with
/// custom activations or losses cannot be saved (<see cref="NotSupportedException"/>). Save from the thread that
/// trains (or after training): a save that overlaps a weight update on another thread reads mixed weights.
/// </para>
/// </remarks>
public static class NetworkSerializer
{
    /// <summary>Writes the network to a stream (left open; not atomic: see <see cref="Save{T}(Network{T}, string)"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to save.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">The element type, an activation or the loss is not built in.</exception>
    public static void Save<T>(this Network<T> network, Stream stream)
        where T : struct, IFloatingPointIeee754<T>
        => ModelDocument.Write(stream, network, trainer: null);

    /// <summary>
    /// Writes the network to a file atomically: the content goes to a temporary file in the same folder, is
    /// flushed to disk, and then replaces <paramref name="path"/>, so a failure or crash mid-save leaves the
    /// previous file intact.
    /// </summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to save.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">The element type, an activation or the loss is not built in.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save<T>(this Network<T> network, string path)
        where T : struct, IFloatingPointIeee754<T>
        => Save(network, path, decorate: null);

    /// <summary>The atomic save, with a test hook that wraps the temporary file's stream (to inject failures).</summary>
    internal static void Save<T>(Network<T> network, string path, Func<Stream, Stream>? decorate)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        FileAccessHelpers.WriteAtomically(path, stream => ModelDocument.Write(stream, network, trainer: null), decorate);
    }

    /// <summary>Reads a network from the rest of a stream.</summary>
    /// <typeparam name="T">The element type the file must hold: <see cref="float"/> (float32) or <see cref="double"/> (float64).</typeparam>
    /// <param name="stream">A readable stream positioned at the start of the document.</param>
    /// <param name="options">Limits and checks (default <see cref="ModelLoadOptions.Default"/>).</param>
    /// <returns>The network, predicting bit-identically to the one saved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid network file (the message says what and where).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static Network<T> Load<T>(Stream stream, ModelLoadOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        options ??= ModelLoadOptions.Default;
        var bytes = FileAccessHelpers.ReadBounded(stream, options.MaxBytes);
        return ModelDocument.Read<T>(bytes, options, checkpoint: false).Network;
    }

    /// <summary>Reads a network from a file.</summary>
    /// <typeparam name="T">The element type the file must hold: <see cref="float"/> (float32) or <see cref="double"/> (float64).</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits and checks (default <see cref="ModelLoadOptions.Default"/>).</param>
    /// <returns>The network, predicting bit-identically to the one saved.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid network file (the message says what and where).</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static Network<T> Load<T>(string path, ModelLoadOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = FileAccessHelpers.OpenRead(path);
        return Load<T>(stream, options);
    }
}
