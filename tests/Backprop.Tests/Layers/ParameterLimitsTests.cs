namespace Backprop.Tests.Layers;

/// <summary>
/// Sizes past what an array holds are refused with the documented <see cref="ArgumentOutOfRangeException"/> naming the
/// sizes and the limit, before anything is allocated, instead of an IndexOutOfRange or Overflow exception.
/// </summary>
public sealed class ParameterLimitsTests
{
    [Theory]
    [InlineData(65_536, 65_536, "4294967296 weights")]
    [InlineData(46_341, 46_341, "2147488281 weights")]
    public void A_layer_with_more_weights_than_an_array_holds_is_refused_when_it_is_added(int inputs, int neurons, string count)
    {
        // Given a builder, when a layer of neurons × inputs > Array.MaxLength is added
        var add = () => new NetworkBuilder<float>(inputs).AddDense(neurons, Activation<float>.Identity);

        // Then it is refused naming the count and the limit
        add.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "neurons").WithMessage($"*{count}*at most 2147483591*");
    }

    [Fact]
    public void Layers_that_fit_one_by_one_but_not_together_are_refused()
    {
        // Given two layers of 40,000 × 40,000 (1.6e9 weights each, 3.2e9 together)
        var add = () => new NetworkBuilder<float>(40_000).AddDense(40_000, Activation<float>.Tanh, hasBiases: false).AddDense(40_000, Activation<float>.Identity, hasBiases: false);

        // When the second is added, then it is refused naming the network's total
        add.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*3200000000 parameters*");
    }

    [Fact]
    public void A_batch_whose_layer_buffers_would_pass_the_array_limit_is_refused_before_allocating()
    {
        // Given a 1 → 65,536 → 1 network and a batch of 65,536 samples (65,536² values per hidden buffer)
        var network = new NetworkBuilder<float>(1).AddDense(65_536, Activation<float>.Relu).AddDense(1, Activation<float>.Identity).Build();
        var inputs = MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.Dense(1, 65_536);

        // When it steps, then the batch is refused naming the limit
        var step = () => new Trainer<float>(new SgdOptimizer<float>(0.1)).Step(network, inputs, inputs);
        step.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "batchSize").WithMessage("*at most 2147483591*");
    }
}
