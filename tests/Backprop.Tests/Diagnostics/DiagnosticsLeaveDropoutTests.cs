using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Diagnostics;

/// <summary>
/// <c>GradientCheck.Run</c> and <see cref="ExplainTrace.Capture{T}"/> say they leave the network as they
/// found it: the dropout masks' random sequence included, so training after a look draws the masks it would have.
/// </summary>
public sealed class DiagnosticsLeaveDropoutTests
{
    [Fact]
    public void A_gradient_check_and_a_trace_leave_the_dropout_sequence_where_it_was()
    {
        // Given a network with dropout whose sequence has moved on by one training step
        var network = new NetworkBuilder<double>(2).AddDense(4, Activation<double>.Tanh).AddDropout(0.5).AddDense(1, Activation<double>.Identity).WithSeed(3).Build();
        var inputs = TestData.Uniform(new Random(1), 2, 3);
        var targets = TestData.Uniform(new Random(2), 1, 3);
        new Trainer<double>(new SgdOptimizer<double>(0.1)).Step(network, inputs, targets);
        var before = network.Training.DropoutState;

        // When the gradient is checked and the batch traced
        GradientCheck.Run(network, inputs, targets, dropoutSeed: 11);
        var afterCheck = network.Training.DropoutState;
        ExplainTrace.Capture(network, inputs, targets, learningRate: 0.1);
        var afterTrace = network.Training.DropoutState;

        // Then the sequence is where it was after each
        afterCheck.Should().Equal(before, "GradientCheck.Run");
        afterTrace.Should().Equal(before, "ExplainTrace.Capture");
    }
}
