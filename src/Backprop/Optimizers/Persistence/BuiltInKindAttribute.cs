using Backprop;
using System.Diagnostics.CodeAnalysis;

namespace Backprop;

/// <summary>
/// Adds a <see cref="PartKind"/> to the built-in kinds that checkpoints may name. Placed, as
/// <c>[assembly: BuiltInKind(typeof(AdamKind))]</c>, in the file of the class the kind stands for, so that adding an
/// optimizer or a schedule touches that one file.
/// </summary>
/// <param name="kind">A class derived from <see cref="PartKind"/> with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class BuiltInKindAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type kind) : Attribute
{
    /// <summary>The kind's class.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type Kind { get; } = kind;
}
