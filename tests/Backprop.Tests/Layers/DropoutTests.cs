using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// Inverted dropout on a dense layer's outputs (<see cref="DenseLayer{T}.DropoutRate"/>,
/// <see cref="NetworkBuilder{T}.AddDropout"/>, <see cref="Backpropagation.ResetDropout"/>): masks of 0 or <c>1/(1 − p)</c>
/// that drop about <c>p</c> of the units while training, seeded; prediction untouched; backprop through a fixed mask
/// agrees with finite differences.
/// </summary>
public sealed class DropoutTests
{
    [Fact]
    public void Prediction_ignores_dropout_and_equals_the_same_network_without_it()
    {
        // Given a network with dropout after both hidden layers, and a copy of its layers without dropout
        var network = new NetworkBuilder<double>(4)
            .AddDense(8, Activation<double>.Tanh).AddDropout(0.5)
            .AddDense(6, Activation<double>.Relu).AddDropout(0.3)
            .AddDense(2, Activation<double>.Sigmoid)
            .WithSeed(2)
            .Build();
        var withoutDropout = new Network<double>(network.Layers.Select(layer => new DenseLayer<double>(layer.GetWeights(), layer.GetBiases(), layer.Activation)), network.Loss);
        var inputs = TestData.Uniform(new Random(3), 4, 9);
        var targets = TestData.Uniform(new Random(4), 2, 9, 0, 1);

        // When both predict (after a training pass has drawn masks on the first)
        network.ComputeGradients(inputs, targets);
        var predicted = network.Predict(inputs);
        var expected = withoutDropout.Predict(inputs);

        // Then the outputs and the cost are bit for bit the copy's, and predicting again changes nothing
        withoutDropout.Layers.Should().OnlyContain(layer => layer.DropoutRate == 0);
        Bitwise.ShouldEqual(expected.ToColumnMajorArray(), predicted.ToColumnMajorArray(), "the predictions");
        Bitwise.ShouldEqual(predicted.ToColumnMajorArray(), network.Predict(inputs).ToColumnMajorArray(), "a second prediction");
        network.Cost(inputs, targets).Should().Be(withoutDropout.Cost(inputs, targets));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Training_masks_are_zero_or_one_over_one_minus_p_and_drop_about_p_of_the_units(double rate)
    {
        // Given 100 identity units with identity weights and dropout p, followed by an identity layer with identity
        // weights, so that the second layer's weighted input is the mask itself when every input is 1
        var network = MaskProbe(100, rate);
        var inputs = Matrix<double>.Build.Dense(100, 100, 1.0);

        // When a training pass runs on 100 samples (10,000 units)
        var mask = network.ComputeGradients(inputs, Matrix<double>.Build.Dense(100, 100)).Layers[1].WeightedInput.Enumerate().ToArray();

        // Then each unit is 0 or 1/(1 − p); the dropped fraction is p within four standard errors; the mean stays near 1
        var kept = 1 / (1 - rate);
        mask.Should().OnlyContain(m => m == 0 || m == kept);
        var dropped = mask.Count(m => m == 0) / (double)mask.Length;
        dropped.Should().BeApproximately(rate, 4 * Math.Sqrt(rate * (1 - rate) / mask.Length));
        mask.Average().Should().BeApproximately(1, 4 * kept * Math.Sqrt(rate * (1 - rate) / mask.Length));
    }

    [Fact]
    public void Each_training_pass_draws_a_new_mask_and_the_same_reset_seed_the_same_masks()
    {
        // Given the mask probe with p = 0.5
        var network = MaskProbe(20, 0.5);
        var inputs = Matrix<double>.Build.Dense(20, 5, 1.0);
        var targets = Matrix<double>.Build.Dense(20, 5);
        double[] Mask() => network.ComputeGradients(inputs, targets).Layers[1].WeightedInput.ToColumnMajorArray();

        // When masks are drawn: two in a row, then two after resetting with seed 7, then one after seed 8
        var first = Mask();
        var second = Mask();
        network.ResetDropout(7);
        var seven = Mask();
        network.ResetDropout(7);
        var sevenAgain = Mask();
        network.ResetDropout(8);
        var eight = Mask();

        // Then consecutive passes differ, the same seed repeats, another seed differs
        second.Should().NotEqual(first);
        sevenAgain.Should().Equal(seven);
        eight.Should().NotEqual(seven);
    }

    [Fact]
    public void The_same_reset_seed_gives_bit_identical_gradients()
    {
        // Given a network with dropout and a batch
        var (network, inputs, targets) = GradientChecks.DrawProblem(
            [3, 6, 5, 2], [Activation<double>.Tanh, Activation<double>.Gelu, Activation<double>.Sigmoid], Loss<double>.SquaredError, batchSize: 4, dropoutRates: [0.4, 0.3, 0]);

        // When gradients are computed after ResetDropout(5), after an unrelated pass, after ResetDropout(5) again, and after ResetDropout(6)
        network.ResetDropout(5);
        var first = Copy(network.ComputeGradients(inputs, targets));
        network.ComputeGradients(inputs, targets);
        network.ResetDropout(5);
        var again = Copy(network.ComputeGradients(inputs, targets));
        network.ResetDropout(6);
        var other = Copy(network.ComputeGradients(inputs, targets));

        // Then the same seed gave the same bits and another seed other gradients
        for (var l = 0; l < first.Length; l++)
        {
            Bitwise.ShouldEqual(first[l], again[l], $"the gradients of layer {l}");
        }

        other[0].Should().NotEqual(first[0]);
    }

    public static TheoryData<string, string> HiddenActivationsAndLosses()
    {
        var cases = new TheoryData<string, string>();
        foreach (var hidden in new[] { "tanh", "relu", "elu", "softplus", "gelu" })
        {
            cases.Add(hidden, "squared-error");
            cases.Add(hidden, "categorical-cross-entropy");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(HiddenActivationsAndLosses))]
    public void Backward_through_a_fixed_mask_matches_central_finite_differences(string hidden, string loss)
    {
        // Given a 3-6-5-3 network with dropout 0.5 after both hidden layers (identity output with squared error, or
        // softmax with categorical cross-entropy), a batch of 4, and the masks of seed 11 fixed by resetting before
        // every pass
        const int seed = 11;
        var crossEntropy = loss == "categorical-cross-entropy";
        var (network, inputs, targets) = GradientChecks.DrawProblem(
            [3, 6, 5, 3],
            [TestActivations.Named(hidden), TestActivations.Named(hidden), crossEntropy ? Activation<double>.Softmax : Activation<double>.Identity],
            crossEntropy ? Loss<double>.CategoricalCrossEntropy : Loss<double>.SquaredError,
            batchSize: 4,
            dropoutRates: [0.5, 0.5, 0],
            dropoutSeed: seed);

        // When backprop computes the gradients under that mask
        network.ResetDropout(seed);
        var droppedErrors = network.ComputeGradients(inputs, targets).Layers[0].Delta.Enumerate().Count(delta => delta == 0);

        // Then the mask dropped some units (their δ is 0), and every gradient agrees with the central difference of the
        // training cost under the same mask (the check resets the masks to the seed before every pass)
        droppedErrors.Should().BePositive("the mask must drop something for the check to test it");
        GradientChecks.ShouldAgreeWithBackprop(network, inputs, targets, dropoutSeed: seed);
    }

    [Fact]
    public void Networks_built_with_the_same_seed_train_to_the_same_weights()
    {
        // Given two networks with dropout built with seed 4, and one with seed 5
        Network<double> Build(int seed) => new NetworkBuilder<double>(2)
            .AddDense(6, Activation<double>.Relu).AddDropout(0.5)
            .AddDense(1, Activation<double>.Sigmoid)
            .WithSeed(seed)
            .Build();
        var first = Build(4);
        var second = Build(4);
        var inputs = TestData.Uniform(new Random(1), 2, 16);
        var targets = TestData.Uniform(new Random(2), 1, 16, 0, 1);

        // When both train for five epochs of mini-batches of 4 with the same trainer settings
        foreach (var network in new[] { first, second })
        {
            new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 4, Epochs = 5, Seed = 3 }.Fit(network, inputs, targets);
        }

        // Then their weights are bit for bit the same
        ParameterSnapshot<double>.Of(first).ShouldBeBitIdenticalTo(second);
    }

    [Fact]
    public void Add_dropout_sets_the_rate_of_the_layer_it_follows()
    {
        var network = new NetworkBuilder<double>(3)
            .AddDense(5, Activation<double>.Tanh).AddDropout(0.25)
            .AddDense(4, Activation<double>.Tanh)
            .AddDense(1, Activation<double>.Sigmoid)
            .Build();

        network.Layers.Select(layer => layer.DropoutRate).Should().Equal(0.25, 0, 0);
        network.Layers[0].ToString().Should().Contain("dropout 0.25");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused(double rate)
    {
        var add = () => new NetworkBuilder<double>(3).AddDense(4, Activation<double>.Tanh).AddDropout(rate);
        var layer = () => new DenseLayer<double>(Matrix<double>.Build.Dense(4, 3, 0.1), null, Activation<double>.Tanh, rate);

        add.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("rate");
        layer.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("dropoutRate");
    }

    [Fact]
    public void Dropout_before_any_layer_or_twice_after_one_is_refused()
    {
        var first = () => new NetworkBuilder<double>(3).AddDropout(0.5);
        var twice = () => new NetworkBuilder<double>(3).AddDense(4, Activation<double>.Tanh).AddDropout(0.5).AddDropout(0.2);

        first.Should().ThrowExactly<InvalidOperationException>();
        twice.Should().ThrowExactly<InvalidOperationException>();
    }

    [Fact]
    public void Dropout_after_the_output_layer_is_refused()
    {
        var build = () => new NetworkBuilder<double>(3)
            .AddDense(4, Activation<double>.Tanh)
            .AddDense(2, Activation<double>.Sigmoid).AddDropout(0.5)
            .Build();
        var construct = () => new Network<double>(
            new DenseLayer<double>(Matrix<double>.Build.Dense(4, 3, 0.1), null, Activation<double>.Tanh),
            new DenseLayer<double>(Matrix<double>.Build.Dense(2, 4, 0.1), null, Activation<double>.Sigmoid, 0.5));

        build.Should().Throw<ArgumentException>().WithMessage("*output layer*");
        construct.Should().Throw<ArgumentException>().WithMessage("*output layer*");
    }

    /// <summary>Identity layer (identity weights, no biases, dropout p) then identity layer: the second's z is x ⊙ mask.</summary>
    private static Network<double> MaskProbe(int units, double rate)
        => new(
            new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(units), null, Activation<double>.Identity, rate),
            new DenseLayer<double>(Matrix<double>.Build.DenseIdentity(units), null, Activation<double>.Identity));

    private static double[][] Copy(Gradients<double> gradients)
        => [.. gradients.Layers.Select(layer => layer.WeightGradient.ToColumnMajorArray().Concat(layer.BiasGradient!.ToArray()).ToArray())];
}
