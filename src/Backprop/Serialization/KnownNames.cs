using System.Numerics;

namespace Backprop;

/// <summary>
/// The fixed tables that turn the names in a file into the library's built-in activations (the entries the activation
/// types declare, <see cref="Activation{T}.BuiltInKinds"/>) and losses. Nothing else can be named: a file never chooses
/// a type to instantiate.
/// </summary>
internal static class KnownNames
{
    /// <summary>The loss names a file may give, for messages.</summary>
    public const string LossList = "squared-error, mean-squared-error, binary-cross-entropy, categorical-cross-entropy";

    /// <summary>The activation names a file may give, for messages (each built-in activation says its own).</summary>
    public static string ActivationList<T>()
        where T : struct, IFloatingPointIeee754<T>
        => ActivationKind<T>.List;

    /// <summary>
    /// The built-in activation with this exact (canonical) name, or null; <paramref name="problem"/> then says what is
    /// wrong with a known activation's parameter (out of range, or not representable in <typeparamref name="T"/>).
    /// </summary>
    public static Activation<T>? FindActivation<T>(string name, out string? problem)
        where T : struct, IFloatingPointIeee754<T>
        => ActivationKind<T>.Find(name, out problem);

    /// <summary>True when the activation is a built-in one that <see cref="FindActivation{T}"/> gives back.</summary>
    public static bool IsBuiltIn<T>(Activation<T> activation)
        where T : struct, IFloatingPointIeee754<T>
        => FindActivation<T>(activation.Name, out _) is { } found && found.GetType() == activation.GetType();

    /// <summary>The built-in loss with this name, or null.</summary>
    public static Loss<T>? FindLoss<T>(string name)
        where T : struct, IFloatingPointIeee754<T>
        => name switch
        {
            "squared-error" => Loss<T>.SquaredError,
            "mean-squared-error" => Loss<T>.MeanSquaredError,
            "binary-cross-entropy" => Loss<T>.BinaryCrossEntropy,
            "categorical-cross-entropy" => Loss<T>.CategoricalCrossEntropy,
            _ => null,
        };

    /// <summary>True when the loss is a built-in one.</summary>
    public static bool IsBuiltIn<T>(Loss<T> loss)
        where T : struct, IFloatingPointIeee754<T>
        => FindLoss<T>(loss.Name) is { } found && found.GetType() == loss.GetType();
}
