using System.Numerics;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// The <c>optimizer</c> object of a checkpoint: its kind, its settings and its state. The optimizer writes and reads
/// these itself, through neutral writers and readers; this class only frames them. A file can name only the kinds
/// in <see cref="KindRegistry{TKind}"/>, the built-in ones.
/// </summary>
internal static class OptimizerCodec
{
    /// <summary>Throws <see cref="NotSupportedException"/> unless the optimizer and its schedule are built in.</summary>
    public static void EnsureSupported<T>(Optimizer<T> optimizer)
        where T : struct, IFloatingPointIeee754<T>
    {
        using var json = new Utf8JsonWriter(Stream.Null);
        json.WriteStartObject();
        WriteKindAndSettings(json, optimizer);
    }

    /// <summary>Writes the optimizer object: kind, settings, then state (null before the first step).</summary>
    public static void Write<T>(Utf8JsonWriter json, Optimizer<T> optimizer, IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, IFloatingPointIeee754<T>
    {
        json.WriteStartObject();
        WriteKindAndSettings(json, optimizer);
        if (optimizer.HasState)
        {
            json.WriteStartObject("state");
            optimizer.WriteState(new StateJsonWriter<T>(json, layers));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("state");
        }

        json.WriteEndObject();
    }

    /// <summary>Reads and validates an optimizer object, giving the optimizer with its state restored.</summary>
    /// <exception cref="ModelFormatException">Anything about the object is wrong.</exception>
    public static Optimizer<T> Read<T>(JsonElement element, string path, IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (kind, settings) = SettingsJsonReader.Open(element, path, KindRegistry<OptimizerKind>.BuiltIn, "optimizer", "state");
        var optimizer = settings.Build(kind.Read<T>);
        if (!settings.Members.IsNull("state"))
        {
            var state = new StateJsonReader<T>(settings.Members["state"], settings.Members.PathOf("state"), layers);
            optimizer.ReadState(state);
            state.Complete();
        }

        return optimizer;
    }

    /// <summary>The lengths of the parameter segments of a network's layers (per layer: weights, then biases if present).</summary>
    public static int[] SegmentLengths<T>(IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, IFloatingPointIeee754<T>
        => PayloadLayout.Parameters(layers).SegmentLengths;

    /// <summary>A parameter vector as one new array per segment of these lengths.</summary>
    public static T[][] Split<T>(ReadOnlySpan<T> vector, IReadOnlyList<int> segmentLengths)
    {
        var segments = new T[segmentLengths.Count][];
        var offset = 0;
        for (var s = 0; s < segments.Length; s++)
        {
            segments[s] = vector.Slice(offset, segmentLengths[s]).ToArray();
            offset += segmentLengths[s];
        }

        return segments;
    }

    private static void WriteKindAndSettings<T>(Utf8JsonWriter json, Optimizer<T> optimizer)
        where T : struct, IFloatingPointIeee754<T>
        => SettingsJsonWriter.WriteKindAndSettings(
            json,
            KindRegistry<OptimizerKind>.BuiltIn.Require(optimizer, $"The optimizer '{optimizer.Name}' ({optimizer.GetType().Name})"),
            optimizer.WriteSettings);
}
