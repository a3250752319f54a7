using Backprop.Tests.TestSupport;

namespace Backprop.Tests;

/// <summary><see cref="NetworkBuilder{T}"/>: chained shapes, seeded initial weights of the documented variance, refusals.</summary>
public sealed class NetworkBuilderTests
{
    [Fact]
    public void Layers_chain_each_input_size_to_the_previous_layers_neurons()
    {
        // Given a builder for 5 inputs with layers of 4, 3 (no biases) and 2 neurons
        var network = new NetworkBuilder<double>(5)
            .AddDense(4, Activation<double>.Tanh)
            .AddDense(3, Activation<double>.Relu, hasBiases: false)
            .AddDense(2, Activation<double>.Sigmoid)
            .Build();

        // Then the weight matrices are 4×5, 3×4, 2×3 and the biases start at zero
        network.InputSize.Should().Be(5);
        network.OutputSize.Should().Be(2);
        network.Layers.Select(layer => (layer.Neurons, layer.InputSize)).Should().Equal((4, 5), (3, 4), (2, 3));
        network.Layers[0].GetBiases()!.Should().OnlyContain(b => b == 0);
        network.Layers[1].HasBiases.Should().BeFalse();
        network.Layers[2].GetBiases()!.Should().OnlyContain(b => b == 0);
        network.ParameterCount.Should().Be((4 * 5) + 4 + (3 * 4) + (2 * 3) + 2);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_other_weights()
    {
        NetworkBuilder<double> Builder(int seed) => new NetworkBuilder<double>(3).AddDense(4, Activation<double>.Tanh).AddDense(1, Activation<double>.Sigmoid).WithSeed(seed);

        var first = ParameterSnapshot<double>.Of(Builder(7).Build());
        var again = Builder(7).Build();
        var other = ParameterSnapshot<double>.Of(Builder(8).Build());

        first.ShouldBeBitIdenticalTo(again);
        other.Weights[0].Should().NotEqual(first.Weights[0]);
    }

    [Theory]
    [InlineData("sigmoid", 1.0)]
    [InlineData("tanh", 1.0)]
    [InlineData("relu", 2.0)]
    [InlineData("leaky-relu", 2.0)]
    [InlineData("silu", 2.0)]
    public void Initial_weights_have_mean_zero_and_variance_gain_over_inputs(string activation, double gain)
    {
        // Given a 400-input layer of 500 neurons (200,000 weights)
        const int inputs = 400;
        var network = new NetworkBuilder<double>(inputs).AddDense(500, TestActivations.Named<double>(activation)).WithSeed(1).Build();

        // When the sample mean and variance of its weights are measured
        var weights = network.Layers[0].GetWeights().Enumerate().ToArray();
        var mean = weights.Average();
        var variance = weights.Select(w => (w - mean) * (w - mean)).Average();

        // Then they are 0 and gain/inputs (LeCun, or He for ReLU) within a few standard errors (0.3% of the variance)
        mean.Should().BeApproximately(0, 5 * Math.Sqrt(gain / inputs / weights.Length));
        variance.Should().BeApproximately(gain / inputs, 0.02 * gain / inputs);
    }

    [Fact]
    public void Build_without_layers_throws_invalid_operation()
    {
        var build = () => new NetworkBuilder<double>(3).Build();

        build.Should().ThrowExactly<InvalidOperationException>();
    }

    [Fact]
    public void Sizes_below_one_are_refused()
    {
        var noInputs = () => new NetworkBuilder<double>(0);
        var noNeurons = () => new NetworkBuilder<double>(2).AddDense(0, Activation<double>.Sigmoid);

        noInputs.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("inputSize");
        noNeurons.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("neurons");
    }
}
