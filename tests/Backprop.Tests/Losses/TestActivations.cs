
namespace Backprop.Tests.Losses;

/// <summary>Every built-in activation by the name the theories of the loss, dropout and initialiser tests use.</summary>
internal static class TestActivations
{
    /// <summary>The names <see cref="Named"/> knows: one per built-in activation (ELU with a non-default α of 0.7).</summary>
    public static IReadOnlyList<string> All { get; } =
        ["sigmoid", "tanh", "relu", "leaky-relu", "identity", "softplus", "gelu", "elu", "softmax", "silu"];

    /// <summary>The element-wise ones among <see cref="All"/> (every one but softmax).</summary>
    public static IReadOnlyList<string> Elementwise { get; } = [.. All.Where(name => name != "softmax")];

    /// <summary>The activation of a name in <see cref="All"/>.</summary>
    public static Activation<double> Named(string name) => Named<double>(name);

    /// <summary>The activation of a name in <see cref="All"/>, in either element type.</summary>
    public static Activation<T> Named<T>(string name)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => name switch
        {
            "sigmoid" => Activation<T>.Sigmoid,
            "tanh" => Activation<T>.Tanh,
            "relu" => Activation<T>.Relu,
            "leaky-relu" => Activation<T>.LeakyRelu(0.1),
            "identity" => Activation<T>.Identity,
            "softplus" => Activation<T>.Softplus,
            "gelu" => Activation<T>.Gelu,
            "elu" => Activation<T>.Elu(0.7),
            "softmax" => Activation<T>.Softmax,
            "silu" => Activation<T>.Silu,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such activation in the tests."),
        };
}
