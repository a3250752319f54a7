using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// The one driver of the element-wise kernels: it walks the operands in 512-bit vectors where the processor has them,
/// then 256-bit vectors and a scalar tail, and applies an <see cref="IElementwiseOperator{T}"/> to each element,
/// storing the results (<see cref="Map{T, TOperator}"/>) or summing them (<see cref="Sum{T, TOperator}"/>).
/// </summary>
/// <remarks>
/// Stores are ordinary ones. <c>TensorPrimitives</c> switches to non-temporal stores above 256 KiB, which pushed a
/// layer's weights out of the cache right before the next forward pass read them (about 40 % of a 784-100-10 step
/// with a batch of 10); the update and scale loops go through this driver to keep them cached.
/// </remarks>
internal static class ElementwiseLoop
{
    /// <summary>
    /// <c>destination[i] = f(x[i], y[i]; s)</c> for every element of <paramref name="destination"/>. The destination may be
    /// <paramref name="x"/> or <paramref name="y"/> itself (in place); otherwise it must not overlap them.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> or <paramref name="y"/> is shorter than the destination.</exception>
    public static void Map<T, TOperator>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T s, Span<T> destination)
        where T : struct, IFloatingPointIeee754<T>
        where TOperator : struct, IElementwiseOperator<T>
    {
        var length = (nuint)destination.Length;
        RequireLength(x, y, length);
        ref var xRef = ref MemoryMarshal.GetReference(x);
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var dRef = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // A layer's 78,400 floats in cache: its check and update 7.4 µs against 10.3 at 256 bits (200K floats, from L3: the same).
            var width = (nuint)Vector512<T>.Count;
            var scalar = Vector512.Create(s);
            for (; i + (2 * width) <= length; i += 2 * width)
            {
                TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i), Vector512.LoadUnsafe(ref yRef, i), scalar).StoreUnsafe(ref dRef, i);
                TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i + width), Vector512.LoadUnsafe(ref yRef, i + width), scalar)
                    .StoreUnsafe(ref dRef, i + width);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var width = (nuint)Vector256<T>.Count;
            var scalar = Vector256.Create(s);
            for (; i + (2 * width) <= length; i += 2 * width)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i), Vector256.LoadUnsafe(ref yRef, i), scalar).StoreUnsafe(ref dRef, i);
                TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i + width), Vector256.LoadUnsafe(ref yRef, i + width), scalar)
                    .StoreUnsafe(ref dRef, i + width);
            }

            for (; i + width <= length; i += width)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i), Vector256.LoadUnsafe(ref yRef, i), scalar).StoreUnsafe(ref dRef, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dRef, i) = TOperator.Invoke(Unsafe.Add(ref xRef, i), Unsafe.Add(ref yRef, i), s);
        }
    }

    /// <summary>
    /// <c>Σᵢ f(x[i], y[i]; s)</c> over every element of <paramref name="x"/>, in four independent vector sums (so the loop
    /// runs at the speed of its loads rather than of one chain of additions), then the scalar tail.
    /// </summary>
    /// <remarks>
    /// The order of the additions follows the widest vectors the processor has (512 or 256 bits), so a sum of many
    /// elements can differ in its last bits between processors; on one processor it is always the same.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="y"/> is shorter than <paramref name="x"/>.</exception>
    public static T Sum<T, TOperator>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T s)
        where T : struct, IFloatingPointIeee754<T>
        where TOperator : struct, IElementwiseOperator<T>
    {
        var sum = T.Zero;
        var length = (nuint)x.Length;
        RequireLength(x, y, length);
        ref var xRef = ref MemoryMarshal.GetReference(x);
        ref var yRef = ref MemoryMarshal.GetReference(y);
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && length >= (nuint)Vector512<T>.Count)
        {
            var width = (nuint)Vector512<T>.Count;
            var scalar = Vector512.Create(s);
            var sum0 = Vector512<T>.Zero;
            var sum1 = Vector512<T>.Zero;
            var sum2 = Vector512<T>.Zero;
            var sum3 = Vector512<T>.Zero;
            for (; i + (4 * width) <= length; i += 4 * width)
            {
                sum0 += TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i), Vector512.LoadUnsafe(ref yRef, i), scalar);
                sum1 += TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i + width), Vector512.LoadUnsafe(ref yRef, i + width), scalar);
                sum2 += TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i + (2 * width)), Vector512.LoadUnsafe(ref yRef, i + (2 * width)), scalar);
                sum3 += TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i + (3 * width)), Vector512.LoadUnsafe(ref yRef, i + (3 * width)), scalar);
            }

            for (; i + width <= length; i += width)
            {
                sum0 += TOperator.Invoke(Vector512.LoadUnsafe(ref xRef, i), Vector512.LoadUnsafe(ref yRef, i), scalar);
            }

            sum = Vector512.Sum((sum0 + sum1) + (sum2 + sum3));
        }
        else if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<T>.Count)
        {
            var width = (nuint)Vector256<T>.Count;
            var scalar = Vector256.Create(s);
            var sum0 = Vector256<T>.Zero;
            var sum1 = Vector256<T>.Zero;
            var sum2 = Vector256<T>.Zero;
            var sum3 = Vector256<T>.Zero;
            for (; i + (4 * width) <= length; i += 4 * width)
            {
                sum0 += TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i), Vector256.LoadUnsafe(ref yRef, i), scalar);
                sum1 += TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i + width), Vector256.LoadUnsafe(ref yRef, i + width), scalar);
                sum2 += TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i + (2 * width)), Vector256.LoadUnsafe(ref yRef, i + (2 * width)), scalar);
                sum3 += TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i + (3 * width)), Vector256.LoadUnsafe(ref yRef, i + (3 * width)), scalar);
            }

            for (; i + width <= length; i += width)
            {
                sum0 += TOperator.Invoke(Vector256.LoadUnsafe(ref xRef, i), Vector256.LoadUnsafe(ref yRef, i), scalar);
            }

            sum = Vector256.Sum((sum0 + sum1) + (sum2 + sum3));
        }

        for (; i < length; i++)
        {
            sum += TOperator.Invoke(Unsafe.Add(ref xRef, i), Unsafe.Add(ref yRef, i), s);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RequireLength<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, nuint length)
    {
        if ((nuint)x.Length < length || (nuint)y.Length < length)
        {
            ThrowShorter(x.Length, y.Length, length);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowShorter(int x, int y, nuint length)
        => throw new ArgumentException($"The operands ({x} and {y} elements) are shorter than the {length} elements the operation covers.");
}
