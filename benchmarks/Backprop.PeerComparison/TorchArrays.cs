using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>Torch tensors from and to the managed arrays Backprop works on (a copy either way).</summary>
internal static class TorchArrays
{
    public static ScalarType DType<T>()
        => typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : throw new NotSupportedException($"No torch dtype for {typeof(T).Name}.");

    /// <summary>A tensor of the given shape holding a copy of <paramref name="values"/> (row-major).</summary>
    public static Tensor Tensor<T>(T[] values, long[] shape)
        => values switch
        {
            float[] single => tensor(single, shape, ScalarType.Float32),
            double[] @double => tensor(@double, shape, ScalarType.Float64),
            _ => throw new NotSupportedException($"No torch dtype for {typeof(T).Name}."),
        };
}
