
namespace Backprop.Tests.Losses;

/// <summary>Every built-in activation by the name the theories of the loss, dropout and initialiser tests use.</summary>
internal static class TestActivations
{
    /// <summary>The names <see cref="Named"/> knows: one per built-in activation (ELU with a non-default α of 0.7).</summary>
    public static IReadOnlyList<string> All { get; } =
        ["sigmoid", "tanh", "relu", "leaky-relu", "identity", "softplus", "gelu", "elu", "softmax", "silu"];

    /// <summary>The activation of a name in <see cref="All"/>.</summary>
    public static Activation<double> Named(string name)
        => name switch
        {
            "sigmoid" => Activation<double>.Sigmoid,
            "tanh" => Activation<double>.Tanh,
            "relu" => Activation<double>.Relu,
            "leaky-relu" => Activation<double>.LeakyRelu(0.1),
            "identity" => Activation<double>.Identity,
            "softplus" => Activation<double>.Softplus,
            "gelu" => Activation<double>.Gelu,
            "elu" => Activation<double>.Elu(0.7),
            "softmax" => Activation<double>.Softmax,
            "silu" => Activation<double>.Silu,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such activation in the tests."),
        };
}
