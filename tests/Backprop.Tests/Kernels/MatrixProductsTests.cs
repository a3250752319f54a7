using Backprop.Kernels;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Kernels;

/// <summary>
/// The three products of backpropagation in <see cref="MatrixProducts"/> against MathNet's own (independent)
/// matrix product on the same column-major data.
/// </summary>
public sealed class MatrixProductsTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 5)]
    [InlineData(20, 33, 10)]
    [InlineData(64, 100, 7)]
    public void Weights_times_activations_is_the_forward_product(int rows, int inner, int batch)
    {
        // Given W (rows × inner) and A (inner × batch)
        var random = new Random(rows + inner + batch);
        var weights = TestData.Uniform(random, rows, inner);
        var activations = TestData.Uniform(random, inner, batch);
        var result = new double[rows * batch];

        // When Z = W·A
        MatrixProducts.WeightsTimesActivations(weights.ToColumnMajorArray(), rows, inner, activations.ToColumnMajorArray(), batch, result, 1);

        // Then Z is MathNet's W * A
        ShouldEqual(result, weights * activations);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 5)]
    [InlineData(20, 33, 10)]
    [InlineData(64, 100, 7)]
    public void Transposed_weights_times_deltas_is_the_backward_product(int rows, int inner, int batch)
    {
        // Given W (rows × inner) and Δ (rows × batch)
        var random = new Random(rows + inner + batch);
        var weights = TestData.Uniform(random, rows, inner);
        var deltas = TestData.Uniform(random, rows, batch);
        var result = new double[inner * batch];

        // When G = Wᵀ·Δ
        MatrixProducts.TransposedWeightsTimesDeltas(weights.ToColumnMajorArray(), rows, inner, deltas.ToColumnMajorArray(), batch, result, 1);

        // Then G is MathNet's Wᵀ * Δ
        ShouldEqual(result, weights.Transpose() * deltas);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 5)]
    [InlineData(20, 33, 10)]
    [InlineData(64, 100, 7)]
    public void Deltas_times_transposed_activations_over_the_batch_size_is_the_mean_weight_gradient(int rows, int inner, int batch)
    {
        // Given Δ (rows × batch) and A (inner × batch)
        var random = new Random(rows + inner + batch);
        var deltas = TestData.Uniform(random, rows, batch);
        var activations = TestData.Uniform(random, inner, batch);
        var result = new double[rows * inner];

        // When G = Δ·Aᵀ / batch (the mean over the batch)
        MatrixProducts.DeltasTimesTransposedActivations(deltas.ToColumnMajorArray(), rows, activations.ToColumnMajorArray(), inner, batch, 1.0 / batch, result, 1);

        // Then G is MathNet's Δ * Aᵀ / batch
        ShouldEqual(result, deltas * activations.Transpose() / batch);
    }

    private static void ShouldEqual(double[] actual, Matrix<double> expected)
    {
        var expectedValues = expected.ToColumnMajorArray();
        actual.Should().HaveCount(expectedValues.Length);
        actual.Zip(expectedValues, (a, e) => Math.Abs(a - e)).Should().OnlyContain(difference => difference <= Tolerance);
    }
}
