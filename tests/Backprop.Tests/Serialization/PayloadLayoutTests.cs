namespace Backprop.Tests.Serialization;

/// <summary>
/// The file writes each weight matrix row by row while layers and trainers keep it column by column; payloads are
/// encoded and decoded a chunk at a time through <see cref="PayloadLayout"/>, so every chunk boundary must land right.
/// </summary>
public sealed class PayloadLayoutTests
{
    // A 2 × 3 matrix stored column-major: a00 a10 a01 a11 a02 a12 (the values name their row and column).
    private static readonly double[] ColumnMajor = [0.0, 1.0, 0.1, 1.1, 0.2, 1.2];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void A_matrix_is_gathered_row_by_row_in_chunks_of_any_size(int chunk)
    {
        // Given a 2 × 3 matrix layout
        var layout = PayloadLayout.Matrix(2, 3);

        // When its file order is gathered a chunk at a time
        var file = new double[6];
        for (var start = 0; start < 6; start += chunk)
        {
            layout.Gather<double>(ColumnMajor, start, file.AsSpan(start, Math.Min(chunk, 6 - start)));
        }

        // Then it is row 0, then row 1
        file.Should().Equal(0.0, 0.1, 0.2, 1.0, 1.1, 1.2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Scattering_the_file_order_in_chunks_rebuilds_the_column_major_storage(int chunk)
    {
        var layout = PayloadLayout.Matrix(2, 3);
        double[] file = [0.0, 0.1, 0.2, 1.0, 1.1, 1.2];
        var storage = new double[6];
        for (var start = 0; start < 6; start += chunk)
        {
            layout.Scatter<double>(file.AsSpan(start, Math.Min(chunk, 6 - start)), start, storage);
        }

        storage.Should().Equal(ColumnMajor);
    }

    [Fact]
    public void A_parameter_vector_keeps_biases_in_place_and_transposes_each_layers_weights()
    {
        // Given a 3-2-1 network with biases: layer 0 has 2 × 3 weights and 2 biases, layer 1 has 1 × 2 weights and 1 bias
        var network = new NetworkBuilder<double>(3).AddDense(2, Activation<double>.Tanh).AddDense(1, Activation<double>.Identity).WithLoss(Loss<double>.SquaredError).Build();
        var layout = PayloadLayout.Parameters(network.Layers);

        // When the trainer's order (column-major weights, then biases, per layer) is gathered in chunks of 4
        double[] trainer = [.. ColumnMajor, 10, 11, 20, 21, 30];
        var file = new double[trainer.Length];
        for (var start = 0; start < file.Length; start += 4)
        {
            layout.Gather<double>(trainer, start, file.AsSpan(start, Math.Min(4, file.Length - start)));
        }

        // Then the file holds layer 0's rows, its biases, layer 1's single row and its bias; per segment too
        layout.Count.Should().Be(11);
        file.Should().Equal(0.0, 0.1, 0.2, 1.0, 1.1, 1.2, 10, 11, 20, 21, 30);
        var segments = layout.NewSegments<double>();
        layout.Scatter<double>(file, 0, segments);
        segments.Should().HaveCount(4);
        segments[0].Should().Equal(ColumnMajor);
        segments[1].Should().Equal(10.0, 11.0);
        segments[2].Should().Equal(20.0, 21.0);
        segments[3].Should().Equal(30.0);
    }
}
