using System.Numerics;

namespace Backprop;

/// <summary>
/// A network together with its <see cref="Trainer{T}"/> (settings, run state, and the optimizer with its settings,
/// schedule and running state: moments, velocities, L-BFGS pairs, Rprop step sizes) and the dropout masks' random
/// state, saved so that training resumes exactly where it stopped.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <example>
/// <code>
/// trainer.Fit(network, inputs, targets);                         // say 2 epochs
/// new Checkpoint&lt;double&gt;(network, trainer).Save("run.ckpt.json");
/// // … later, in another process …
/// var checkpoint = Checkpoint&lt;double&gt;.Load("run.ckpt.json");
/// checkpoint.Trainer.Fit(checkpoint.Network, inputs, targets);   // epochs 3 and 4
/// </code>
/// </example>
/// <remarks>
/// <para>
/// <b>What "resume" means.</b> A checkpoint saved after <c>Fit</c> returns (an epoch boundary) and loaded into a new
/// process continues the same run, exactly as calling <c>Fit</c> again on the saved trainer would: the restored
/// trainer shuffles as the following epochs of the saved run, the optimizer starts from the saved moments, and
/// schedules and bias corrections see the saved step count. With the same data, training the restored trainer for
/// <c>k</c> epochs gives bit for bit the weights of a run that had been given <c>k</c> more epochs.
/// </para>
/// <para>
/// <b>Limits.</b> Only built-in activations, losses, optimizers and schedules can be saved. A checkpoint saved in
/// the middle of an epoch (from a progress report) resumes at the start of the next epoch's shuffle. A save while
/// another thread trains the network throws <see cref="InvalidOperationException"/> and writes nothing.
/// </para>
/// <para>
/// Loading validates like <see cref="Network{T}.Load(string, ModelLoadOptions?)"/> and throws only <see cref="ModelFormatException"/> for bad
/// content: every setting by its setter's rule, the optimizer's state by its own rules, and the run's counters within
/// <see cref="TrainingState"/>'s limits. Resuming at any epoch costs one shuffle (see <see cref="Trainer{T}.Seed"/>).
/// </para>
/// </remarks>
public sealed class Checkpoint<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Pairs a network with the trainer that trains it.</summary>
    /// <param name="network">The network being trained.</param>
    /// <param name="trainer">Its trainer.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Checkpoint(Network<T> network, Trainer<T> trainer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(trainer);
        Network = network;
        Trainer = trainer;
    }

    /// <summary>The network.</summary>
    public Network<T> Network { get; }

    /// <summary>The trainer that continues its training.</summary>
    public Trainer<T> Trainer { get; }

    /// <summary>Splits the checkpoint into its network and trainer: <c>var (network, trainer) = Checkpoint&lt;double&gt;.Load(path);</c>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="trainer">The trainer.</param>
    public void Deconstruct(out Network<T> network, out Trainer<T> trainer)
    {
        network = Network;
        trainer = Trainer;
    }

    /// <summary>Writes the checkpoint to a file atomically (temporary file in the same folder, flushed, then renamed over <paramref name="path"/>).</summary>
    /// <param name="path">The file to create or replace; a failed save leaves the previous file intact.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException">An activation, the loss, the optimizer or its schedule is not built in.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or its outputs for an input of all zeros or all ones are not finite (the file would not load); nothing was written.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path) => ModelFiles.Save(Network, Trainer, path);

    /// <summary>Writes the checkpoint to a stream (left open; not atomic).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="NotSupportedException">An activation, the loss, the optimizer or its schedule is not built in.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or its outputs for an input of all zeros or all ones are not finite (the file would not load); nothing was written.</exception>
    public void Save(Stream stream) => ModelFiles.Save(Network, Trainer, stream);

    /// <summary>Writes the checkpoint to a file atomically, as <see cref="Save(string)"/>, with options (a signing key).</summary>
    /// <param name="path">The file to create or replace; a failed save leaves the previous file intact.</param>
    /// <param name="options">How to save: <see cref="ModelSaveOptions.SigningKey"/> signs the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException">An activation, the loss, the optimizer or its schedule is not built in.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or a value or setting is not finite; nothing was written.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelFiles.Save(Network, Trainer, path, options: options);
    }

    /// <summary>Writes the checkpoint to a stream (left open; not atomic), with options (a signing key).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">How to save: <see cref="ModelSaveOptions.SigningKey"/> signs the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="NotSupportedException">An activation, the loss, the optimizer or its schedule is not built in.</exception>
    /// <exception cref="InvalidOperationException">The network was being trained on another thread, or a value or setting is not finite; nothing was written.</exception>
    public void Save(Stream stream, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelFiles.Save(Network, Trainer, stream, options);
    }

    /// <summary>Reads a checkpoint from a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits and checks (default <see cref="ModelLoadOptions.Default"/>).</param>
    /// <returns>The network and a trainer that continues its training.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid checkpoint (the message says what and where), or (with <see cref="ModelLoadOptions.SigningKey"/>) not signed with the key.</exception>
    /// <exception cref="IOException">The file cannot be read, or the path names a directory, a FIFO, a device or a socket rather than a regular file (refused before it is opened).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static Checkpoint<T> Load(string path, ModelLoadOptions? options = null)
    {
        var (network, trainer) = ModelFiles.Load<T>(path, options, checkpoint: true);
        return new Checkpoint<T>(network, trainer!);
    }

    /// <summary>Reads a checkpoint from the rest of a stream.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Limits and checks (default <see cref="ModelLoadOptions.Default"/>).</param>
    /// <returns>The network and a trainer that continues its training.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid checkpoint (the message says what and where).</exception>
    public static Checkpoint<T> Load(Stream stream, ModelLoadOptions? options = null)
    {
        var (network, trainer) = ModelFiles.Load<T>(stream, options, checkpoint: true);
        return new Checkpoint<T>(network, trainer!);
    }
}
