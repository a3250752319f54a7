using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// One element-wise operation <c>f(x, y; s)</c> of two operands and a scalar, for <see cref="ElementwiseLoop"/>: a tiny
/// struct with a scalar form and a form for each vector width (the operator structs of <c>System.Numerics.Tensors.TensorPrimitives</c>).
/// The loop is generic over the struct, so the JIT compiles one copy per operation with the operation inlined.
/// </summary>
/// <remarks>
/// Both forms do the same operations in the same order, so an element's value does not depend on whether it falls
/// in the vector body or the scalar tail. An operation of one operand ignores <c>y</c> (its callers pass <c>x</c>
/// again), one without a scalar ignores <c>s</c>.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IElementwiseOperator<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary><c>f(x, y; s)</c> for one element.</summary>
    static abstract T Invoke(T x, T y, T s);

    /// <summary><c>f(x, y; s)</c> for each element of a vector (<paramref name="s"/> broadcast).</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y, Vector256<T> s);

    /// <summary><c>f(x, y; s)</c> for each element of a 512-bit vector (<paramref name="s"/> broadcast).</summary>
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y, Vector512<T> s);
}
