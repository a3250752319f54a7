using System.Text.Json;

namespace Backprop;

/// <summary>
/// Writes a part's settings as members of the JSON object being written, and holds the part to its kind's
/// declaration: each setting in its declared place, none left out (a mismatch is a bug in the part, so it throws
/// <see cref="InvalidOperationException"/>).
/// </summary>
internal sealed class SettingsJsonWriter : ISettingsWriter
{
    private readonly Utf8JsonWriter _json;
    private readonly PartKind _kind;
    private int _written;

    private SettingsJsonWriter(Utf8JsonWriter json, PartKind kind)
    {
        _json = json;
        _kind = kind;
    }

    /// <summary>Writes <c>kind</c> and then the part's settings, as members of the object the caller has started.</summary>
    public static void WriteKindAndSettings(Utf8JsonWriter json, PartKind kind, Action<ISettingsWriter> writeSettings)
    {
        json.WriteString("kind", kind.Name);
        var writer = new SettingsJsonWriter(json, kind);
        writeSettings(writer);
        if (writer._written != kind.Settings.Count)
        {
            throw new InvalidOperationException($"The {kind.Name} part wrote {writer._written} of the {kind.Settings.Count} settings its kind declares.");
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The value is NaN or infinite (a file holds finite numbers only).</exception>
    public void Number(string name, double value)
    {
        if (!double.IsFinite(value))
        {
            // Utf8JsonWriter would throw its own ArgumentException; a file could not hold the value anyway.
            throw new InvalidOperationException(
                $"The {_kind.Name} setting \"{name}\" is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a model file holds finite numbers only, so nothing was written.");
        }

        _json.WriteNumber(Next(name), value);
    }

    /// <inheritdoc />
    public void Integer(string name, long value) => _json.WriteNumber(Next(name), value);

    /// <inheritdoc />
    public void Boolean(string name, bool value) => _json.WriteBoolean(Next(name), value);

    /// <inheritdoc />
    public void OptionalNumber(string name, double? value)
    {
        if (value is { } number)
        {
            Number(name, number);
        }
        else
        {
            _json.WriteNull(Next(name));
        }
    }

    /// <inheritdoc />
    public void Schedule(string name, LearningRateSchedule? schedule)
    {
        if (schedule is null)
        {
            _json.WriteNull(Next(name));
            return;
        }

        var kind = KindRegistry<ScheduleKind>.BuiltIn.Require(schedule, $"The learning-rate schedule {schedule.GetType().Name}");
        _json.WriteStartObject(Next(name));
        WriteKindAndSettings(_json, kind, schedule.WriteSettings);
        _json.WriteEndObject();
    }

    private string Next(string name)
    {
        if (_written >= _kind.Settings.Count || _kind.Settings[_written] != name)
        {
            throw new InvalidOperationException(
                $"The {_kind.Name} part wrote the setting \"{name}\" where its kind declares {(_written < _kind.Settings.Count ? $"\"{_kind.Settings[_written]}\"" : "no more")}.");
        }

        _written++;
        return name;
    }
}
