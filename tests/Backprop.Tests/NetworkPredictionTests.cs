using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// Prediction into memory the caller owns: <see cref="Network{T}.Predict(ReadOnlySpan{T}, Span{T})"/> for one sample
/// and <see cref="Network{T}.Predict(Matrix{T}, Matrix{T})"/> for a batch, including in place.
/// </summary>
public sealed class NetworkPredictionTests
{
    [Theory]
    [InlineData("30-32-2", 1)]
    [InlineData("784-100-10", 2)]
    [InlineData("4-4", 3)]
    public void A_span_prediction_has_the_bits_of_the_vector_prediction_and_matches_an_independent_forward_pass(string sizes, int seed)
    {
        // Given a random tanh network and a sample
        var random = new Random(seed);
        var network = TestData.RandomNetwork(random, sizes, Activation<double>.Tanh, hasBiases: true);
        var input = TestData.UniformVector(random, network.InputSize);

        // When it predicts the sample into a caller-owned span
        var output = new double[network.OutputSize];
        network.Predict(input.ToArray(), output);

        // Then the answer has the bits of Predict(Vector) and matches a = tanh(W·a + b) layer by layer in MathNet
        Bitwise.ShouldEqual(network.Predict(input).ToArray(), output, "the span prediction");
        var expected = input;
        foreach (var layer in network.Layers)
        {
            expected = ((layer.GetWeights() * expected) + layer.GetBiases()!).Map(Math.Tanh);
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i].Should().BeApproximately(expected[i], 1e-12, "output {0} is tanh(W·a + b) of the last layer", i);
        }
    }

    [Theory]
    [InlineData("30-32-2")]
    [InlineData("784-100-10")]
    public void A_warm_span_prediction_allocates_nothing(string sizes)
    {
        // Given a float32 network of ReLU and softmax layers, warmed up by a few predictions
        var layerSizes = TestData.ParseSizes(sizes);
        var builder = new NetworkBuilder<float>(layerSizes[0]);
        for (var l = 1; l < layerSizes.Length - 1; l++)
        {
            builder.AddDense(layerSizes[l], Activation<float>.Relu);
        }

        var network = builder.AddDense(layerSizes[^1], Activation<float>.Softmax)
            .WithLoss(Loss<float>.CategoricalCrossEntropy).WithSeed(5).Build();
        var input = TestData.UniformArray<float>(new Random(5), network.InputSize);
        var output = new float[network.OutputSize];
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            network.Predict(input, output);
        }

        // When it predicts 100 more times, in each of five rounds
        var allocated = Allocations.FewestPerRound(() =>
        {
            for (var call = 0; call < 100; call++)
            {
                network.Predict(input, output);
            }
        });

        // Then a round allocated not one byte
        allocated.Should().Be(0);
    }

    [Fact]
    public void Warm_batch_and_single_sample_predictions_taking_turns_allocate_nothing()
    {
        // Given a 784-100-10 network on one thread, a batch of 300 samples and one sample, taking turns three times to warm
        // up (one thread: a product split over the thread pool can make the pool start a worker, or grow its queue, on
        // the calling thread's account when other tests keep it busy: 1,280 bytes in some runs of the whole suite)
        var random = new Random(6);
        var network = TestData.RandomNetwork(random, "784-100-10", Activation<double>.Sigmoid, hasBiases: true);
        network.MaxDegreeOfParallelism = 1;
        var inputs = TestData.Uniform(random, 784, 300);
        var outputs = Matrix<double>.Build.Dense(10, 300);
        var input = inputs.Column(0).ToArray();
        var output = new double[10];
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            network.Predict(input, output);
            network.Predict(inputs, outputs);
        }

        // When a single sample and the batch take turns, 20 times each, in each of five rounds
        var allocated = Allocations.FewestPerRound(() =>
        {
            for (var call = 0; call < 20; call++)
            {
                network.Predict(input, output);
                network.Predict(inputs, outputs);
            }
        });

        // Then a round allocated not one byte: the pooled buffers grew once, to the batch, and were reused
        allocated.Should().Be(0);
    }

    [Theory]
    [InlineData(2, 2, "input")]
    [InlineData(4, 3, "input")]
    [InlineData(3, 1, "output")]
    [InlineData(3, 3, "output")]
    public void A_span_of_the_wrong_length_is_refused_naming_it(int inputLength, int outputLength, string parameter)
    {
        // Given a 3-4-2 network
        var network = TestData.RandomNetwork(new Random(7), "3-4-2", Activation<double>.Sigmoid, hasBiases: true);
        var output = Enumerable.Repeat(42.0, outputLength).ToArray();

        // When a span of the wrong length is passed
        var act = () => network.Predict(new double[inputLength], output);

        // Then the call is refused, the message names the span and output is untouched
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == parameter && e.Message.Contains(parameter));
        output.Should().OnlyContain(value => value == 42.0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Overlapping_input_and_output_spans_are_refused(int outputStart)
    {
        // Given a 3→3 network and one array holding the input with room after it
        var network = TestData.RandomNetwork(new Random(8), "3-3", Activation<double>.Tanh, hasBiases: true);
        var memory = new[] { 0.1, 0.2, 0.3, 0.0, 0.0 };

        // When the output span overlaps the input span
        var act = () => network.Predict(memory.AsSpan(0, 3), memory.AsSpan(outputStart, 3));

        // Then the call is refused naming output, and the memory is unchanged
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "output" && e.Message.Contains("overlaps"));
        memory.Should().Equal(0.1, 0.2, 0.3, 0.0, 0.0);
    }

    [Fact]
    public void A_non_finite_input_in_a_span_is_refused_naming_its_row()
    {
        // Given a 3-2 network and an input with NaN in row 1
        var network = TestData.RandomNetwork(new Random(9), "3-2", Activation<double>.Identity, hasBiases: false);
        var output = new double[2];

        // When it is predicted
        var act = () => network.Predict(new[] { 0.5, double.NaN, 1.0 }, output);

        // Then the call is refused naming the input and the row
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "input" && e.Message.Contains("row 1"));
    }

    [Theory]
    [InlineData(double.NaN, 2, 3)]
    [InlineData(double.PositiveInfinity, 5, 0)]
    [InlineData(double.NegativeInfinity, 0, 2)]
    public void A_non_finite_input_in_a_batch_through_a_narrower_first_layer_is_refused_naming_it_and_leaving_the_outputs(
        double bad, int row, int column)
    {
        // Given a 6-3-2 network whose first layer gives the bad input's row a weight of 0 in every neuron (∞·0 is NaN), and
        // a batch of 4 samples with one bad value
        var random = new Random(11);
        var network = TestData.RandomNetwork(random, "6-3-2", Activation<double>.Relu, hasBiases: true);
        var weights = network.Layers[0].GetWeights();
        weights.SetColumn(row, new double[3]);
        network.Layers[0].SetWeights(weights);
        var inputs = TestData.Uniform(random, 6, 4);
        inputs[row, column] = bad;
        var outputs = Matrix<double>.Build.Dense(2, 4, 7.0);

        // When the batch is predicted
        var act = () => network.Predict(inputs, outputs);

        // Then the call is refused naming the input, its row and column, and the outputs are as they were
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs"
            && e.Message.Contains($"has {bad} at row {row}, column {column}"));
        outputs.ToColumnMajorArray().Should().OnlyContain(value => value == 7.0);
    }

    [Fact]
    public void Finite_inputs_whose_weighted_sums_overflow_are_predicted_not_refused()
    {
        // Given a float 4-2-1 network with weights of 1 and inputs of 3·10³⁸ (the sums of four overflow to ∞)
        var network = new NetworkBuilder<float>(4).AddDense(2, Activation<float>.Sigmoid).AddDense(1, Activation<float>.Sigmoid).WithSeed(1).Build();
        network.Layers[0].SetWeights(Matrix<float>.Build.Dense(2, 4, 1f));
        var inputs = Matrix<float>.Build.Dense(4, 3, 3e38f);

        // When the batch is predicted
        var outputs = network.Predict(inputs);

        // Then it is answered (the inputs are finite): each first-layer activation is sigmoid(∞) = 1, so each output is
        // sigmoid(w₁ + w₂ + b) of the second layer
        var w = network.Layers[1].GetWeights();
        var b = network.Layers[1].GetBiases()![0];
        var expected = 1.0 / (1.0 + Math.Exp(-((double)w[0, 0] + w[0, 1] + b)));
        outputs.ToColumnMajorArray().Should().AllSatisfy(output => ((double)output).Should().BeApproximately(expected, 1e-6));
    }

    [Theory]
    [InlineData("4-4")]
    [InlineData("4-6-4")]
    public void A_batch_predicted_in_place_gets_the_answer_of_a_separate_output(string sizes)
    {
        // Given an n→n network (one layer, then two) and a batch of 5 samples
        var random = new Random(10);
        var network = TestData.RandomNetwork(random, sizes, Activation<double>.Tanh, hasBiases: true);
        var inputs = TestData.Uniform(random, 4, 5);
        var expected = network.Predict(inputs).ToColumnMajorArray();

        // When the batch is predicted into itself
        network.Predict(inputs, inputs);

        // Then it holds the answer predicted into a separate matrix
        Bitwise.ShouldEqual(expected, inputs.ToColumnMajorArray(), "the in-place prediction");
    }

    [Fact]
    public void A_batch_predicted_into_a_matrix_sharing_the_inputs_storage_gets_the_right_answer()
    {
        // Given a one-layer 3→3 network and two matrices over one array
        var random = new Random(11);
        var network = TestData.RandomNetwork(random, "3-3", Activation<double>.Sigmoid, hasBiases: true);
        var storage = TestData.Uniform(random, 3, 2).ToColumnMajorArray();
        var expected = network.Predict(Matrix<double>.Build.Dense(3, 2, (double[])storage.Clone())).ToColumnMajorArray();

        // When one is predicted into the other
        network.Predict(Matrix<double>.Build.Dense(3, 2, storage), Matrix<double>.Build.Dense(3, 2, storage));

        // Then the storage holds the answer of a separate output
        Bitwise.ShouldEqual(expected, storage, "the prediction over shared storage");
    }
}
