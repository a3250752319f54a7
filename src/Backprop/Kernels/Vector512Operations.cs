using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// The kernels' operations on <see cref="Vector512{T}"/> (AVX-512F), used when
/// <see cref="Vector512.IsHardwareAccelerated"/>: the runtime reports false on processors where 512-bit
/// instructions would lower the clock, so the 256-bit kernels run there instead.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal readonly struct Vector512Operations<T> : IVectorOperations<Vector512<T>, T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int Count => Vector512<T>.Count;

    /// <inheritdoc />
    public static Vector512<T> Zero => Vector512<T>.Zero;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc />
    public static bool HasMaskedAccess =>
#if NET9_0_OR_GREATER
        Avx512F.IsSupported;
#else
        false;
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<T> LoadFirst(ref T source, int count)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            fixed (float* address = &Unsafe.As<T, float>(ref source))
            {
                return Avx512F.MaskLoad(address, FirstLanes(count).AsSingle(), Vector512<float>.Zero).As<float, T>();
            }
        }

        if (typeof(T) == typeof(double))
        {
            fixed (double* address = &Unsafe.As<T, double>(ref source))
            {
                return Avx512F.MaskLoad(address, FirstLanes(count).AsDouble(), Vector512<double>.Zero).As<double, T>();
            }
        }
#endif

        throw new PlatformNotSupportedException();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void StoreFirst(Vector512<T> value, ref T destination, int count)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            fixed (float* address = &Unsafe.As<T, float>(ref destination))
            {
                Avx512F.MaskStore(address, FirstLanes(count).AsSingle(), value.AsSingle());
                return;
            }
        }

        if (typeof(T) == typeof(double))
        {
            fixed (double* address = &Unsafe.As<T, double>(ref destination))
            {
                Avx512F.MaskStore(address, FirstLanes(count).AsDouble(), value.AsDouble());
                return;
            }
        }
#endif

        throw new PlatformNotSupportedException();
    }

#if NET9_0_OR_GREATER
    /// <summary>All bits set in the first <paramref name="count"/> lanes, clear in the rest: the mask of a partial load or store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();
        }

        return Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
    }
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> addend)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
        }
#else
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return System.Runtime.Intrinsics.X86.Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), addend.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return System.Runtime.Intrinsics.X86.Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), addend.AsDouble()).As<double, T>();
            }
        }
#endif

        return (a * b) + addend;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
}
