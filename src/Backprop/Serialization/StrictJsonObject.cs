using System.Globalization;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// A JSON object read strictly: every member known, none repeated, the required ones present; each accessor
/// checks the value's kind and range and throws <see cref="ModelFormatException"/> naming the member's path.
/// </summary>
internal sealed class StrictJsonObject
{
    private const int MaxNameLength = 64;

    private readonly Dictionary<string, JsonElement> _members = new(StringComparer.Ordinal);

    private StrictJsonObject(string path) => Path = path;

    /// <summary>The JSON path of this object, for example <c>$.network.layers[0]</c>.</summary>
    public string Path { get; }

    /// <summary>Reads an object whose members are exactly <paramref name="required"/> plus any of <paramref name="optional"/>.</summary>
    public static StrictJsonObject Read(JsonElement element, string path, IReadOnlyCollection<string> required, IReadOnlyCollection<string>? optional = null)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException(path, $"expected an object but found {Describe(element.ValueKind)}.");
        }

        var result = new StrictJsonObject(path);
        foreach (var member in element.EnumerateObject())
        {
            var name = member.Name;
            if (!required.Contains(name) && (optional is null || !optional.Contains(name)))
            {
                var shown = name.Length > MaxNameLength ? string.Concat(name.AsSpan(0, MaxNameLength), "…") : name;
                throw new ModelFormatException(path, $"unknown member \"{shown}\"; expected {string.Join(", ", required.Concat(optional ?? []).Select(n => $"\"{n}\""))}.");
            }

            if (!result._members.TryAdd(name, member.Value))
            {
                throw new ModelFormatException(path, $"the member \"{name}\" appears more than once.");
            }
        }

        foreach (var name in required)
        {
            if (!result._members.ContainsKey(name))
            {
                throw new ModelFormatException(path, $"the required member \"{name}\" is missing.");
            }
        }

        return result;
    }

    /// <summary>The path of a member.</summary>
    public string PathOf(string name) => $"{Path}.{name}";

    /// <summary>True when the member is present (required members always are).</summary>
    public bool Has(string name) => _members.ContainsKey(name);

    /// <summary>The raw value of a member that is present.</summary>
    public JsonElement this[string name] => _members[name];

    /// <summary>True when the member's value is JSON null.</summary>
    public bool IsNull(string name) => _members[name].ValueKind == JsonValueKind.Null;

    /// <summary>A string member of at most <paramref name="maxLength"/> characters.</summary>
    public string String(string name, int maxLength = MaxNameLength)
    {
        var element = Expect(name, JsonValueKind.String);
        var value = element.GetString()!;
        if (value.Length > maxLength)
        {
            throw new ModelFormatException(PathOf(name), $"the string is {value.Length} characters long; at most {maxLength} are allowed here.");
        }

        return value;
    }

    /// <summary>A boolean member.</summary>
    public bool Boolean(string name)
    {
        var element = _members[name];
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelFormatException(PathOf(name), $"expected true or false but found {Describe(element.ValueKind)}."),
        };
    }

    /// <summary>An integer member in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public long Integer(string name, long minimum, long maximum)
    {
        var element = Expect(name, JsonValueKind.Number);
        if (!element.TryGetInt64(out var value))
        {
            throw new ModelFormatException(PathOf(name), $"expected a whole number in [{minimum}, {maximum}] but found {Excerpt(element)}.");
        }

        if (value < minimum || value > maximum)
        {
            throw new ModelFormatException(PathOf(name), $"{value} is out of range; expected a whole number in [{minimum}, {maximum}].");
        }

        return value;
    }

    /// <summary>An integer member in [<paramref name="minimum"/>, <paramref name="maximum"/>] that fits an <see cref="int"/>.</summary>
    public int Int32(string name, int minimum, int maximum) => (int)Integer(name, minimum, maximum);

    /// <summary>A finite number member.</summary>
    public double Number(string name)
    {
        var element = Expect(name, JsonValueKind.Number);
        if (!element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new ModelFormatException(PathOf(name), $"expected a finite number but found {Excerpt(element)}.");
        }

        return value;
    }

    /// <summary>A finite number member, or null.</summary>
    public double? NullableNumber(string name) => IsNull(name) ? null : Number(name);

    /// <summary>A finite number member that satisfies <paramref name="isValid"/>, described by <paramref name="rule"/> in the message.</summary>
    public double Number(string name, Func<double, bool> isValid, string rule)
    {
        var value = Number(name);
        if (!isValid(value))
        {
            throw new ModelFormatException(PathOf(name), $"{value.ToString("R", CultureInfo.InvariantCulture)} is out of range; it must be {rule}.");
        }

        return value;
    }

    /// <summary>An array member with at most <paramref name="maxLength"/> items.</summary>
    public JsonElement Array(string name, int maxLength)
    {
        var element = Expect(name, JsonValueKind.Array);
        var length = element.GetArrayLength();
        if (length > maxLength)
        {
            throw new ModelFormatException(PathOf(name), $"the array has {length} items; at most {maxLength} are allowed.");
        }

        return element;
    }

    /// <summary>The value of a member, checked to be of the given kind.</summary>
    public JsonElement Expect(string name, JsonValueKind kind)
    {
        var element = _members[name];
        if (element.ValueKind != kind)
        {
            throw new ModelFormatException(PathOf(name), $"expected {Describe(kind)} but found {Describe(element.ValueKind)}.");
        }

        return element;
    }

    /// <summary>Describes a JSON value kind for a message.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Excerpt(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length > 32 ? string.Concat(text.AsSpan(0, 32), "…") : text;
    }
}
