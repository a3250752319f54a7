namespace Backprop.Tests.TestSupport;

/// <summary>Every built-in activation by the name the theories use (the one table of them for the tests).</summary>
internal static class TestActivations
{
    /// <summary>The names <see cref="Named{T}"/> knows: one per built-in activation (leaky ReLU with slope 0.1, ELU with a non-default α of 0.7).</summary>
    public static IReadOnlyList<string> All { get; } =
        ["sigmoid", "tanh", "relu", "leaky-relu", "identity", "softplus", "gelu", "elu", "softmax", "silu"];

    /// <summary>The names in <see cref="All"/> of the element-wise activations (every one but softmax).</summary>
    public static IReadOnlyList<string> Elementwise { get; } = [.. All.Where(name => name != "softmax")];

    /// <summary>The activation of a name in <see cref="All"/>, in float64.</summary>
    public static Activation<double> Named(string name) => Named<double>(name);

    /// <summary>The activation of a name in <see cref="All"/>.</summary>
    public static Activation<T> Named<T>(string name)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => name == "softmax" ? Activation<T>.Softmax : ElementwiseNamed<T>(name);

    /// <summary>The element-wise activation of a name in <see cref="Elementwise"/>.</summary>
    public static ElementwiseActivation<T> ElementwiseNamed<T>(string name)
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
            "silu" => Activation<T>.Silu,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such element-wise activation in the tests."),
        };
}
