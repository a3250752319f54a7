using System.Reflection;

namespace Backprop;

/// <summary>
/// The built-in kinds of one family (optimizers or schedules), as contributed by the <see cref="BuiltInKindAttribute"/>s
/// of this assembly: the only classes a checkpoint can name, looked up by name when reading and by class when writing.
/// </summary>
/// <typeparam name="TKind"><see cref="OptimizerKind"/> or <see cref="ScheduleKind"/>.</typeparam>
internal sealed class KindRegistry<TKind>
    where TKind : PartKind
{
    private readonly Dictionary<string, TKind> _byName;
    private readonly Dictionary<Type, TKind> _byType;

    private KindRegistry(IEnumerable<TKind> kinds)
    {
        var all = kinds.OrderBy(kind => kind.Name, StringComparer.Ordinal).ToList();
        _byName = all.ToDictionary(kind => kind.Name, StringComparer.Ordinal);
        _byType = all.ToDictionary(kind => kind.PartType);
        Names = string.Join(", ", all.Select(kind => kind.Name));
    }

    /// <summary>The built-in kinds of the family.</summary>
    public static KindRegistry<TKind> BuiltIn { get; } = new(
        typeof(TKind).Assembly.GetCustomAttributes<BuiltInKindAttribute>()
            .Where(attribute => typeof(TKind).IsAssignableFrom(attribute.Kind))
            .Select(attribute => (TKind)Activator.CreateInstance(attribute.Kind)!));

    /// <summary>The kinds' names in ordinal order, comma-separated (for messages).</summary>
    public string Names { get; }

    /// <summary>The kind a file names, or null when no built-in class has that name.</summary>
    public TKind? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The kind of a part, or null when its class is not built in (a user's class, or one derived from a built-in).</summary>
    public TKind? Of(object part)
    {
        var type = part.GetType();
        return _byType.GetValueOrDefault(type.IsGenericType ? type.GetGenericTypeDefinition() : type);
    }

    /// <summary>The kind of a part that is to be saved.</summary>
    /// <param name="part">The optimizer or schedule.</param>
    /// <param name="description">The part for the message, for example "The optimizer 'halving' (HalvingOptimizer)".</param>
    /// <exception cref="NotSupportedException">The part's class is not built in.</exception>
    public TKind Require(object part, string description)
        => Of(part) ?? throw new NotSupportedException($"{description} is not built in; a checkpoint can hold only the built-in ones ({Names}).");
}
