using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// What <see cref="Network{T}"/> refuses: each refusal throws the documented exception, names the expected and
/// the actual values, and leaves the weights as they were.
/// </summary>
public sealed class NetworkValidationTests
{
    [Theory]
    [MemberData(nameof(BadBatches.Names), MemberType = typeof(BadBatches))]
    public void Compute_gradients_refuses_a_bad_batch_naming_expected_and_actual_values(string badBatch)
    {
        // Given a 3-4-2 network and a batch that does not fit it
        var network = BadBatches.CreateNetwork();
        var before = ParameterSnapshot<double>.Of(network);
        var (inputs, targets, paramName, messageParts) = BadBatches.Create(badBatch);

        // When the gradients are asked for
        var compute = () => network.ComputeGradients(inputs, targets);

        // Then an ArgumentException names the parameter and the numbers, and no weight changed
        BadBatches.ShouldRefuse(compute, paramName, messageParts);

        before.ShouldBeBitIdenticalTo(network);
    }

    [Theory]
    [MemberData(nameof(BadBatches.Names), MemberType = typeof(BadBatches))]
    public void Cost_refuses_a_bad_batch_naming_expected_and_actual_values(string badBatch)
    {
        var network = BadBatches.CreateNetwork();
        var (inputs, targets, paramName, messageParts) = BadBatches.Create(badBatch);

        var cost = () => network.Cost(inputs, targets);

        BadBatches.ShouldRefuse(cost, paramName, messageParts);
    }

    [Theory]
    [MemberData(nameof(BadBatches.InputNames), MemberType = typeof(BadBatches))]
    public void Forward_and_predict_refuse_bad_inputs_naming_expected_and_actual_values(string badBatch)
    {
        var network = BadBatches.CreateNetwork();
        var before = ParameterSnapshot<double>.Of(network);
        var (inputs, _, paramName, messageParts) = BadBatches.Create(badBatch);

        var forward = () => network.Forward(inputs);
        var predict = () => network.Predict(inputs);

        foreach (var call in new[] { forward, predict })
        {
            BadBatches.ShouldRefuse(call, paramName, messageParts);
        }

        before.ShouldBeBitIdenticalTo(network);
    }

    [Fact]
    public void Predict_of_one_sample_refuses_a_vector_of_the_wrong_length()
    {
        var network = BadBatches.CreateNetwork();

        var predict = () => network.Predict(Vector<double>.Build.Dense(2));

        predict.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("3 values").And.Contain("got 2");
    }

    [Fact]
    public void Predict_into_an_output_matrix_of_the_wrong_shape_names_both_shapes()
    {
        var network = BadBatches.CreateNetwork();
        var inputs = Matrix<double>.Build.Dense(3, 4);

        var predict = () => network.Predict(inputs, Matrix<double>.Build.Dense(2, 5));

        var exception = predict.Should().ThrowExactly<ArgumentException>().Which;
        exception.ParamName.Should().Be("outputs");
        exception.Message.Should().Contain("2×4").And.Contain("2×5");
    }

    [Fact]
    public void Backward_without_a_forward_pass_throws_invalid_operation()
    {
        // Given a network that has never run forward
        var network = BadBatches.CreateNetwork();
        var before = ParameterSnapshot<double>.Of(network);

        // When Backward is called
        var backward = () => network.Backward(Matrix<double>.Build.Dense(2, 1));

        // Then it says a Forward pass must come first
        backward.Should().ThrowExactly<InvalidOperationException>().Which.Message.Should().Contain("Forward");
        before.ShouldBeBitIdenticalTo(network);
    }

    [Fact]
    public void Backward_refuses_targets_for_a_different_batch_than_the_last_forward()
    {
        // Given a forward pass of 3 samples
        var network = BadBatches.CreateNetwork();
        network.Forward(Matrix<double>.Build.Dense(3, 3, 0.5));

        // When Backward gets targets for 2 samples
        var backward = () => network.Backward(Matrix<double>.Build.Dense(2, 2));

        // Then both column counts are named
        var exception = backward.Should().ThrowExactly<ArgumentException>().Which;
        exception.ParamName.Should().Be("targets");
        exception.Message.Should().Contain("3 columns").And.Contain("got 2");
    }

    [Fact]
    public void Backward_refuses_targets_with_the_wrong_rows_or_a_nan()
    {
        var network = BadBatches.CreateNetwork();
        network.Forward(Matrix<double>.Build.Dense(3, 2, 0.5));
        var nanTargets = Matrix<double>.Build.Dense(2, 2);
        nanTargets[1, 1] = double.NaN;

        var wrongRows = () => network.Backward(Matrix<double>.Build.Dense(4, 2));
        var nan = () => network.Backward(nanTargets);

        wrongRows.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("2 rows").And.Contain("4×2");
        nan.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("NaN").And.Contain("row 1, column 1");
    }

    [Fact]
    public void A_network_without_layers_is_refused()
    {
        var fromParams = () => new Network<double>();
        var fromList = () => new Network<double>([], null);

        fromParams.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("got 0");
        fromList.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("got 0");
    }

    [Fact]
    public void A_layer_whose_input_size_differs_from_the_previous_layers_neurons_is_refused_naming_both_sizes()
    {
        // Given a layer of 3 neurons followed by a layer that expects 4 inputs
        var first = new DenseLayer<double>(Matrix<double>.Build.Dense(3, 2, 0.1), Activation<double>.Sigmoid);
        var second = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 4, 0.1), Activation<double>.Sigmoid);

        // When they are put in one network
        var create = () => new Network<double>(first, second);

        // Then the message names both sizes
        var exception = create.Should().ThrowExactly<ArgumentException>().Which;
        exception.ParamName.Should().Be("layers");
        exception.Message.Should().Contain("4 inputs").And.Contain("3 neurons");
    }

    [Fact]
    public void A_layer_already_in_a_network_is_refused_by_a_second_network()
    {
        // Given a layer that belongs to a network
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(2, 2, 0.3), Activation<double>.Tanh);
        var owner = new Network<double>(layer);
        var input = Matrix<double>.Build.Dense(2, 1, 1.0);
        var expected = owner.Predict(input);

        // When a second network is made with it
        var create = () => new Network<double>(layer);

        // Then it is refused and the first network still works
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("already belongs");
        owner.Predict(input).Should().Be(expected);
    }

    [Fact]
    public void The_same_layer_twice_in_one_network_is_refused()
    {
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(2, 2, 0.3), Activation<double>.Tanh);

        var create = () => new Network<double>(layer, layer);

        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("Layer 1");
    }

    [Fact]
    public void A_null_layer_is_refused()
    {
        var layer = new DenseLayer<double>(Matrix<double>.Build.Dense(2, 2, 0.3), Activation<double>.Tanh);

        var create = () => new Network<double>(layer, null!);

        create.Should().ThrowExactly<ArgumentNullException>().Which.Message.Should().Contain("Layer 1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Max_degree_of_parallelism_below_one_is_refused(int value)
    {
        var network = BadBatches.CreateNetwork();

        var set = () => network.MaxDegreeOfParallelism = value;

        set.Should().ThrowExactly<ArgumentOutOfRangeException>();
        network.MaxDegreeOfParallelism.Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void A_network_that_was_refused_leaves_its_layers_free_for_another_network()
    {
        // Given a sigmoid output layer first offered with a loss that refuses it (categorical cross-entropy needs softmax),
        // and a hidden layer first offered with an output layer of the wrong input size
        var hidden = new DenseLayer<double>(Matrix<double>.Build.Dense(3, 2, 0.1), Activation<double>.Tanh);
        var output = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 3, 0.1), Activation<double>.Sigmoid);
        var mismatched = new DenseLayer<double>(Matrix<double>.Build.Dense(1, 4, 0.1), Activation<double>.Sigmoid);
        var wrongLoss = () => new Network<double>([hidden, output], Loss<double>.CategoricalCrossEntropy);
        var wrongSize = () => new Network<double>(hidden, mismatched);
        wrongLoss.Should().Throw<ArgumentException>();
        wrongSize.Should().Throw<ArgumentException>();

        // When the same layers are put in a network that is valid
        var create = () => new Network<double>(hidden, output);

        // Then it is accepted: the refused networks never owned the layers
        create.Should().NotThrow();
    }
}
