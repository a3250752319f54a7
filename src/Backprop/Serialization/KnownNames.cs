using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The fixed tables that turn the names in a file into the library's built-in activations and losses. Nothing
/// else can be named: a file never chooses a type to instantiate.
/// </summary>
internal static class KnownNames
{
    /// <summary>The names a file may give, for messages.</summary>
    public const string ActivationList = "sigmoid, tanh, relu, identity, softplus, gelu-tanh, softmax, leaky-relu(slope), elu(alpha)";

    /// <summary>The loss names a file may give, for messages.</summary>
    public const string LossList = "squared-error, mean-squared-error, binary-cross-entropy, categorical-cross-entropy";

    /// <summary>The built-in activation with this exact (canonical) name, or null.</summary>
    public static Activation<T>? FindActivation<T>(string name)
        where T : struct, IFloatingPointIeee754<T>
    {
        switch (name)
        {
            case "sigmoid": return Activation<T>.Sigmoid;
            case "tanh": return Activation<T>.Tanh;
            case "relu": return Activation<T>.Relu;
            case "identity": return Activation<T>.Identity;
            case "softplus": return Activation<T>.Softplus;
            case "gelu-tanh": return Activation<T>.Gelu;
            case "softmax": return Activation<T>.Softmax;
        }

        Activation<T>? parametrised = null;
        if (TryParseArgument(name, "leaky-relu(", out var slope) && slope >= 0 && slope < 1)
        {
            parametrised = Activation<T>.LeakyRelu(slope);
        }
        else if (TryParseArgument(name, "elu(", out var alpha) && alpha > 0)
        {
            parametrised = Activation<T>.Elu(alpha);
        }

        // Only the canonical spelling (round-trip number, no spaces) names an activation.
        return parametrised is not null && parametrised.Name == name ? parametrised : null;
    }

    /// <summary>True when the activation is a built-in one that <see cref="FindActivation{T}"/> gives back.</summary>
    public static bool IsBuiltIn<T>(Activation<T> activation)
        where T : struct, IFloatingPointIeee754<T>
        => FindActivation<T>(activation.Name) is { } found && found.GetType() == activation.GetType();

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

    private static bool TryParseArgument(string name, string prefix, out double value)
    {
        value = 0;
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && name.EndsWith(')')
            && double.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }
}
