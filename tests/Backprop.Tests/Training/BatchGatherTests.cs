namespace Backprop.Tests.Training;

/// <summary>
/// <see cref="BatchGather{T}"/>: a mini-batch's samples, columns of the data in the epoch's order, land in the batch
/// buffer in that order, whether the copy runs on one thread or is split over several.
/// </summary>
public sealed class BatchGatherTests
{
    [Theory]
    [InlineData(1, 784, 128)] // large: split over threads where there are several
    [InlineData(2, 784, 128)]
    [InlineData(4, 784, 7)]
    [InlineData(2, 3, 5)] // small: always on the calling thread
    public void Copy_puts_each_chosen_column_in_order(int threads, int rows, int count)
    {
        // Given: 300 samples whose values say where they come from (sample·1000 + row), and a shuffled order
        const int Samples = 300;
        var source = new double[rows * Samples];
        for (var i = 0; i < source.Length; i++)
        {
            source[i] = ((i / rows) * 1000) + (i % rows);
        }

        var order = Enumerable.Range(0, Samples).ToArray();
        new Random(11).Shuffle(order);
        const int Start = 17;
        var destination = new double[rows * count];

        // When
        BatchGather<double>.Copy(source, rows, order, Start, count, destination, threads);

        // Then: column c of the batch is sample order[Start + c]
        for (var c = 0; c < count; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                destination[(c * rows) + r].Should().Be((order[Start + c] * 1000) + r, $"row {r} of batch column {c}");
            }
        }
    }
}
