using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary><see cref="DenseLayer{T}"/>: shapes, copies of the values it is given, and the values it refuses.</summary>
public sealed class DenseLayerTests
{
    private static readonly double[,] Weights = { { 0.1, 0.2 }, { 0.3, 0.4 }, { 0.5, 0.6 } };

    private static DenseLayer<double> CreateLayer() => new(
        Matrix<double>.Build.DenseOfArray(Weights), Vector<double>.Build.Dense([0.1, 0.2, 0.3]), Activation<double>.Sigmoid);

    [Fact]
    public void A_layer_has_one_row_of_weights_per_neuron_and_one_column_per_input()
    {
        var layer = CreateLayer();

        layer.Neurons.Should().Be(3);
        layer.InputSize.Should().Be(2);
        layer.HasBiases.Should().BeTrue();
        layer.ParameterCount.Should().Be((3 * 2) + 3);
        layer.Activation.Should().BeSameAs(Activation<double>.Sigmoid);
    }

    [Fact]
    public void A_layer_without_biases_has_no_bias_vector()
    {
        var layer = new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(Weights), Activation<double>.Sigmoid);

        layer.HasBiases.Should().BeFalse();
        layer.GetBiases().Should().BeNull();
        layer.ParameterCount.Should().Be(6);
    }

    [Fact]
    public void The_layer_keeps_copies_of_the_weights_and_biases_it_is_given()
    {
        // Given a layer made from a matrix and a vector
        var weights = Matrix<double>.Build.DenseOfArray(Weights);
        var biases = Vector<double>.Build.Dense([0.1, 0.2, 0.3]);
        var layer = new DenseLayer<double>(weights, biases, Activation<double>.Tanh);

        // When the caller changes its matrix and vector afterwards, also after SetWeights
        weights[0, 0] = 42;
        biases[0] = 42;
        var replacement = Matrix<double>.Build.Dense(3, 2, 0.7);
        layer.SetWeights(replacement);
        replacement[1, 1] = 42;

        // Then the layer's values are unaffected
        layer.GetWeights()[0, 0].Should().Be(0.7);
        layer.GetWeights()[1, 1].Should().Be(0.7);
        layer.GetBiases()![0].Should().Be(0.1);
    }

    [Fact]
    public void Set_weights_refuses_the_wrong_shape_naming_both_shapes_and_keeps_the_old_weights()
    {
        // Given a 3×2 layer
        var layer = CreateLayer();

        // When it is given 2×3 weights
        var set = () => layer.SetWeights(Matrix<double>.Build.Dense(2, 3, 9.0));

        // Then both shapes are named and the weights are unchanged
        var exception = set.Should().ThrowExactly<ArgumentException>().Which;
        exception.ParamName.Should().Be("weights");
        exception.Message.Should().Contain("3×2").And.Contain("2×3");
        layer.GetWeights().Should().Be(Matrix<double>.Build.DenseOfArray(Weights));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void Set_weights_refuses_a_value_that_is_not_finite_naming_it_and_keeps_the_old_weights(double value, string shown)
    {
        var layer = CreateLayer();
        var weights = Matrix<double>.Build.Dense(3, 2, 9.0);
        weights[2, 1] = value;

        var set = () => layer.SetWeights(weights);

        var exception = set.Should().ThrowExactly<ArgumentException>().Which;
        exception.ParamName.Should().Be("weights");
        exception.Message.Should().Contain(shown).And.Contain("row 2, column 1");
        layer.GetWeights().Should().Be(Matrix<double>.Build.DenseOfArray(Weights));
    }

    [Fact]
    public void Set_biases_refuses_the_wrong_length_or_a_nan_and_keeps_the_old_biases()
    {
        var layer = CreateLayer();
        var withNan = Vector<double>.Build.Dense([1.0, double.NaN, 1.0]);

        var wrongLength = () => layer.SetBiases(Vector<double>.Build.Dense(2));
        var nan = () => layer.SetBiases(withNan);

        wrongLength.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("3 biases").And.Contain("got 2");
        nan.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("NaN").And.Contain("row 1");
        layer.GetBiases().Should().Equal(0.1, 0.2, 0.3);
    }

    [Fact]
    public void Set_biases_on_a_layer_without_biases_throws_invalid_operation()
    {
        var layer = new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(Weights), Activation<double>.Sigmoid);

        var set = () => layer.SetBiases(Vector<double>.Build.Dense(3));

        set.Should().ThrowExactly<InvalidOperationException>();
    }

    [Fact]
    public void The_constructor_refuses_biases_of_the_wrong_length_and_weights_that_are_not_finite()
    {
        var nanWeights = Matrix<double>.Build.DenseOfArray(Weights);
        nanWeights[1, 0] = double.NaN;

        var wrongBiases = () => new DenseLayer<double>(
            Matrix<double>.Build.DenseOfArray(Weights), Vector<double>.Build.Dense(4), Activation<double>.Sigmoid);
        var nan = () => new DenseLayer<double>(nanWeights, Activation<double>.Sigmoid);

        wrongBiases.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("3 biases").And.Contain("got 4");
        nan.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("NaN").And.Contain("row 1, column 0");
    }

    [Fact]
    public void Set_weights_changes_what_the_owning_network_predicts()
    {
        // Given a one-layer identity network
        var layer = new DenseLayer<double>(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 } }), Activation<double>.Identity);
        var network = new Network<double>(layer);
        var input = Matrix<double>.Build.DenseOfArray(new[,] { { 3.0 }, { 4.0 } });

        // When its weights are replaced
        layer.SetWeights(Matrix<double>.Build.DenseOfArray(new[,] { { -1.0, 0.5 } }));

        // Then the prediction is the new W·x = −3 + 2
        network.Predict(input)[0, 0].Should().Be(-1.0);
    }
}
