using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// The fused per-sample step (<c>SampleStep</c>, on a workspace of one sample): <c>Trainer.Step</c> on one
/// sample of a network of small layers with plain SGD takes it by itself, and it gives the general path's costs,
/// gradients and weights bit for bit, and its divergence rules. The general path is the same network with a loss that
/// only delegates to the squared error: a custom loss has no one-sample form, so its network keeps the general path.
/// </summary>
public sealed class TrainingEngineSampleStepTests
{
    public static TheoryData<string> Networks() => new(
        "2-2-1 sigmoid without biases", "2-3-2-1 sigmoid", "2-8-1 sigmoid (8 neurons: the vector sigmoid)", "3-5-4-2 tanh, relu, identity");

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_fused_step_gives_the_general_paths_costs_gradients_and_weights_bit_for_bit_in_double(string name)
        => FusedAndGeneralAgree<double>(name);

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_fused_step_gives_the_general_paths_costs_gradients_and_weights_bit_for_bit_in_float(string name)
        => FusedAndGeneralAgree<float>(name);

    [Fact]
    public void A_first_fused_step_whose_update_overflows_changes_no_weight_and_keeps_no_optimizer_state()
    {
        // Given a 1 → 1 identity network with w = 0.5 and plain SGD with η = 10, and x = 1e154, y = 0: the gradient
        // w·x² = 5e307 is finite, but η times it passes the largest double
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), Vector<double>.Build.Dense(1), Activation<double>.Identity));
        var trainer = new Trainer<double>(new SgdOptimizer<double>(10)) { MiniBatchSize = 1 };
        network.Training.Workspace(1).HasSampleStep.Should().BeTrue("the step must be the fused one");
        var before = Save(network, trainer);

        // When it steps
        var step = () => trainer.Step(network, Matrix<double>.Build.Dense(1, 1, 1e154), Matrix<double>.Build.Dense(1, 1, 0));

        // Then it diverges naming the update, and the checkpoint (weights, no optimizer state, no steps) is the one before
        step.Should().Throw<TrainingDivergedException>().WithMessage("*update would make a weight*");
        Save(network, trainer).Should().Equal(before);
        trainer.State.StepsTaken.Should().Be(0);
    }

    [Fact]
    public void A_fused_step_whose_cost_overflows_changes_no_weight()
    {
        // Given the 2-2-1 worked example after one ordinary step, and a target of 1e200: ½(a − y)² overflows
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(1.0)) { MiniBatchSize = 1 };
        trainer.Step(network, x, y);
        var before = Save(network, trainer);

        // When it steps on that target
        var step = () => trainer.Step(network, x, Matrix<double>.Build.Dense(1, 1, 1e200));

        // Then it diverges on the cost, and the checkpoint is the one before
        step.Should().Throw<TrainingDivergedException>().WithMessage("*cost is not finite*");
        Save(network, trainer).Should().Equal(before);
        trainer.State.StepsTaken.Should().Be(1);
    }

    private static void FusedAndGeneralAgree<T>(string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Given two copies of a network, one with the squared error (fused) and one with a delegating loss (general),
        // and plain SGD with η = 0.5 on each
        var fused = Build<T>(name, Loss<T>.SquaredError);
        var general = Build<T>(name, new DelegatingSquaredError<T>());
        fused.Training.Workspace(1).HasSampleStep.Should().BeTrue("the squared-error copy must take the fused step");
        general.Training.Workspace(1).HasSampleStep.Should().BeFalse("the delegating-loss copy must take the general path");
        var fusedTrainer = new Trainer<T>(new SgdOptimizer<T>(0.5)) { MiniBatchSize = 1 };
        var generalTrainer = new Trainer<T>(new SgdOptimizer<T>(0.5)) { MiniBatchSize = 1 };

        // When each takes 200 steps on the same random samples, one sample per step
        var random = new Random(11);
        var fusedCosts = new T[200];
        var generalCosts = new T[200];
        for (var s = 0; s < fusedCosts.Length; s++)
        {
            var x = Matrix<T>.Build.Dense(fused.InputSize, 1, TestData.UniformArray<T>(random, fused.InputSize));
            var y = Matrix<T>.Build.Dense(fused.OutputSize, 1, TestData.UniformArray<T>(random, fused.OutputSize, 0, 1));
            fusedCosts[s] = fusedTrainer.Step(fused, x, y);
            generalCosts[s] = generalTrainer.Step(general, x, y);
        }

        // Then every cost, the last step's gradients and deltas, and the weights are bit-identical
        Bitwise.ShouldEqual(generalCosts, fusedCosts, "the costs");
        var fusedWorkspace = fused.Training.Workspace(1);
        var generalWorkspace = general.Training.Workspace(1);
        for (var l = 0; l < fused.Layers.Count; l++)
        {
            Bitwise.ShouldEqual(generalWorkspace.Deltas[l], fusedWorkspace.Deltas[l], $"layer {l}'s δ");
            Bitwise.ShouldEqual(generalWorkspace.WeightGradients[l], fusedWorkspace.WeightGradients[l], $"layer {l}'s ∂C/∂W");
            Bitwise.ShouldEqual(generalWorkspace.BiasGradients[l], fusedWorkspace.BiasGradients[l], $"layer {l}'s ∂C/∂b");
        }

        ParameterSnapshot.Of(general).ShouldBeBitIdenticalTo(fused, "the fused step must update as the general path does");
    }

    private static Network<T> Build<T>(string name, Loss<T> loss)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // The same weights for both copies: drawn from one seed.
        var random = new Random(5);
        DenseLayer<T> Layer(int inputs, int neurons, Activation<T> activation, bool hasBiases)
            => new(
                Matrix<T>.Build.Dense(neurons, inputs, TestData.UniformArray<T>(random, neurons * inputs)),
                hasBiases ? Vector<T>.Build.Dense(TestData.UniformArray<T>(random, neurons, -0.5, 0.5)) : null,
                activation);
        var sigmoid = Activation<T>.Sigmoid;
        DenseLayer<T>[] layers = name switch
        {
            "2-2-1 sigmoid without biases" => [Layer(2, 2, sigmoid, false), Layer(2, 1, sigmoid, false)],
            "2-3-2-1 sigmoid" => [Layer(2, 3, sigmoid, true), Layer(3, 2, sigmoid, true), Layer(2, 1, sigmoid, true)],
            "2-8-1 sigmoid (8 neurons: the vector sigmoid)" => [Layer(2, 8, sigmoid, true), Layer(8, 1, sigmoid, true)],
            "3-5-4-2 tanh, relu, identity" => [Layer(3, 5, Activation<T>.Tanh, true), Layer(5, 4, Activation<T>.Relu, true), Layer(4, 2, Activation<T>.Identity, true)],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        return new Network<T>(layers, loss) { MaxDegreeOfParallelism = 1 };
    }

    private static byte[] Save(Network<double> network, Trainer<double> trainer)
    {
        using var stream = new MemoryStream();
        new Checkpoint<double>(network, trainer).Save(stream);
        return stream.ToArray();
    }

    /// <summary>The squared error through the public seam only (a custom loss): the library cannot fuse it.</summary>
    private sealed class DelegatingSquaredError<T> : Loss<T>
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        public override string Name => "delegating-squared-error";

        public override T Cost(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int outputSize)
            => SquaredError.Cost(weightedInputs, outputs, targets, outputSize);

        public override void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int outputSize)
            => SquaredError.Gradient(outputs, targets, gradient, outputSize);
    }
}
