using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="ParallelAddScaled{T}"/>: the plain gradient step <c>t ← t + s·g</c> over a network's segments, split over
/// the kernel threads, gives for every element the unfused <c>t + (s·g)</c> of the scalar rule, whatever the thread
/// count; and its check finds a result that overflows in any segment, changing nothing.
/// </summary>
public sealed class ParallelAddScaledTests
{
    // Segments as a 784-100-10 network lays them out: big enough to split, with ranges crossing segment ends.
    private static readonly int[] SegmentLengths = [78_400, 100, 1_000, 10];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Update_gives_every_element_the_scalar_rule_for_any_thread_count(int threads)
    {
        // Given
        var (targets, values) = Segments(seed: 5);
        var scale = -0.037;
        var expected = targets.Select((t, s) => t.Select((x, i) => x + (scale * values[s][i])).ToArray()).ToArray();

        // When
        ParallelAddScaled<double>.Update(targets, values, scale, SegmentLengths.Sum(), threads);

        // Then
        for (var s = 0; s < targets.Length; s++)
        {
            targets[s].Should().Equal(expected[s], $"segment {s} should hold t + s·g, element for element");
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(2, 2)]
    [InlineData(4, 3)]
    public void IsFinite_finds_an_overflowing_result_in_any_segment_and_changes_nothing(int threads, int segment)
    {
        // Given: one element whose update overflows, t = max and s·g = max
        var (targets, values) = Segments(seed: 9);
        var last = SegmentLengths[segment] - 1;
        targets[segment][last] = double.MaxValue;
        values[segment][last] = -double.MaxValue;
        var before = targets.Select(t => t.ToArray()).ToArray();

        // When
        var finite = ParallelAddScaled<double>.IsFinite(targets, values, -1.0, SegmentLengths.Sum(), threads);

        // Then
        finite.Should().BeFalse();
        for (var s = 0; s < targets.Length; s++)
        {
            targets[s].Should().Equal(before[s]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IsFinite_is_true_when_every_result_is_finite(int threads)
    {
        var (targets, values) = Segments(seed: 3);

        ParallelAddScaled<double>.IsFinite(targets, values, -0.5, SegmentLengths.Sum(), threads).Should().BeTrue();
    }

    private static (double[][] Targets, double[][] Values) Segments(int seed)
    {
        var random = new Random(seed);
        double[] Draw(int length) => [.. Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2) - 1)];
        return ([.. SegmentLengths.Select(Draw)], [.. SegmentLengths.Select(Draw)]);
    }
}
