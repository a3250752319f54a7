using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Diagnostics;

/// <summary>
/// The per-layer health that <c>Fit</c> reports (<see cref="LayerDiagnostics"/>), where each activation says what
/// saturated and dead mean for it. One epoch of one batch, so the weighted inputs counted are the initial network's,
/// recomputed here independently as <c>W·X + b</c>.
/// </summary>
public sealed class DiagnosticsCollectorTests
{
    private const int Samples = 40;
    private const int Hidden = 6;

    public static TheoryData<string> EveryActivation() => [.. TestActivations.All];

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void Saturation_is_reported_for_sigmoid_tanh_and_SiLU_and_dead_units_for_the_ReLUs(string activation)
    {
        // Given a 3-6-1 network with the activation in its hidden layer
        var (network, inputs, targets) = Problem(TestActivations.Named(activation), biasShift: 0);

        // When it trains for one epoch
        var layer = Diagnose(network, inputs, targets).Layers[0];

        // Then the hidden layer reports a saturated fraction only for the activations with flat tails, and a dead
        // fraction only for those whose units can die
        layer.ActivationName.Should().Be(TestActivations.Named(activation).Name);
        (layer.SaturatedFraction is not null).Should().Be(activation is "sigmoid" or "tanh" or "silu");
        (layer.DeadFraction is not null).Should().Be(activation is "relu" or "leaky-relu");
    }

    [Fact]
    public void SiLU_outputs_are_saturated_where_the_slope_is_below_one_hundredth_on_the_left_tail()
    {
        // Given a SiLU hidden layer whose biases push many weighted inputs far below 0
        var (network, inputs, targets) = Problem(Activation<double>.Silu, biasShift: -6);

        // When it trains for one epoch
        var layer = Diagnose(network, inputs, targets).Layers[0];

        // Then the saturated fraction is the share of z below −2.4 (past the slope's minimum) with |f′(z)| < 0.01,
        // f′ = σ(1 + z(1 − σ)) with σ(z) = ½(1 + tanh(z/2))
        var expected = Fraction(WeightedInputs(network, inputs), z =>
        {
            var sigma = 0.5 * (1 + Math.Tanh(z / 2));
            return z < -2.4 && Math.Abs(sigma * (1 + (z * (1 - sigma)))) < 0.01;
        });
        expected.Should().BeInRange(0.1, 0.9, "the problem puts weighted inputs on both sides of the edge");
        layer.SaturatedFraction.Should().BeApproximately(expected, 1e-12);
        layer.DeadFraction.Should().BeNull("a SiLU unit below 0 still passes back a gradient");
    }

    [Fact]
    public void Sigmoid_outputs_are_saturated_below_one_hundredth_and_above_ninety_nine_hundredths()
    {
        // Given a sigmoid hidden layer with weighted inputs spread over both tails
        var (network, inputs, targets) = Problem(Activation<double>.Sigmoid, biasShift: 0, scale: 8);

        // When it trains for one epoch
        var layer = Diagnose(network, inputs, targets).Layers[0];

        // Then the saturated fraction is the share of σ(z) outside [0.01, 0.99]
        var expected = Fraction(WeightedInputs(network, inputs), z => 1 / (1 + Math.Exp(-z)) is < 0.01 or > 0.99);
        expected.Should().BeInRange(0.1, 0.9);
        layer.SaturatedFraction.Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void A_leaky_ReLU_unit_whose_weighted_input_is_never_positive_counts_as_dead()
    {
        // Given a leaky ReLU layer whose first two units have biases no input can overcome
        var (network, inputs, targets) = Problem(Activation<double>.LeakyRelu(0.01), biasShift: 0);
        var biases = network.Layers[0].GetBiases()!.Clone();
        biases[0] = -100;
        biases[1] = -100;
        network.Layers[0].SetBiases(biases);
        var z = WeightedInputs(network, inputs);
        var dead = Enumerable.Range(0, Hidden).Count(i => z.Row(i).All(value => value <= 0));

        // When it trains for one epoch
        var layer = Diagnose(network, inputs, targets).Layers[0];

        // Then exactly the units that never fired are dead
        dead.Should().BeGreaterThanOrEqualTo(2);
        layer.DeadFraction.Should().Be((double)dead / Hidden);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(19)] // two 256-bit vectors of floats and a scalar tail of 3 (four of doubles and a tail of 3)
    public void The_saturation_count_is_the_number_of_values_outside_the_interval_for_any_length(int length)
    {
        // Given values alternating inside and outside [−1, 1], both ends included as inside
        double[] values = [.. Enumerable.Range(0, length).Select(i => (i % 4) switch { 0 => -1.0, 1 => 1.5, 2 => 1.0, _ => -7.0 })];
        var expected = values.Count(value => value is < -1 or > 1);

        // When and Then: the same count in double and in float
        DiagnosticsCollector<double>.CountOutside(values, -1, 1).Should().Be(expected);
        DiagnosticsCollector<float>.CountOutside([.. values.Select(value => (float)value)], -1, 1).Should().Be(expected);
    }

    [Theory]
    [InlineData("sgd", 40)] // the plain step, whose check of the update sums the squares of the gradient in its pass
    [InlineData("adam", 40)] // another optimizer: the diagnostics' own pass
    [InlineData("adam after sgd", 40)] // and not the sums of squares a plain step left in the network's buffers
    [InlineData("sgd", 1)] // one sample: the fused per-sample step
    public void The_gradient_norm_is_the_Frobenius_norm_of_the_weight_gradient_by_central_differences(string optimizer, int samples)
    {
        // Given a network and one batch of all the samples (so the epoch's mean norm is that batch's norm)
        var (network, inputs, targets) = Problem(Activation<double>.Tanh, biasShift: 0, scale: 1);
        inputs = inputs.SubMatrix(0, inputs.RowCount, 0, samples);
        targets = targets.SubMatrix(0, targets.RowCount, 0, samples);
        if (optimizer == "adam after sgd")
        {
            new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = samples, Epochs = 1, Shuffle = false }.Fit(network, inputs, targets);
        }

        var expected = CentralDifferenceNorms(network, inputs, targets);

        // When it is trained for one epoch
        Optimizer<double> step = optimizer == "sgd" ? new SgdOptimizer<double>(0.5) : new AdamOptimizer<double>(0.01);
        var trainer = new Trainer<double>(step) { MiniBatchSize = samples, Epochs = 1, Shuffle = false };
        var diagnostics = trainer.Fit(network, inputs, targets).Epochs[0].Diagnostics!;

        // Then each layer's gradient norm is ‖∂C/∂W‖_F by central differences (h = 1e-5, float64), to their error
        for (var l = 0; l < expected.Length; l++)
        {
            expected[l].Should().BeGreaterThan(1e-3, "the problem has a gradient to measure");
            diagnostics.Layers[l].GradientNorm.Should().BeApproximately(expected[l], 1e-6 * expected[l], "layer {0}", l);
        }
    }

    [Fact]
    public void The_gradient_norm_is_that_of_the_gradient_left_when_an_optimizer_evaluates_again_after_a_plain_step()
    {
        // Given a network, one batch of all the samples, and an optimizer that takes a plain SGD step and then evaluates
        // the objective at the new weights (as a bold-driver optimizer compares the new cost), refreshing the gradients
        var (network, inputs, targets) = Problem(Activation<double>.Tanh, biasShift: 0, scale: 1);
        var trainer = new Trainer<double>(new SgdThenEvaluate()) { MiniBatchSize = Samples, Epochs = 1, Shuffle = false };

        // When it is trained for one epoch
        var diagnostics = trainer.Fit(network, inputs, targets).Epochs[0].Diagnostics!;

        // Then each layer's norm is that of the gradient the step left in the workspace (at the new weights), not the
        // sum of squares the plain step's check measured before the evaluation
        var expected = CentralDifferenceNorms(network, inputs, targets);
        for (var l = 0; l < expected.Length; l++)
        {
            diagnostics.Layers[l].GradientNorm.Should().BeApproximately(expected[l], 1e-6 * expected[l], "layer {0}", l);
        }
    }

    /// <summary>Per layer, the Frobenius norm of dC/dW of the mean cost, each derivative <c>(C(w + h) − C(w − h)) / 2h</c>.</summary>
    private static double[] CentralDifferenceNorms(Network<double> network, Matrix<double> inputs, Matrix<double> targets)
    {
        const double h = 1e-5;
        var norms = new double[network.Layers.Count];
        for (var l = 0; l < norms.Length; l++)
        {
            var layer = network.Layers[l];
            var weights = layer.GetWeights();
            var sum = 0.0;
            for (var i = 0; i < weights.RowCount; i++)
            {
                for (var j = 0; j < weights.ColumnCount; j++)
                {
                    var w = weights[i, j];
                    weights[i, j] = w + h;
                    layer.SetWeights(weights);
                    var above = network.Cost(inputs, targets);
                    weights[i, j] = w - h;
                    layer.SetWeights(weights);
                    var below = network.Cost(inputs, targets);
                    weights[i, j] = w;
                    layer.SetWeights(weights);
                    var derivative = (above - below) / (2 * h);
                    sum += derivative * derivative;
                }
            }

            norms[l] = Math.Sqrt(sum);
        }

        return norms;
    }

    private static TrainingDiagnostics Diagnose(Network<double> network, Matrix<double> inputs, Matrix<double> targets)
    {
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.01)) { MiniBatchSize = Samples, Epochs = 1, Shuffle = false };
        return trainer.Fit(network, inputs, targets).Epochs[0].Diagnostics!;
    }

    /// <summary>A 3-6-1 network (sigmoid output) with weights uniform in ±<paramref name="scale"/>, and a batch of 40.</summary>
    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets) Problem(Activation<double> hidden, double biasShift, double scale = 3)
    {
        var random = new Random(17);
        double Uniform(double low, double high) => low + ((high - low) * random.NextDouble());
        var network = new Network<double>(
            [
                new DenseLayer<double>(Matrix<double>.Build.Dense(Hidden, 3, (_, _) => Uniform(-scale, scale)), Vector<double>.Build.Dense(Hidden, _ => biasShift + Uniform(-1, 1)), hidden),
                new DenseLayer<double>(Matrix<double>.Build.Dense(1, Hidden, (_, _) => Uniform(-1, 1)), Activation<double>.Sigmoid),
            ],
            null);
        var inputs = Matrix<double>.Build.Dense(3, Samples, (_, _) => Uniform(-1, 1));
        var targets = Matrix<double>.Build.Dense(1, Samples, (_, j) => j % 2);
        return (network, inputs, targets);
    }

    /// <summary>The hidden layer's weighted inputs <c>W·X + b</c>, one column per sample.</summary>
    private static Matrix<double> WeightedInputs(Network<double> network, Matrix<double> inputs)
    {
        var layer = network.Layers[0];
        var z = layer.GetWeights() * inputs;
        for (var j = 0; j < z.ColumnCount; j++)
        {
            z.SetColumn(j, z.Column(j) + layer.GetBiases()!);
        }

        return z;
    }

    private static double Fraction(Matrix<double> values, Func<double, bool> predicate)
        => (double)values.Enumerate().Count(predicate) / (values.RowCount * values.ColumnCount);

    /// <summary>A plain SGD step, then an evaluation of the objective at the new weights.</summary>
    private sealed class SgdThenEvaluate : Optimizer<double>
    {
        private readonly SgdOptimizer<double> _sgd = new(0.5);

        public override string Name => "sgd-then-evaluate";

        public override double Step(TrainingObjective<double> objective)
        {
            var cost = _sgd.Step(objective);
            objective.Evaluate();
            return cost;
        }

        public override void Reset() => _sgd.Reset();
    }
}
