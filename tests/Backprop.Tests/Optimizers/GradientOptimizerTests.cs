
namespace Backprop.Tests.Optimizers;

/// <summary>
/// What <see cref="GradientOptimizer{T}"/> adds to every mini-batch optimizer: L2 weight decay on the weights and
/// clipping by global norm, each checked over three steps against a reference written from its published rule.
/// </summary>
public sealed class GradientOptimizerTests
{
    /// <summary>
    /// Reference: L2 regularisation as in Nielsen, ch. 3, "Regularization" (his λ/n written λ): <c>∂C/∂w + λ·w</c> for
    /// the weights, the biases' gradient unchanged.
    /// </summary>
    [Fact]
    public void Weight_decay_adds_lambda_times_each_weight_to_its_gradient_and_leaves_biases_alone()
    {
        const double eta = 0.5;
        const double lambda = 0.1;

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { WeightDecay = lambda }, (_, theta, g, isBias) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                var decayed = isBias[i] ? g[i] : g[i] + (lambda * theta[i]);
                theta[i] -= eta * decayed;
            }
        });
    }

    /// <summary>
    /// Reference: <c>torch.optim.SGD</c> with <c>weight_decay</c> on the weights: the decayed gradient
    /// <c>g + λ·w</c> enters the momentum buffer, <c>b ← μ·b + g</c>, <c>θ ← θ − η·b</c>.
    /// </summary>
    [Fact]
    public void Weight_decay_enters_the_momentum_buffer()
    {
        const double eta = 0.5;
        const double mu = 0.8;
        const double lambda = 0.05;
        var buffer = new double[ReferenceSteps.ParameterCount];

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { Momentum = mu, WeightDecay = lambda }, (_, theta, g, isBias) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                var decayed = isBias[i] ? g[i] : g[i] + (lambda * theta[i]);
                buffer[i] = (mu * buffer[i]) + decayed;
                theta[i] -= eta * buffer[i];
            }
        });
    }

    /// <summary>
    /// Reference: clipping by global norm (Pascanu, Mikolov &amp; Bengio, 2013, Algorithm 1): if
    /// <c>‖g‖ ≥ c</c>, <c>g ← (c/‖g‖)·g</c>, with the norm over every weight and bias of the network.
    /// </summary>
    [Fact]
    public void Clipping_scales_the_whole_gradient_down_to_the_given_global_norm()
    {
        const double eta = 2.0;
        const double maximumNorm = 0.01;
        var clippedSteps = 0;

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { GradientClipNorm = maximumNorm }, (_, theta, g, _) =>
        {
            var norm = Math.Sqrt(g.Sum(value => value * value));
            var scale = norm >= maximumNorm ? maximumNorm / norm : 1.0;
            clippedSteps += norm >= maximumNorm ? 1 : 0;
            for (var i = 0; i < theta.Length; i++)
            {
                theta[i] -= eta * scale * g[i];
            }
        });

        clippedSteps.Should().Be(3, "the gradient norm of this problem is well above 0.01, so every step clips");
    }

    [Fact]
    public void A_gradient_already_inside_the_clipping_norm_is_left_as_it_is()
    {
        const double eta = 0.5;

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { GradientClipNorm = 100 }, (_, theta, g, _) =>
        {
            Math.Sqrt(g.Sum(value => value * value)).Should().BeLessThan(100);
            for (var i = 0; i < theta.Length; i++)
            {
                theta[i] -= eta * g[i];
            }
        });
    }

    /// <summary>
    /// Reference: the order of a PyTorch training step, <c>clip_grad_norm_</c> on the backprop gradient and then the
    /// optimizer's weight decay: <c>g ← clip(g)</c>, then <c>g + λ·w</c> for the weights.
    /// </summary>
    [Fact]
    public void Clipping_comes_before_weight_decay()
    {
        const double eta = 1.0;
        const double lambda = 0.2;
        const double maximumNorm = 0.02;

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(eta) { WeightDecay = lambda, GradientClipNorm = maximumNorm }, (_, theta, g, isBias) =>
        {
            var norm = Math.Sqrt(g.Sum(value => value * value));
            var scale = norm >= maximumNorm ? maximumNorm / norm : 1.0;
            for (var i = 0; i < theta.Length; i++)
            {
                var clipped = scale * g[i];
                theta[i] -= eta * (isBias[i] ? clipped : clipped + (lambda * theta[i]));
            }
        });
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Weight_decay_that_is_negative_or_not_finite_is_refused(double lambda)
    {
        var create = () => new SgdOptimizer<double>(0.1) { WeightDecay = lambda };

        create.Should().ThrowExactly<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_clipping_norm_that_is_not_finite_and_positive_is_refused(double maximumNorm)
    {
        var create = () => new AdamOptimizer<double>() { GradientClipNorm = maximumNorm };

        create.Should().ThrowExactly<ArgumentOutOfRangeException>();
    }
}
