using System.Numerics;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// Saves a network together with its <see cref="Trainer{T}"/> (settings, step count, position in the shuffling
/// sequence, and the optimizer with its settings, schedule and running state: moments, velocities, L-BFGS
/// pairs, Rprop step sizes), so that training resumes exactly where it stopped.
/// </summary>
/// <example>
/// <code>
/// trainer.Train(network, inputs, targets);                 // say 2 epochs
/// Checkpoint.Save(network, trainer, "run.ckpt.json");
/// // … later, in another process …
/// var (network, trainer) = Checkpoint.Load&lt;double&gt;("run.ckpt.json");
/// trainer.Train(network, inputs, targets);                 // epochs 3 and 4
/// </code>
/// </example>
/// <remarks>
/// <para>
/// <b>What "resume" means.</b> A checkpoint saved after <see cref="Trainer{T}.Train"/> or
/// <see cref="Trainer{T}.Fit"/> returns (an epoch boundary) and loaded into a new process continues the same
/// run: each later <c>Train</c>/<c>Fit</c> of the restored trainer shuffles as the following epochs of the saved
/// run would have, the optimizer starts from the saved moments, and schedules and bias corrections see the saved
/// step count. With the same data, training the restored trainer for <c>k</c> epochs gives bit for bit the
/// weights of a run that had been given <c>k</c> more epochs in its last call. (Each <c>Fit</c> of a trainer
/// starts the shuffling from the same point, as a new trainer's starts from its seed.)
/// </para>
/// <para>
/// <b>Limits.</b> Only built-in optimizers (SGD, Adam, AdamW, RMSProp, L-BFGS, iRprop−) and schedules can be
/// saved. The dropout masks' random state is saved too, so a network with dropout resumes with the masks the
/// uninterrupted run would have drawn. A checkpoint saved in the middle of an epoch (from a progress callback)
/// resumes at the start of the next epoch's shuffle.
/// </para>
/// <para>Loading validates like <see cref="NetworkSerializer.Load{T}(Stream, ModelLoadOptions?)"/> and throws only <see cref="ModelFormatException"/> for bad content.</para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>Writes a checkpoint to a stream (left open; not atomic).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network being trained.</param>
    /// <param name="trainer">Its trainer.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotSupportedException">The element type, an activation, the loss, the optimizer or its schedule is not built in.</exception>
    public static void Save<T>(Network<T> network, Trainer<T> trainer, Stream stream)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ModelDocument.Write(stream, network, trainer);
    }

    /// <summary>Writes a checkpoint to a file atomically (temporary file in the same folder, flushed, then renamed over <paramref name="path"/>).</summary>
    /// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network being trained.</param>
    /// <param name="trainer">Its trainer.</param>
    /// <param name="path">The file to create or replace; a failed save leaves the previous file intact.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">The element type, an activation, the loss, the optimizer or its schedule is not built in.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save<T>(Network<T> network, Trainer<T> trainer, string path)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(trainer);
        FileAccessHelpers.WriteAtomically(path, stream => ModelDocument.Write(stream, network, trainer));
    }

    /// <summary>Reads a checkpoint from the rest of a stream.</summary>
    /// <typeparam name="T">The element type the file must hold.</typeparam>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Limits and checks (default <see cref="ModelLoadOptions.Default"/>).</param>
    /// <returns>The network and a trainer that continues its training.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid checkpoint (the message says what and where).</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static (Network<T> Network, Trainer<T> Trainer) Load<T>(Stream stream, ModelLoadOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        options ??= ModelLoadOptions.Default;
        var bytes = FileAccessHelpers.ReadBounded(stream, options.MaxBytes);
        var (network, trainer) = ModelDocument.Read<T>(bytes, options, checkpoint: true);
        return (network, trainer!);
    }

    /// <summary>Reads a checkpoint from a file.</summary>
    /// <typeparam name="T">The element type the file must hold.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits and checks (default <see cref="ModelLoadOptions.Default"/>).</param>
    /// <returns>The network and a trainer that continues its training.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid checkpoint (the message says what and where).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static (Network<T> Network, Trainer<T> Trainer) Load<T>(string path, ModelLoadOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = FileAccessHelpers.OpenRead(path);
        return Load<T>(stream, options);
    }
}
