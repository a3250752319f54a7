namespace Backprop.Optimizers.Persistence;

/// <summary>
/// What a checkpoint knows about one built-in class of optimizer or schedule: the name a file gives it, the class
/// it stands for, and the settings it writes, in the order it writes them. Each kind lives in its class's own file
/// and joins <see cref="KindRegistry{TKind}"/> with a <see cref="BuiltInKindAttribute"/> there.
/// </summary>
internal abstract class PartKind
{
    /// <summary>The name a file gives the class (the object's <c>kind</c> member), for example <c>"adam"</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The class this kind saves and builds: exactly it, not a class derived from it (open generic for optimizers).</summary>
    public abstract Type PartType { get; }

    /// <summary>The members of the part's settings, in the order it writes them; a file holds exactly these.</summary>
    public abstract IReadOnlyList<string> Settings { get; }
}
