
namespace Backprop.Tests.Optimizers;

/// <summary><see cref="AdamWOptimizer{T}"/>: Adam with decoupled weight decay, in PyTorch's form, over three steps.</summary>
public sealed class AdamWOptimizerTests
{
    /// <summary>
    /// Reference: Loshchilov &amp; Hutter (2019) as <c>torch.optim.AdamW</c> documents it: <c>θ ← θ − γλθ</c> for every
    /// parameter (biases included), then the Adam update of Kingma &amp; Ba's Algorithm 1 with the gradient taken
    /// before the decay.
    /// </summary>
    [Fact]
    public void Steps_decay_every_parameter_by_learning_rate_times_lambda_then_take_the_adam_step()
    {
        const double gamma = 0.01;
        const double lambda = 0.1;
        var adam = AdamOptimizerTests.KingmaBa(gamma, 0.9, 0.999, 1e-8);

        ReferenceSteps.ShouldMatch(new AdamWOptimizer<double>(gamma) { DecoupledWeightDecay = lambda }, (t, theta, g, isBias) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                theta[i] -= gamma * lambda * theta[i];
            }

            adam(t, theta, g, isBias);
        });
    }

    [Fact]
    public void With_no_decay_the_steps_are_adams()
        => ReferenceSteps.ShouldMatch(
            new AdamWOptimizer<double>(0.01) { DecoupledWeightDecay = 0 },
            AdamOptimizerTests.KingmaBa(0.01, 0.9, 0.999, 1e-8));

    [Fact]
    public void The_default_decay_is_pytorchs()
        => new AdamWOptimizer<double>().DecoupledWeightDecay.Should().Be(0.01);

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_decay_that_is_negative_or_not_finite_is_refused(double lambda)
    {
        var create = () => new AdamWOptimizer<double>(0.01) { DecoupledWeightDecay = lambda };

        create.Should().ThrowExactly<ArgumentOutOfRangeException>();
    }
}
