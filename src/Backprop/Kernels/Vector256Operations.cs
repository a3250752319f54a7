using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>The kernels' operations on <see cref="Vector256{T}"/> (AVX2 + FMA).</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal readonly struct Vector256Operations<T> : IVectorOperations<Vector256<T>, T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int Count => Vector256<T>.Count;

    /// <inheritdoc />
    public static Vector256<T> Zero => Vector256<T>.Zero;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc />
    public static bool HasMaskedAccess =>
#if NET9_0_OR_GREATER
        Avx.IsSupported;
#else
        false;
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<T> LoadFirst(ref T source, int count)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            fixed (float* address = &Unsafe.As<T, float>(ref source))
            {
                return Avx.MaskLoad(address, FirstLanes(count).AsSingle()).As<float, T>();
            }
        }

        if (typeof(T) == typeof(double))
        {
            fixed (double* address = &Unsafe.As<T, double>(ref source))
            {
                return Avx.MaskLoad(address, FirstLanes(count).AsDouble()).As<double, T>();
            }
        }
#endif

        throw new PlatformNotSupportedException();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreFirst(Vector256<T> value, ref T destination, int count)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            fixed (float* address = &Unsafe.As<T, float>(ref destination))
            {
                Avx.MaskStore(address, FirstLanes(count).AsSingle(), value.AsSingle());
                return;
            }
        }

        if (typeof(T) == typeof(double))
        {
            fixed (double* address = &Unsafe.As<T, double>(ref destination))
            {
                Avx.MaskStore(address, FirstLanes(count).AsDouble(), value.AsDouble());
                return;
            }
        }
#endif

        throw new PlatformNotSupportedException();
    }

#if NET9_0_OR_GREATER
    /// <summary>All bits set in the first <paramref name="count"/> lanes, clear in the rest: the mask of a partial load or store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).As<int, T>();
        }

        return Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).As<long, T>();
    }
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> addend)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        }
#else
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
            }
        }
#endif

        return (a * b) + addend;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
}
