using System.Numerics;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// Reads an optimizer's state from its JSON object as the optimizer asks for each member: present, of the declared
/// length (so a declared size allocates nothing the file does not hold), finite, and within the optimizer's rule;
/// <see cref="Complete"/> then refuses any member it did not ask for.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class StateJsonReader<T> : IStateReader<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly JsonElement _element;
    private readonly StrictJsonObject _members;
    private readonly PayloadLayout _layout;
    private readonly List<string> _asked = [];
    private readonly HashSet<string> _askedNames = new(StringComparer.Ordinal);

    /// <summary>Opens the state object of an optimizer of a network with these layers.</summary>
    /// <exception cref="ModelFormatException">The element is not an object, or repeats a member.</exception>
    public StateJsonReader(JsonElement element, string path, IReadOnlyList<DenseLayer<T>> layers)
    {
        // Which members belong is the optimizer's to say, member by member: the object is opened allowing those it
        // has (keeping the checks for duplicates and value types), and Complete refuses those never asked for.
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object)
        {
            present.UnionWith(element.EnumerateObject().Select(member => member.Name));
        }

        _members = StrictJsonObject.Read(element, path, [], present);
        _element = element;
        _layout = PayloadLayout.Parameters(layers);
        SegmentLengths = OptimizerCodec.SegmentLengths(layers);
        ParameterCount = SegmentLengths.Sum();
    }

    /// <inheritdoc />
    public IReadOnlyList<int> SegmentLengths { get; }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <inheritdoc />
    public long Counter(string name, long minimum, long maximum) => _members.Integer(Ask(name), minimum, maximum);

    /// <inheritdoc />
    public T[] Values(string name, int count, string what, ValueRule<T> rule = default)
        => ParameterPayload.Read<T>(_members[Ask(name)], _members.PathOf(name), count, what, rule: rule);

    /// <inheritdoc />
    public T[] Parameters(string name, ValueRule<T> rule = default)
        => ParameterPayload.ReadParameters<T>(_members[Ask(name)], _members.PathOf(name), _layout, "one per network parameter", rule);

    /// <inheritdoc />
    public T[][] ParameterSegments(string name, ValueRule<T> rule = default)
        => ParameterPayload.ReadParameterSegments<T>(_members[Ask(name)], _members.PathOf(name), _layout, "one per network parameter", rule);

    /// <inheritdoc />
    public Exception Refuse(string name, string problem) => new ModelFormatException(_members.PathOf(name), problem);

    /// <summary>Refuses the first member the optimizer did not ask for.</summary>
    /// <exception cref="ModelFormatException">The object has a member the optimizer does not keep.</exception>
    public void Complete()
    {
        foreach (var member in _element.EnumerateObject())
        {
            if (!_askedNames.Contains(member.Name))
            {
                var shown = member.Name.Length > 64 ? string.Concat(member.Name.AsSpan(0, 64), "…") : member.Name;
                var expected = _asked.Count == 0 ? "none here" : string.Join(", ", _asked.Select(name => $"\"{name}\""));
                throw new ModelFormatException(_members.Path, $"unknown member \"{shown}\"; expected {expected}.");
            }
        }
    }

    private string Ask(string name)
    {
        if (!_members.Has(name))
        {
            throw new ModelFormatException(_members.Path, $"the required member \"{name}\" is missing.");
        }

        if (_askedNames.Add(name))
        {
            _asked.Add(name);
        }

        return name;
    }
}
