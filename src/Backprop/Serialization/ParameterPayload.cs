using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// Arrays of parameters as the files hold them: base64 of the little-endian IEEE 754 bytes (4 per float32,
/// 8 per float64), so every value, NaN payloads and signed zeros included, comes back bit for bit.
/// </summary>
internal static class ParameterPayload
{
    /// <summary>The file's name of an element type: <c>"float32"</c> or <c>"float64"</c>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static string ElementTypeName<T>()
        => typeof(T) == typeof(float) ? "float32"
        : typeof(T) == typeof(double) ? "float64"
        : throw new NotSupportedException($"Only float and double networks can be saved and loaded; {typeof(T).Name} is not supported.");

    /// <summary>The values handed to base64 at a time: a multiple of 3 bytes for both element sizes, so segments join without padding.</summary>
    private const int ChunkValues = 3 * 1024;

    /// <summary>Writes the values as a base64 string.</summary>
    /// <exception cref="InvalidOperationException">A value is NaN or infinite: the file would not load, so nothing is written.</exception>
    public static void Write<T>(Utf8JsonWriter writer, string name, ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
        => Write(writer, name, values, PayloadLayout.Contiguous(values.Length));

    /// <summary>
    /// Writes the values of <paramref name="memory"/> in the file's order of <paramref name="layout"/> as a base64
    /// string, a chunk at a time: no copy of the whole payload is made, whatever the order in memory.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is NaN or infinite: the file would not load, so nothing is written.</exception>
    public static void Write<T>(Utf8JsonWriter writer, string name, ReadOnlySpan<T> memory, PayloadLayout layout)
        where T : struct, IFloatingPointIeee754<T>
        => Write(writer, name, memory, null, layout);

    /// <summary>As <see cref="Write{T}(Utf8JsonWriter, string, ReadOnlySpan{T}, PayloadLayout)"/>, from one array per segment of <paramref name="layout"/>.</summary>
    /// <exception cref="InvalidOperationException">A value is NaN or infinite: the file would not load, so nothing is written.</exception>
    public static void Write<T>(Utf8JsonWriter writer, string name, T[][] segments, PayloadLayout layout)
        where T : struct, IFloatingPointIeee754<T>
        => Write(writer, name, [], segments, layout);

    private static void Write<T>(Utf8JsonWriter writer, string name, ReadOnlySpan<T> memory, T[][]? segments, PayloadLayout layout)
        where T : struct, IFloatingPointIeee754<T>
    {
#if NET10_0_OR_GREATER
        var chunk = ArrayPool<T>.Shared.Rent(ChunkValues);
        try
        {
            writer.WritePropertyName(name);
            var start = 0;
            do
            {
                var n = Math.Min(ChunkValues, layout.Count - start);
                var values = chunk.AsSpan(0, n);
                Gather(layout, memory, segments, start, values);
                RequireFinite<T>(values, start, name);
                if (!BitConverter.IsLittleEndian)
                {
                    ReverseEachElement<T>(MemoryMarshal.AsBytes(values));
                }

                start += n;
                writer.WriteBase64StringSegment(MemoryMarshal.AsBytes(values), isFinalSegment: start == layout.Count);
                writer.Flush(); // a chunk at a time: the writer never buffers the whole payload
            }
            while (start < layout.Count);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(chunk);
        }
#else
        var values = new T[layout.Count];
        Gather(layout, memory, segments, 0, values);
        RequireFinite<T>(values, 0, name);
        writer.WriteBase64String(name, ToLittleEndianBytes<T>(values));
#endif
    }

    private static void Gather<T>(PayloadLayout layout, ReadOnlySpan<T> memory, T[][]? segments, int start, Span<T> values)
    {
        if (segments is null)
        {
            layout.Gather(memory, start, values);
        }
        else
        {
            layout.Gather(segments, start, values);
        }
    }

    /// <summary>A copy of the values as little-endian IEEE 754 bytes.</summary>
    public static byte[] ToLittleEndianBytes<T>(ReadOnlySpan<T> values)
        where T : struct
    {
        var bytes = new byte[values.Length * Unsafe.SizeOf<T>()];
        MemoryMarshal.AsBytes(values).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEachElement<T>(bytes);
        }

        return bytes;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> finite values from a base64 string. The declared count is checked
    /// against the payload's length before the values are allocated, so an absurd declaration costs nothing.
    /// </summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="path">Its JSON path, for messages.</param>
    /// <param name="count">The number of values the file declares.</param>
    /// <param name="what">What the values are, for messages (for example "4 neurons × 3 inputs").</param>
    /// <param name="describeIndex">Names the position of a bad value (for example its row and column).</param>
    /// <param name="rule">What each value must also satisfy (for example non-negative), if anything.</param>
    /// <returns>The values, in the order of the payload.</returns>
    public static T[] Read<T>(JsonElement element, string path, long count, string what, Func<long, string>? describeIndex = null, ValueRule<T> rule = default)
        where T : struct, IFloatingPointIeee754<T>
    {
        var values = Allocate<T>(element, path, count, what);
        Decode(element, path, PayloadLayout.Contiguous(values.Length), values, describeIndex, rule);
        return values;
    }

    /// <summary>Reads a <paramref name="rows"/> × <paramref name="columns"/> matrix written row by row into a new column-major array.</summary>
    /// <inheritdoc cref="Read{T}(JsonElement, string, long, string, Func{long, string}?, ValueRule{T})"/>
    public static T[] ReadColumnMajor<T>(JsonElement element, string path, int rows, int columns, string what, Func<long, string>? describeIndex = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        var values = Allocate<T>(element, path, (long)rows * columns, what);
        Decode(element, path, PayloadLayout.Matrix(rows, columns), values, describeIndex, default);
        return values;
    }

    /// <summary>
    /// Reads a parameter vector written in the file's order into a new array in the trainer's order
    /// (<see cref="PayloadLayout.Parameters{T}"/>), every value finite and within <paramref name="rule"/>.
    /// </summary>
    public static T[] ReadParameters<T>(JsonElement element, string path, PayloadLayout layout, string what, ValueRule<T> rule)
        where T : struct, IFloatingPointIeee754<T>
    {
        var values = Allocate<T>(element, path, layout.Count, what);
        Decode(element, path, layout, values, describeIndex: null, rule);
        return values;
    }

    /// <summary>As <see cref="ReadParameters{T}"/>, into one new array per segment of <paramref name="layout"/> (as the optimizers keep their state).</summary>
    public static T[][] ReadParameterSegments<T>(JsonElement element, string path, PayloadLayout layout, string what, ValueRule<T> rule)
        where T : struct, IFloatingPointIeee754<T>
    {
        RequireLength<T>(element, path, layout.Count, what);
        var segments = layout.NewSegments<T>();
        Decode(element, path, layout, [], describeIndex: null, rule, segments);
        return segments;
    }

    /// <summary>Checks the value's kind and the declared count against the payload's length, then allocates the values.</summary>
    private static T[] Allocate<T>(JsonElement element, string path, long count, string what)
        where T : struct, IFloatingPointIeee754<T>
    {
        RequireLength<T>(element, path, count, what);
        return new T[count];
    }

    /// <summary>Checks the value's kind and the declared count against the payload's length.</summary>
    private static void RequireLength<T>(JsonElement element, string path, long count, string what)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException(path, $"expected a base64 string but found {StrictJsonObject.Describe(element.ValueKind)}.");
        }

        var size = Unsafe.SizeOf<T>();
        var payloadBytes = DecodedLength(element);
        if (count > Array.MaxLength / size || payloadBytes != count * size)
        {
            var expected = count <= long.MaxValue / size ? FormattableString.Invariant($"{count * size} bytes") : "more bytes than any file";
            throw payloadBytes < 0
                ? new ModelFormatException(path, "the value is not valid base64.")
                : new ModelFormatException(
                    path,
                    FormattableString.Invariant($"expected {count} {ElementTypeName<T>()} values ({what}), that is {expected}, but the payload holds {payloadBytes} bytes."));
        }

    }

    /// <summary>
    /// Decodes the payload through <paramref name="layout"/> into <paramref name="memory"/>, or into
    /// <paramref name="segments"/> (one array per segment) when given, checking each value in the file's order.
    /// </summary>
    private static void Decode<T>(JsonElement element, string path, PayloadLayout layout, Span<T> memory, Func<long, string>? describeIndex, ValueRule<T> rule, T[][]? segments = null)
        where T : struct, IFloatingPointIeee754<T>
    {
#if NET10_0_OR_GREATER
        if (TryGetUnescapedBase64(element, out var text))
        {
            // Straight from the document's bytes, a chunk at a time: no decoded copy of the whole payload.
            var chunk = ArrayPool<T>.Shared.Rent(ChunkValues);
            try
            {
                var charsPerChunk = ChunkValues * Unsafe.SizeOf<T>() / 3 * 4;
                for (var start = 0; start < layout.Count; start += ChunkValues)
                {
                    var n = Math.Min(ChunkValues, layout.Count - start);
                    var values = chunk.AsSpan(0, n);
                    var chars = text.Slice(start / ChunkValues * charsPerChunk);
                    chars = chars[..Math.Min(chars.Length, charsPerChunk)];
                    var status = Base64.DecodeFromUtf8(chars, MemoryMarshal.AsBytes(values), out _, out var written);
                    if (status != OperationStatus.Done || written != n * Unsafe.SizeOf<T>())
                    {
                        throw new ModelFormatException(path, "the value is not valid base64.");
                    }

                    if (!BitConverter.IsLittleEndian)
                    {
                        ReverseEachElement<T>(MemoryMarshal.AsBytes(values));
                    }

                    Check(values, start, path, describeIndex, rule);
                    Scatter(layout, values, start, memory, segments);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(chunk);
            }

            return;
        }
#endif
        if (!element.TryGetBytesFromBase64(out var bytes) || bytes.Length != layout.Count * Unsafe.SizeOf<T>())
        {
            throw new ModelFormatException(path, "the value is not valid base64.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            ReverseEachElement<T>(bytes);
        }

        var all = MemoryMarshal.Cast<byte, T>(bytes.AsSpan());
        Check(all, 0, path, describeIndex, rule);
        Scatter(layout, all, 0, memory, segments);
    }

    private static void Scatter<T>(PayloadLayout layout, Span<T> values, int start, Span<T> memory, T[][]? segments)
    {
        if (segments is null)
        {
            layout.Scatter(values, start, memory);
        }
        else
        {
            layout.Scatter(values, start, segments);
        }
    }

    /// <summary>Refuses the first value (in the file's order) that is not finite or breaks <paramref name="rule"/>.</summary>
    private static void Check<T>(ReadOnlySpan<T> values, int start, string path, Func<long, string>? describeIndex, ValueRule<T> rule)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                var where = describeIndex?.Invoke(start + i) ?? FormattableString.Invariant($"value {start + i}");
                throw new ModelFormatException(path, FormattableString.Invariant($"{where} is {values[i]}; every value must be finite."));
            }

            if (rule.Holds is { } holds && !holds(values[i]))
            {
                throw new ModelFormatException(path, FormattableString.Invariant($"value {start + i} is {values[i]}; it must be {rule.Description}."));
            }
        }
    }

    /// <summary>Refuses to write a value that is not finite.</summary>
    private static void RequireFinite<T>(ReadOnlySpan<T> values, int start, string name)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new InvalidOperationException(
                    FormattableString.Invariant($"Value {start + i} of \"{name}\" is {values[i]}; a model file holds finite values only (a loader refuses others), so nothing was written."));
            }
        }
    }

    /// <summary>The number of bytes a base64 string decodes to, or −1 when it cannot be base64.</summary>
    private static long DecodedLength(JsonElement element)
    {
#if NET10_0_OR_GREATER
        if (TryGetUnescapedBase64(element, out var text))
        {
            return Base64.IsValid(text, out var length) ? length : -1;
        }
#endif
        return element.TryGetBytesFromBase64(out var bytes) ? bytes.Length : -1;
    }

#if NET10_0_OR_GREATER
    /// <summary>
    /// The string's UTF-8 bytes as they stand in the document, when they hold no escape and no white space (as every
    /// saved file's payloads); otherwise false, and the payload is decoded through a copy.
    /// </summary>
    private static bool TryGetUnescapedBase64(JsonElement element, out ReadOnlySpan<byte> text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        text = raw[1..^1]; // without the quotes
        return text.IndexOfAny("\\ \t\r\n"u8) < 0;
    }
#endif

    private static void ReverseEachElement<T>(Span<byte> bytes)
        where T : struct
    {
        if (Unsafe.SizeOf<T>() == 4)
        {
            var words = MemoryMarshal.Cast<byte, uint>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else
        {
            var words = MemoryMarshal.Cast<byte, ulong>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
