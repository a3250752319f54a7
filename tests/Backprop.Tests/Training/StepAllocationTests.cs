using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Training;

/// <summary>
/// Keeping what a step needs to undo itself (the parameters, the optimizer's state, the dropout position) costs no
/// allocation: after the first steps, a step of a stateful optimizer on a network with dropout allocates nothing.
/// </summary>
public sealed class StepAllocationTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("sgd-momentum")]
    [InlineData("rmsprop")]
    public void A_steady_step_with_its_rollback_state_allocates_nothing(string name)
    {
        // Given a network with dropout and a trainer after two warm-up steps
        var network = new NetworkBuilder<double>(3).AddDense(8, Activation<double>.Tanh).AddDropout(0.25).AddDense(2, Activation<double>.Identity).WithSeed(1).Build();
        network.MaxDegreeOfParallelism = 1;
        Optimizer<double> optimizer = name switch
        {
            "adam" => new AdamOptimizer<double>(0.01),
            "sgd-momentum" => new SgdOptimizer<double>(0.01) { Momentum = 0.9 },
            _ => new RmsPropOptimizer<double>(0.01),
        };
        var trainer = new Trainer<double>(optimizer);
        var inputs = TestData.Uniform(new Random(2), 3, 16);
        var targets = TestData.Uniform(new Random(3), 2, 16);
        trainer.Step(network, inputs, targets);
        trainer.Step(network, inputs, targets);

        // When ten more steps are made, in each of five rounds
        var allocated = Allocations.FewestPerRound(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                trainer.Step(network, inputs, targets);
            }
        });

        // Then a round allocated nothing
        allocated.Should().Be(0);
    }

    [Fact]
    public void A_steady_per_sample_step_of_plain_SGD_on_a_small_network_allocates_nothing()
    {
        // Given the 2-3-2-1 worked example (the fused per-sample step) after two warm-up steps
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(1.0)) { MiniBatchSize = 1 };
        trainer.Step(network, x, y);
        trainer.Step(network, x, y);

        // When a hundred more steps are made, in each of five rounds
        var allocated = Allocations.FewestPerRound(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                trainer.Step(network, x, y);
            }
        });

        // Then a round allocated nothing
        allocated.Should().Be(0);
    }
}
