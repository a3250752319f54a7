using System.Numerics;

namespace Backprop.Activations;

/// <summary>
/// An activation function <c>a = f(z)</c> applied to a layer's weighted input, with its derivative
/// <c>f′(z)</c> beside it. This is the seam for custom activations: derive from it, override
/// <see cref="Value"/> and <see cref="Derivative"/>, and (for speed) the span methods.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The span methods receive whole layers of a mini-batch at once (column-major, one column per sample),
/// so an element-wise activation can treat them as flat arrays.
/// </remarks>
public abstract class Activation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The logistic sigmoid <c>σ(z) = 1 / (1 + e^(−z))</c>; <c>σ′(z) = σ(z)(1 − σ(z))</c>.</summary>
    public static Activation<T> Sigmoid { get; } = new SigmoidActivation<T>();

    /// <summary>The hyperbolic tangent; <c>tanh′(z) = 1 − tanh²(z)</c>.</summary>
    public static Activation<T> Tanh { get; } = new TanhActivation<T>();

    /// <summary>The rectified linear unit <c>max(0, z)</c>; its derivative is taken as 0 at <c>z = 0</c>.</summary>
    public static Activation<T> Relu { get; } = new ReluActivation<T>();

    /// <summary>The identity <c>f(z) = z</c> (a linear output, for regression); <c>f′(z) = 1</c>.</summary>
    public static Activation<T> Identity { get; } = new IdentityActivation<T>();

    /// <summary>The unique name of this activation (for example <c>"sigmoid"</c>), used in messages and saved models.</summary>
    public abstract string Name { get; }

    /// <summary>The leaky rectified linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>slope·z</c> otherwise.</summary>
    /// <param name="slope">The slope for negative inputs; finite and in [0, 1). The common choice is 0.01.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not finite or not in [0, 1).</exception>
    public static Activation<T> LeakyRelu(double slope = 0.01) => new LeakyReluActivation<T>(slope);

    /// <summary>Computes <c>f(z)</c> for one weighted input.</summary>
    /// <param name="weightedInput">The weighted input <c>z</c>.</param>
    /// <returns>The activation <c>a = f(z)</c>.</returns>
    public abstract T Value(T weightedInput);

    /// <summary>Computes <c>f′(z)</c> for one weighted input.</summary>
    /// <param name="weightedInput">The weighted input <c>z</c>.</param>
    /// <returns>The derivative <c>da/dz</c> at <paramref name="weightedInput"/>.</returns>
    public abstract T Derivative(T weightedInput);

    /// <summary>Computes <c>a = f(z)</c> element by element.</summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c>.</param>
    /// <param name="activations">Receives <c>f(z)</c>; the same length as <paramref name="weightedInputs"/>.</param>
    public virtual void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations)
    {
        for (var i = 0; i < weightedInputs.Length; i++)
        {
            activations[i] = Value(weightedInputs[i]);
        }
    }

    /// <summary>
    /// Turns <c>dC/da</c> into <c>δ = dC/dz</c> in place: <c>gradient[i] ← gradient[i] · f′(z[i])</c>
    /// (the <c>⊙ f′(z)</c> of equations BP1 and BP2).
    /// </summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c> of the forward pass.</param>
    /// <param name="activations">The activations <c>f(z)</c> of the same pass (some derivatives are cheaper from them).</param>
    /// <param name="gradient">On entry <c>dC/da</c>; on return <c>dC/dz</c>.</param>
    public virtual void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient)
    {
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= Derivative(weightedInputs[i]);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
