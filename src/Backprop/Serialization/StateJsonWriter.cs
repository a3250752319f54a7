using System.Numerics;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// Writes an optimizer's state as members of the JSON object being written: counters as numbers, arrays as base64
/// payloads, parameter vectors in the file's order (each layer's weights row by row, as the layers' own).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class StateJsonWriter<T>(Utf8JsonWriter json, IReadOnlyList<DenseLayer<T>> layers) : IStateWriter<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly PayloadLayout _layout = PayloadLayout.Parameters(layers);

    /// <inheritdoc />
    public void Counter(string name, long value) => json.WriteNumber(name, value);

    /// <inheritdoc />
    public void Values(string name, ReadOnlySpan<T> values) => ParameterPayload.Write(json, name, values);

    /// <inheritdoc />
    public void Parameters(string name, ReadOnlySpan<T> vector)
        => ParameterPayload.Write<T>(json, name, vector, _layout);

    /// <inheritdoc />
    public void Parameters(string name, T[][] segments) => ParameterPayload.Write<T>(json, name, segments, _layout);
}
