using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// <see cref="SgdOptimizer{T}"/>: its first three steps on the 2-3-2-1 problem of <see cref="ReferenceSteps"/> equal
/// plain gradient descent, heavy-ball momentum and Nesterov momentum written out from their published forms.
/// </summary>
public sealed class SgdOptimizerTests
{
    /// <summary>Reference: gradient descent, <c>θ ← θ − η·g</c> (Nielsen, "Neural Networks and Deep Learning", ch. 1).</summary>
    [Fact]
    public void Plain_steps_are_minus_learning_rate_times_the_gradient()
    {
        const double eta = 0.5;

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta), (_, theta, g, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                theta[i] -= eta * g[i];
            }
        });
    }

    /// <summary>
    /// Reference: the heavy-ball form of Polyak (1964) as Sutskever et al. (2013, eq. 1–2) and Keras's <c>SGD</c> write
    /// it, <c>v ← μ·v − η·g</c>, <c>θ ← θ + v</c>, with <c>v₀ = 0</c> (the library stores <c>v ← μ·v + g</c> instead).
    /// </summary>
    [Fact]
    public void Momentum_steps_follow_the_heavy_ball_velocity()
    {
        const double eta = 0.5;
        const double mu = 0.9;
        var velocity = new double[ReferenceSteps.ParameterCount];

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { Momentum = mu }, (_, theta, g, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                velocity[i] = (mu * velocity[i]) - (eta * g[i]);
                theta[i] += velocity[i];
            }
        });
    }

    /// <summary>
    /// Reference: Nesterov momentum in the form of Bengio, Boulanger-Lewandowski &amp; Pascanu (2013) and Keras's
    /// <c>SGD(nesterov=True)</c>: <c>v ← μ·v − η·g</c>, <c>θ ← θ + μ·v − η·g</c>.
    /// </summary>
    [Fact]
    public void Nesterov_steps_add_the_look_ahead_of_the_new_velocity()
    {
        const double eta = 0.5;
        const double mu = 0.9;
        var velocity = new double[ReferenceSteps.ParameterCount];

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { Momentum = mu, Nesterov = true }, (_, theta, g, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                velocity[i] = (mu * velocity[i]) - (eta * g[i]);
                theta[i] += (mu * velocity[i]) - (eta * g[i]);
            }
        });
    }

    [Fact]
    public void Momentum_zero_is_plain_sgd_bit_for_bit()
    {
        // Given two copies of the problem, one stepped by plain SGD and one by SGD with Momentum = 0 set explicitly
        var plain = ReferenceSteps.ExampleTwoNetwork();
        var zeroMomentum = ReferenceSteps.ExampleTwoNetwork();
        var plainTrainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 4 };
        var zeroTrainer = new Trainer<double>(new SgdOptimizer<double>(0.5) { Momentum = 0 }) { MiniBatchSize = 4 };

        // When both make three steps
        for (var step = 0; step < 3; step++)
        {
            plainTrainer.Step(plain, ReferenceSteps.Inputs, ReferenceSteps.Targets);
            zeroTrainer.Step(zeroMomentum, ReferenceSteps.Inputs, ReferenceSteps.Targets);
        }

        // Then they hold the same bits
        ParameterSnapshot<double>.Of(plain).ShouldBeBitIdenticalTo(zeroMomentum);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Momentum_outside_zero_to_one_is_refused(double momentum)
    {
        var create = () => new SgdOptimizer<double>(0.1) { Momentum = momentum };

        create.Should().ThrowExactly<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_learning_rate_that_is_not_finite_and_positive_is_refused(double learningRate)
    {
        var create = () => new SgdOptimizer<double>(learningRate);

        create.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("learningRate");
    }
}
