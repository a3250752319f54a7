using System.Text.Json;

namespace Backprop;

/// <summary>
/// Reads a part's settings from its JSON object: the object holds exactly <c>kind</c>, the settings its built-in
/// kind declares and the members the caller adds; each value is checked for its type here, and for its range by the
/// part's constructor and setters, whose refusal becomes a <see cref="ModelFormatException"/> at the setting's path.
/// </summary>
internal sealed class SettingsJsonReader : ISettingsReader
{
    private readonly PartKind _kind;

    private SettingsJsonReader(StrictJsonObject members, PartKind kind)
    {
        Members = members;
        _kind = kind;
    }

    /// <summary>The part's object (for the members the caller added).</summary>
    public StrictJsonObject Members { get; }

    /// <summary>Reads the <c>kind</c> of a part's object, finds it among the built-in kinds, and checks the object's members.</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Its JSON path.</param>
    /// <param name="registry">The built-in kinds of the part's family.</param>
    /// <param name="family">The family for messages ("optimizer", "schedule").</param>
    /// <param name="more">Members besides <c>kind</c> and the settings.</param>
    /// <exception cref="ModelFormatException">The object, its kind or its members are wrong.</exception>
    public static (TKind Kind, SettingsJsonReader Settings) Open<TKind>(JsonElement element, string path, KindRegistry<TKind> registry, string family, params string[] more)
        where TKind : PartKind
    {
        // The kind comes first: the other members depend on it.
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException(path, $"expected an object but found {StrictJsonObject.Describe(element.ValueKind)}.");
        }

        if (!element.TryGetProperty("kind", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException($"{path}.kind", "the required string member \"kind\" is missing.");
        }

        var text = name.GetString()!;
        var kind = registry.Find(text)
            ?? throw new ModelFormatException($"{path}.kind", $"unknown {family} \"{(text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text)}\"; expected one of {registry.Names}.");
        return (kind, new SettingsJsonReader(StrictJsonObject.Read(element, path, ["kind", .. kind.Settings, .. more]), kind));
    }

    /// <summary>Builds the part from these settings.</summary>
    /// <exception cref="ModelFormatException">A setting is missing, of the wrong type, or refused by the part.</exception>
    public TPart Build<TPart>(Func<ISettingsReader, TPart> build)
    {
        try
        {
            return build(this);
        }
        catch (ArgumentException exception)
        {
            var setting = _kind.Settings.FirstOrDefault(name => string.Equals(name, exception.ParamName, StringComparison.OrdinalIgnoreCase));
            throw new ModelFormatException(setting is null ? Members.Path : Members.PathOf(setting), Problem(exception), exception);
        }
    }

    /// <inheritdoc />
    public double Number(string name) => Members.Number(Declared(name));

    /// <inheritdoc />
    public long Integer(string name) => Members.Integer(Declared(name), long.MinValue, long.MaxValue);

    /// <inheritdoc />
    public int Int32(string name) => Members.Int32(Declared(name), int.MinValue, int.MaxValue);

    /// <inheritdoc />
    public bool Boolean(string name) => Members.Boolean(Declared(name));

    /// <inheritdoc />
    public double? OptionalNumber(string name) => Members.NullableNumber(Declared(name));

    /// <inheritdoc />
    public LearningRateSchedule? OptionalSchedule(string name) => Members.IsNull(Declared(name)) ? null : Schedule(name);

    /// <inheritdoc />
    public LearningRateSchedule Schedule(string name)
    {
        var (kind, settings) = Open(Members.Expect(Declared(name), JsonValueKind.Object), Members.PathOf(name), KindRegistry<ScheduleKind>.BuiltIn, "schedule");
        return settings.Build(kind.Read);
    }

    /// <summary>The exception's message without the parameter name and value that .NET appends (the path says where).</summary>
    private static string Problem(ArgumentException exception)
    {
        var message = exception.Message;
        var appended = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return appended < 0 ? message : message[..appended];
    }

    private string Declared(string name)
        => _kind.Settings.Contains(name) ? name : throw new InvalidOperationException($"The {_kind.Name} kind reads the setting \"{name}\", which it does not declare.");
}
