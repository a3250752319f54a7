using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;
using FsCheck.Xunit;

namespace Backprop.Tests.Properties;

/// <summary>
/// "A zero learning rate changes nothing", for every generated architecture. The trainers refuse η = 0 by design
/// (a learning rate must be finite and greater than 0, so a forgotten setting cannot silently train nothing), so
/// the property is stated in three checkable parts: η = 0 is refused with
/// <see cref="ArgumentOutOfRangeException"/> and the network is untouched; the operations that only read the
/// weights (computing gradients, the gradient check, the explain trace, prediction, the cost) change no bit of
/// them; and W − η·g = W when η is the smallest positive double, both in the update the explain trace reports
/// and in a real training step with <see cref="SgdOptimizer{T}"/>.
/// </summary>
[Properties(Arbitrary = [typeof(NetworkArbitraries)])]
public sealed class ZeroLearningRateProperties
{
    [Property(MaxTest = 200)]
    public void A_learning_rate_of_zero_is_refused_and_the_network_is_untouched(NetworkCase c)
    {
        // Given a generated network and batch
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();
        var targets = c.CreateTargets();
        var before = ParameterSnapshot<double>.Of(network);

        // When η = 0 is given to the optimizer, the trainer and the explain trace
        // Then each refuses it by name, and no weight or bias changed
        FluentActions.Invoking(() => new SgdOptimizer<double>(0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new Trainer<double>(new SgdOptimizer<double>(0)) { MiniBatchSize = 1 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => ExplainTrace.Capture(network, inputs, targets, 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        before.ShouldBeBitIdenticalTo(network, "after η = 0 was refused");
    }

    [Property(MaxTest = 200)]
    public void Operations_that_only_read_the_weights_change_no_bit_of_them(NetworkCase c)
    {
        // Given a generated network and batch
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();
        var targets = c.CreateTargets();
        var before = ParameterSnapshot<double>.Of(network);

        // When gradients, a gradient check, an explain trace, predictions and the cost are computed
        network.ComputeGradients(inputs, targets);
        GradientCheck.Run(network, inputs, targets);
        ExplainTrace.Capture(network, inputs, targets, 0.5);
        network.Predict(inputs);
        network.Cost(inputs, targets);

        // Then every weight and bias has its bits of before
        before.ShouldBeBitIdenticalTo(network, "after read-only operations");
    }

    [Property(MaxTest = 200)]
    public void The_update_with_the_smallest_positive_learning_rate_leaves_every_weight_bit_identical(NetworkCase c)
    {
        // Given a generated network and batch, and η = double.Epsilon (4.9e-324), the nearest η to 0 the library
        // accepts: |η·g| is below half an ulp of every weight (all are above 1e-300 in magnitude), so W − η·g = W
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();
        var targets = c.CreateTargets();
        var before = ParameterSnapshot<double>.Of(network);
        before.Weights.SelectMany(w => w).Should().OnlyContain(w => Math.Abs(w) > 1e-300);

        // When the explain trace reports the update ΔW = −η·∂C/∂W, and a trainer takes a real SGD step with that η
        var trace = ExplainTrace.Capture(network, inputs, targets, double.Epsilon);
        new Trainer<double>(new SgdOptimizer<double>(double.Epsilon)).Step(network, inputs, targets);

        // Then W + ΔW is W bit for bit in every layer, and the trained network's weights and biases are unchanged
        for (var l = 0; l < network.Layers.Count; l++)
        {
            var weights = network.Layers[l].GetWeights();
            var update = trace.Layers[l].WeightUpdate;
            for (var i = 0; i < weights.RowCount; i++)
            {
                for (var j = 0; j < weights.ColumnCount; j++)
                {
                    update[i][j].Should().Be(-double.Epsilon * trace.Layers[l].WeightGradient[i][j]);
                    BitConverter.DoubleToInt64Bits(weights[i, j] + update[i][j]).Should().Be(BitConverter.DoubleToInt64Bits(weights[i, j]));
                }
            }
        }

        before.ShouldBeBitIdenticalTo(network, "after an SGD step with η = double.Epsilon");
    }
}
