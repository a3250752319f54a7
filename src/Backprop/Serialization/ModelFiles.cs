using System.Numerics;

namespace Backprop;

/// <summary>
/// Reads and writes model files and checkpoints (the format is described in <c>FORMAT.md</c>) behind
/// <see cref="Network{T}.Save(string)"/>, <see cref="Network{T}.Load(string, ModelLoadOptions?)"/> and
/// <see cref="Checkpoint{T}"/>.
/// </summary>
/// <remarks>
/// A save writes from a consistent state or not at all: the document is made in memory, and if the weights changed
/// meanwhile (training on another thread) the save throws before anything is written.
/// </remarks>
internal static class ModelFiles
{
    public static void Save<T>(Network<T> network, Trainer<T>? trainer, Stream stream, ModelSaveOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = Snapshot(network, trainer, options);
        document.WriteTo(stream);
    }

    public static void Save<T>(Network<T> network, Trainer<T>? trainer, string path, Func<Stream, Stream>? decorate = null, ModelSaveOptions? options = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using var document = Snapshot(network, trainer, options);
        FileAccessHelpers.WriteAtomically(path, document.WriteTo, decorate);
    }

    public static (Network<T> Network, Trainer<T>? Trainer) Load<T>(Stream stream, ModelLoadOptions? options, bool checkpoint)
        where T : struct, IFloatingPointIeee754<T>
    {
        options ??= ModelLoadOptions.Default;
        var bytes = FileAccessHelpers.ReadBounded(stream, options.MaxBytes);
        return ModelDocument.Read<T>(bytes, options, checkpoint);
    }

    public static (Network<T> Network, Trainer<T>? Trainer) Load<T>(string path, ModelLoadOptions? options, bool checkpoint)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var stream = FileAccessHelpers.OpenRead(path);
        return Load<T>(stream, options, checkpoint);
    }

    private static MemoryStream Snapshot<T>(Network<T> network, Trainer<T>? trainer, ModelSaveOptions? options)
        where T : struct, IFloatingPointIeee754<T>
    {
        var version = network.Guard.ReadVersion();
        var document = new MemoryStream();
        ModelDocument.Write(document, network, trainer, options?.Key);
        if (!network.Guard.Unchanged(version))
        {
            document.Dispose();
            throw new InvalidOperationException(
                "The network's weights changed while it was being saved (it is being trained on another thread); nothing was written. Save between training calls, or from a progress report.");
        }

        document.Position = 0;
        return document;
    }
}
