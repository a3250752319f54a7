
namespace Backprop.Tests.Optimizers;

/// <summary><see cref="RmsPropOptimizer{T}"/>: three steps against RMSProp written out in PyTorch's form.</summary>
public sealed class RmsPropOptimizerTests
{
    /// <summary>
    /// Reference: Hinton's RMSProp (Coursera lecture 6e) as <c>torch.optim.RMSprop</c> documents it (not centred, no
    /// momentum): <c>v ← α·v + (1−α)·g²</c>, <c>θ ← θ − γ·g/(√v + ε)</c>, with <c>v₀ = 0</c>.
    /// </summary>
    [Theory]
    [InlineData(0.01, 0.99, 1e-8, false)]
    [InlineData(0.005, 0.9, 1e-4, true)]
    public void Steps_divide_the_gradient_by_the_root_of_its_running_mean_square(double gamma, double alpha, double epsilon, bool setHyperParameters)
    {
        var optimizer = setHyperParameters
            ? new RmsPropOptimizer<double>(gamma) { Alpha = alpha, Epsilon = epsilon }
            : new RmsPropOptimizer<double>(gamma);
        var meanSquare = new double[ReferenceSteps.ParameterCount];

        ReferenceSteps.ShouldMatch(optimizer, (_, theta, g, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                meanSquare[i] = (alpha * meanSquare[i]) + ((1 - alpha) * g[i] * g[i]);
                theta[i] -= gamma * g[i] / (Math.Sqrt(meanSquare[i]) + epsilon);
            }
        });
    }

    [Fact]
    public void The_defaults_are_pytorchs()
    {
        var rmsProp = new RmsPropOptimizer<double>();

        rmsProp.LearningRate.Should().Be(0.01);
        rmsProp.Alpha.Should().Be(0.99);
        rmsProp.Epsilon.Should().Be(1e-8);
    }
}
