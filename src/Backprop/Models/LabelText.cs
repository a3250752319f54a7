using System.Globalization;

namespace Backprop;

/// <summary>
/// How a label type is written in a model file: its type name (<c>string</c>, <c>boolean</c>, <c>int32</c>,
/// <c>int64</c>, <c>enum:Full.Name</c>) and each label as invariant text; and parsing it back, from a model file or a CSV cell.
/// </summary>
/// <typeparam name="TLabel">The label type.</typeparam>
internal static class LabelText<TLabel>
    where TLabel : notnull
{
    /// <summary>The type's name in model files, or null when labels of this type cannot be written as text.</summary>
    public static string? TypeName { get; } =
        typeof(TLabel) == typeof(string) ? "string"
        : typeof(TLabel) == typeof(bool) ? "boolean"
        : typeof(TLabel) == typeof(int) ? "int32"
        : typeof(TLabel) == typeof(long) ? "int64"
        : typeof(TLabel).IsEnum ? $"enum:{typeof(TLabel).FullName}"
        : null;

    /// <summary>The label as invariant text.</summary>
    public static string Format(TLabel label) => label switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => label.ToString() ?? string.Empty,
    };

    /// <summary>Parses invariant text as a label; false when it is not one.</summary>
    public static bool TryParse(string text, out TLabel label)
    {
        object? value = null;
        if (typeof(TLabel) == typeof(string))
        {
            value = text;
        }
        else if (typeof(TLabel) == typeof(bool))
        {
            value = text switch
            {
                "true" or "True" or "TRUE" or "1" => true,
                "false" or "False" or "FALSE" or "0" => false,
                _ => null,
            };
        }
        else if (typeof(TLabel) == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
        }
        else if (typeof(TLabel) == typeof(long) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
        }
        else if (typeof(TLabel).IsEnum && Enum.TryParse(typeof(TLabel), text, ignoreCase: false, out var e) && Enum.IsDefined(typeof(TLabel), e!))
        {
            value = e;
        }

        label = value is TLabel typed ? typed : default!;
        return value is not null;
    }
}
