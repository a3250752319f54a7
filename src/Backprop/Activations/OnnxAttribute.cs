namespace Backprop;

/// <summary>An attribute of an ONNX node (see <see cref="IOnnxGraphBuilder.AddNode"/>): a name and an integer, float or string value.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "ONNX's own word for an operator's named setting (AttributeProto); not a .NET attribute.")]
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Value = value;
    }

    /// <summary>The attribute's name as the operator's specification spells it (<c>"alpha"</c>, <c>"axis"</c>).</summary>
    public string Name { get; }

    /// <summary>The value: a <see cref="long"/>, a <see cref="double"/> or a <see cref="string"/>.</summary>
    public object Value { get; }

    /// <summary>An integer attribute (ONNX <c>INT</c>), such as Softmax's <c>axis</c>.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static OnnxAttribute Of(string name, long value) => new(name, value);

    /// <summary>A float attribute (ONNX <c>FLOAT</c>, written as a 32-bit float as ONNX stores it), such as LeakyRelu's <c>alpha</c>.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static OnnxAttribute Of(string name, double value) => new(name, value);

    /// <summary>A string attribute (ONNX <c>STRING</c>, written as UTF-8), such as Gelu's <c>approximate</c>.</summary>
    /// <param name="name">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static OnnxAttribute Of(string name, string value) => new(name, value ?? throw new ArgumentNullException(nameof(value)));

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Name} = {Value}");
}
