namespace Backprop;

/// <summary>
/// What a checkpoint knows about one built-in class of optimizer or schedule: the name a file gives it, the class
/// it stands for, and the settings it writes, in the order it writes them. Each kind lives in its class's own file
/// and joins <see cref="KindRegistry{TKind}"/> with a <see cref="BuiltInKindAttribute"/> there.
/// </summary>
/// <param name="name">The name a file gives the class.</param>
/// <param name="partType">The class (its generic definition for an optimizer).</param>
/// <param name="settings">The members of the part's settings, in order.</param>
internal abstract class PartKind(string name, Type partType, IReadOnlyList<string> settings)
{
    /// <summary>The name a file gives the class (the object's <c>kind</c> member), for example <c>"adam"</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The class this kind saves and builds: exactly it, not a class derived from it (open generic for optimizers).</summary>
    public Type PartType { get; } = partType;

    /// <summary>The members of the part's settings, in the order it writes them; a file holds exactly these.</summary>
    public IReadOnlyList<string> Settings { get; } = settings;
}
