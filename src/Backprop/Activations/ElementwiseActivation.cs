using System.Numerics;

namespace Backprop;

/// <summary>
/// An activation applied to each neuron on its own, <c>a = f(z)</c>, with its derivative <c>f′(z)</c> beside it.
/// This is the seam for custom element-wise activations: override <see cref="Value"/> and
/// <see cref="Derivative"/>, and, for speed, the span methods.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class ElementwiseActivation<T> : Activation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Computes <c>f(z)</c> for one weighted input.</summary>
    /// <param name="weightedInput">The weighted input <c>z</c>.</param>
    /// <returns>The activation <c>a = f(z)</c>.</returns>
    public abstract T Value(T weightedInput);

    /// <summary>Computes <c>f′(z)</c> for one weighted input.</summary>
    /// <param name="weightedInput">The weighted input <c>z</c>.</param>
    /// <returns>The derivative <c>da/dz</c> at <paramref name="weightedInput"/>.</returns>
    public abstract T Derivative(T weightedInput);

    /// <summary>Computes <c>a = f(z)</c> element by element (the layout does not matter).</summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c>.</param>
    /// <param name="activations">Receives <c>f(z)</c>; the same length as <paramref name="weightedInputs"/>, possibly the same memory.</param>
    /// <param name="neurons">The number of neurons (rows); not needed by an element-wise activation.</param>
    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
    {
        SpanShapes.Activation(weightedInputs.Length, activations.Length, neurons);
        for (var i = 0; i < weightedInputs.Length; i++)
        {
            activations[i] = Value(weightedInputs[i]);
        }
    }

    /// <summary><c>gradient[i] ← gradient[i] · f′(z[i])</c> (the <c>⊙ f′(z)</c> of equations BP1 and BP2).</summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c> of the forward pass.</param>
    /// <param name="activations">The activations <c>f(z)</c> of the same pass.</param>
    /// <param name="gradient">On entry <c>dC/da</c>; on return <c>dC/dz</c>.</param>
    /// <param name="neurons">The number of neurons (rows); not needed by an element-wise activation.</param>
    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
    {
        SpanShapes.Derivative(weightedInputs.Length, activations.Length, gradient.Length, neurons);
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] *= Derivative(weightedInputs[i]);
        }
    }
}
