using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// <see cref="Network{T}"/> as the model: its parameters are read as copies and changed only through the
/// validated setters, <see cref="Network{T}.Clone"/> is a deep copy, and <see cref="Network{T}.Summary"/> counts
/// the parameters as a reader does by hand (weights = inputs × neurons, one bias per neuron).
/// </summary>
public sealed class NetworkModelTests
{
    [Fact]
    public void The_weights_a_layer_returns_are_a_copy_so_changing_them_changes_no_prediction()
    {
        // Given a network and its prediction
        var network = NewNetwork();
        var inputs = TestData.Uniform(new Random(1), 3, 4);
        var before = network.Predict(inputs).ToColumnMajorArray();

        // When the returned weights and biases are overwritten
        var weights = network.Layers[0].GetWeights();
        weights[0, 0] = 1e6;
        var biases = network.Layers[0].GetBiases()!;
        biases[0] = -1e6;

        // Then the layer and its predictions are unchanged, and the next copy holds the old values
        Bitwise.ShouldEqual(before, network.Predict(inputs).ToColumnMajorArray(), "the predictions");
        network.Layers[0].GetWeights()[0, 0].Should().NotBe(1e6);
        network.Layers[0].GetBiases()![0].Should().NotBe(-1e6);
    }

    [Fact]
    public void Clone_predicts_the_same_bits_and_is_independent_of_the_original()
    {
        // Given a network with dropout and its clone
        var network = new NetworkBuilder<double>(3).AddDense(5, Activation<double>.Tanh).AddDropout(0.25).AddDense(2, Activation<double>.Sigmoid)
            .WithLoss(Loss<double>.BinaryCrossEntropy).WithSeed(4).Build();
        network.MaxDegreeOfParallelism = 1;
        var clone = network.Clone();
        var inputs = TestData.Uniform(new Random(2), 3, 6);

        // When the clone's weights are changed
        var expected = network.Predict(inputs).ToColumnMajorArray();
        Bitwise.ShouldEqual(expected, clone.Predict(inputs).ToColumnMajorArray(), "the clone's predictions");
        clone.Layers[0].SetWeights(Matrix<double>.Build.Dense(5, 3, 0.5));

        // Then the original predicts as before; layers, loss, dropout and parallelism were copied, not shared
        Bitwise.ShouldEqual(expected, network.Predict(inputs).ToColumnMajorArray(), "the original's predictions");
        clone.Layers.Should().NotIntersectWith(network.Layers);
        clone.Loss.Should().BeSameAs(network.Loss);
        clone.Layers[0].DropoutRate.Should().Be(0.25);
        clone.MaxDegreeOfParallelism.Should().Be(1);
    }

    [Fact]
    public void Summary_lists_every_layer_with_its_parameters_and_the_totals()
    {
        // Given the textbook 784-100-10 network (biases everywhere) — by hand: 784·100 + 100 = 78,500 and
        // 100·10 + 10 = 1,010 parameters, 79,510 in all, of which 79,400 weights and 110 biases
        var network = new NetworkBuilder<float>(784).AddDense(100, Activation<float>.Sigmoid).AddDense(10, Activation<float>.Sigmoid).WithSeed(1).Build();

        // When it is summarised
        var lines = network.Summary().Split(Environment.NewLine);

        // Then there is a row per layer with kind, shape, activation and parameters, then the totals
        lines.Should().Contain(line => line.StartsWith("0 ", StringComparison.Ordinal) && line.Contains("Dense") && line.Contains("100 (from 784)") && line.Contains("sigmoid") && line.EndsWith("78,500", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("1 ", StringComparison.Ordinal) && line.Contains("10 (from 100)") && line.EndsWith("1,010", StringComparison.Ordinal));
        lines.Should().Contain("Total parameters: 79,510 (weights 79,400, biases 110)");
        lines[0].Should().Contain("784-100-10").And.Contain("Single");
        network.ParameterCount.Should().Be(79_510);
    }

    [Fact]
    public void Summary_marks_layers_without_biases_and_with_dropout()
    {
        // Given the 2-2-1 worked example (no biases) with dropout after its hidden layer
        var network = new NetworkBuilder<double>(2).AddDense(2, Activation<double>.Sigmoid, hasBiases: false).AddDropout(0.5)
            .AddDense(1, Activation<double>.Sigmoid, hasBiases: false).Build();

        // When it is summarised
        var summary = network.Summary();

        // Then the rows say so: 2·2 = 4 and 2·1 = 2 weights, no biases
        summary.Should().Contain("Dense (no biases)").And.Contain("0.5").And.Contain("Total parameters: 6 (weights 6, biases 0)");
    }

    private static Network<double> NewNetwork()
        => new NetworkBuilder<double>(3).AddDense(4, Activation<double>.Tanh).AddDense(2, Activation<double>.Identity).WithSeed(9).Build();
}
