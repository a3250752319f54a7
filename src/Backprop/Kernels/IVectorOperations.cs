using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// The handful of SIMD operations the kernels use, over one vector width. The kernels are generic over an
/// implementing struct, so the JIT compiles one specialised copy per width with every call inlined: one
/// source for <see cref="System.Runtime.Intrinsics.Vector256{T}"/> and
/// <see cref="System.Runtime.Intrinsics.Vector512{T}"/>, no twin code.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IVectorOperations<TVector, T>
    where TVector : struct
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>The all-zero vector.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Loads <see cref="Count"/> elements starting <paramref name="offset"/> elements after <paramref name="source"/>.</summary>
    static abstract TVector Load(ref T source, nuint offset);

    /// <summary>Stores the vector starting <paramref name="offset"/> elements after <paramref name="destination"/>.</summary>
    static abstract void Store(TVector value, ref T destination, nuint offset);

    /// <summary>
    /// True when <see cref="LoadFirst"/> and <see cref="StoreFirst"/> are single masked instructions (AVX, AVX-512F); else
    /// the kernels pass partial tiles through scratch and never call them.
    /// </summary>
    static abstract bool HasMaskedAccess { get; }

    /// <summary>
    /// Loads the first <paramref name="count"/> elements (0 &lt; count &lt; <see cref="Count"/>) after
    /// <paramref name="source"/>, the rest of the vector zero, touching no element after them.
    /// </summary>
    static abstract TVector LoadFirst(ref T source, int count);

    /// <summary>
    /// Stores the first <paramref name="count"/> elements of the vector (0 &lt; count &lt; <see cref="Count"/>) at
    /// <paramref name="destination"/>, touching no element after them.
    /// </summary>
    static abstract void StoreFirst(TVector value, ref T destination, int count);

    /// <summary>A vector with every element equal to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary><c>a·b + addend</c>, one rounding per element (a fused multiply-add).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    /// <summary>The element-wise product.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>The element-wise sum.</summary>
    static abstract TVector Add(TVector a, TVector b);
}
