using System.Buffers.Binary;
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

    /// <summary>Writes the values as a base64 string.</summary>
    /// <exception cref="InvalidOperationException">A value is NaN or infinite: the file would not load, so nothing is written.</exception>
    public static void Write<T>(Utf8JsonWriter writer, string name, ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new InvalidOperationException(
                    FormattableString.Invariant($"Value {i} of \"{name}\" is {values[i]}; a model file holds finite values only (a loader refuses others), so nothing was written."));
            }
        }

        if (BitConverter.IsLittleEndian)
        {
            writer.WriteBase64String(name, MemoryMarshal.AsBytes(values));
            return;
        }

        writer.WriteBase64String(name, ToLittleEndianBytes(values));
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
    /// <returns>The values, in the order of the payload.</returns>
    public static T[] Read<T>(JsonElement element, string path, long count, string what, Func<long, string>? describeIndex = null)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException(path, $"expected a base64 string but found {StrictJsonObject.Describe(element.ValueKind)}.");
        }

        if (!element.TryGetBytesFromBase64(out var bytes))
        {
            throw new ModelFormatException(path, "the value is not valid base64.");
        }

        var size = Unsafe.SizeOf<T>();
        if (count > Array.MaxLength / size || bytes.Length != count * size)
        {
            var expected = count <= long.MaxValue / size ? FormattableString.Invariant($"{count * size} bytes") : "more bytes than any file";
            throw new ModelFormatException(
                path,
                FormattableString.Invariant($"expected {count} {ElementTypeName<T>()} values ({what}), that is {expected}, but the payload holds {bytes.Length} bytes."));
        }

        if (!BitConverter.IsLittleEndian)
        {
            ReverseEachElement<T>(bytes);
        }

        var values = new T[count];
        bytes.AsSpan().CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                var where = describeIndex?.Invoke(i) ?? $"value {i}";
                throw new ModelFormatException(path, FormattableString.Invariant($"{where} is {values[i]}; every value must be finite."));
            }
        }

        return values;
    }

    /// <summary>Row-major <c>rows × columns</c> from column-major.</summary>
    public static T[] ToRowMajor<T>(ReadOnlySpan<T> columnMajor, int rows, int columns)
    {
        var result = new T[rows * columns];
        for (var j = 0; j < columns; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                result[(i * columns) + j] = columnMajor[(j * rows) + i];
            }
        }

        return result;
    }

    /// <summary>Column-major <c>rows × columns</c> from row-major: the row-major array is the column-major one of the transpose.</summary>
    public static T[] ToColumnMajor<T>(ReadOnlySpan<T> rowMajor, int rows, int columns) => ToRowMajor(rowMajor, columns, rows);

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
