using System.Numerics;

namespace Backprop;

/// <summary>
/// A built-in element-wise activation's span forms as the static methods of a struct, for the kernels generic over it
/// (<see cref="SmallLayerKernel{T, TActivation}"/>): the JIT calls them directly, with no virtual call and no shape
/// checks. The activation's class calls the same methods after its checks, so both paths compute the same bits.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IActivationOperator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary><c>a = f(z)</c> element by element; the spans have the same length (they may be the same memory).</summary>
    static abstract void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations);

    /// <summary><c>g ← g ⊙ f′(z)</c> element by element, from z or from <c>a = f(z)</c>; the spans have the same length.</summary>
    static abstract void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient);
}
