using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="ParallelUpdate{T}"/>, the plain gradient step's check and update of a layer's weights on several threads,
/// each on whole twelve-column panels: the same bits as the one-thread update for any thread count, the check finds a
/// non-finite result in any thread's columns, and the check writes nothing.
/// </summary>
public sealed class ParallelUpdateTests
{
    private const int Rows = 100;

    // 790 columns: 66 panels of twelve, the last one of 10, cut 33 + 33 on two threads and 22 + 22 + 22 on three.
    private const int Columns = 790;

    private const double Scale = -0.375;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_update_on_several_threads_has_the_bits_of_the_one_thread_update(int threads)
    {
        // Given weights and a gradient of 100 × 790
        var (weights, gradient) = CreateWeightsAndGradient(new Random(threads));
        var expected = (double[])weights.Clone();
        ElementwiseKernels.AddScaled<double>(expected, gradient, Scale);

        // When the check and the update run on several threads
        var finite = ParallelUpdate<double>.IsFinite(weights, gradient, Rows, Scale, threads, out _);
        ParallelUpdate<double>.Apply(weights, gradient, Rows, Scale, threads);

        // Then every weight has the bits of w + s·g computed on one thread, and the check found them all finite
        finite.Should().BeTrue();
        Bitwise.ShouldEqual(expected, weights, $"the weights updated on {threads} threads");
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(Columns - 1, 2)]
    [InlineData(Columns / 2, 3)]
    [InlineData(Columns - 1, 3)]
    public void The_check_finds_an_overflow_in_any_threads_columns_and_writes_nothing(int column, int threads)
    {
        // Given weights whose update overflows at one element: w = 1e308 in float64 (max ≈ 1.8e308), g = −1e308, s = −0.375 · 10
        var (weights, gradient) = CreateWeightsAndGradient(new Random(column));
        var index = (column * Rows) + (Rows - 1);
        weights[index] = 1e308;
        gradient[index] = -1e308;
        var before = (double[])weights.Clone();

        // When the update is checked on several threads
        var finite = ParallelUpdate<double>.IsFinite(weights, gradient, Rows, Scale * 10, threads, out _);

        // Then the check reports it (1e308 + 3.75e308 is +∞) and no weight changed
        finite.Should().BeFalse($"w + s·g overflows in column {column}");
        Bitwise.ShouldEqual(before, weights, "the weights after the check");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_check_and_update_of_a_float_layer_match_the_one_thread_bits(int threads)
    {
        // Given float32 weights and a gradient of 100 × 790
        var random = new Random(5);
        var weights = new float[Rows * Columns];
        var gradient = new float[Rows * Columns];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((2 * random.NextDouble()) - 1);
            gradient[i] = (float)((2 * random.NextDouble()) - 1);
        }

        var expected = (float[])weights.Clone();
        ElementwiseKernels.AddScaled<float>(expected, gradient, (float)Scale);

        // When they run on several threads
        ParallelUpdate<float>.IsFinite(weights, gradient, Rows, (float)Scale, threads, out _).Should().BeTrue();
        ParallelUpdate<float>.Apply(weights, gradient, Rows, (float)Scale, threads);

        // Then the bits are those of one thread
        Bitwise.ShouldEqual(expected, weights, $"the float weights updated on {threads} threads");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_check_on_one_thread_gives_the_sum_of_squares_of_the_gradient_and_in_chunks_none(int threads)
    {
        // Given weights and a gradient of 100 × 790
        var (weights, gradient) = CreateWeightsAndGradient(new Random(threads));

        // When the update is checked
        ParallelUpdate<double>.IsFinite(weights, gradient, Rows, Scale, threads, out var sumOfSquares).Should().BeTrue();

        // Then on one thread the pass summed Σ g² (the bits of SumOfSquares); in chunks it leaves the sum to the caller,
        // as partial sums would add up in an order that depends on the thread count
        if (threads == 1)
        {
            Bitwise.ShouldEqual([ElementwiseKernels.SumOfSquares<double>(gradient)], [sumOfSquares], "Σ g² from the check");
        }
        else
        {
            double.IsNaN(sumOfSquares).Should().BeTrue("a check on {0} threads reports no sum", threads);
        }
    }

    private static (double[] Weights, double[] Gradient) CreateWeightsAndGradient(Random random)
    {
        var weights = new double[Rows * Columns];
        var gradient = new double[Rows * Columns];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (2 * random.NextDouble()) - 1;
            gradient[i] = (2 * random.NextDouble()) - 1;
        }

        return (weights, gradient);
    }
}
