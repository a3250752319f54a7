using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// The three matrix products of backpropagation, on column-major arrays with one column per sample.
/// Each is a <see cref="Gemm"/> call with strides chosen so that no transpose is materialised.
/// </summary>
internal static class MatrixProducts
{
    /// <summary>
    /// Forward: <c>Z = W·A</c>, with W <c>rows×inner</c>, A <c>inner×batch</c> and Z <c>rows×batch</c>.
    /// </summary>
    public static void WeightsTimesActivations<T>(
        T[] weights, int rows, int inner, T[] activations, int batch, T[] result, int maxDegreeOfParallelism)
        where T : struct, IFloatingPointIeee754<T>
        => Gemm.Multiply(rows, batch, inner,
            weights, 0, 1, rows,
            activations, 0, 1, inner,
            result, 0, rows, accumulate: false, maxDegreeOfParallelism);

    /// <summary>
    /// Backward (BP2 before the derivative): <c>G = Wᵀ·Δ</c>, with W <c>rows×inner</c>, Δ <c>rows×batch</c>
    /// and G <c>inner×batch</c>.
    /// </summary>
    public static void TransposedWeightsTimesDeltas<T>(
        T[] weights, int rows, int inner, T[] deltas, int batch, T[] result, int maxDegreeOfParallelism)
        where T : struct, IFloatingPointIeee754<T>
        => Gemm.Multiply(inner, batch, rows,
            weights, 0, rows, 1,
            deltas, 0, 1, rows,
            result, 0, inner, accumulate: false, maxDegreeOfParallelism);

    /// <summary>
    /// Weight gradient (BP4 over the batch): <c>G = scale·Δ·Aᵀ</c>, with Δ <c>rows×batch</c>,
    /// A <c>inner×batch</c> and G <c>rows×inner</c>; a scale of 1/batch gives the mean.
    /// </summary>
    public static void DeltasTimesTransposedActivations<T>(
        T[] deltas, int rows, T[] activations, int inner, int batch, T scale, T[] result, int maxDegreeOfParallelism)
        where T : struct, IFloatingPointIeee754<T>
        => Gemm.Multiply(rows, inner, batch, scale,
            deltas, 0, 1, rows,
            activations, 0, inner, 1,
            result, 0, rows, accumulate: false, maxDegreeOfParallelism);
}
