
namespace Backprop.Tests.Optimizers;

/// <summary>
/// <see cref="LearningRateSchedule"/>: each schedule's rate at a few steps against its formula worked by hand, and an
/// optimizer taking each step with the rate its schedule gives that step.
/// </summary>
public sealed class LearningRateScheduleTests
{
    private const double Tolerance = 1e-15;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Constant_is_the_base_rate_at_every_step(long step)
        => LearningRateSchedule.Constant.LearningRateAt(step, 0.1).Should().Be(0.1);

    /// <remarks>η·factor^⌊(t−1)/stepSize⌋ with η = 0.1, factor 0.5, every 3 steps.</remarks>
    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.05)]
    [InlineData(6, 0.05)]
    [InlineData(7, 0.025)]
    [InlineData(10, 0.0125)]
    public void Step_decay_halves_the_rate_every_three_steps(long step, double expected)
        => LearningRateSchedule.StepDecay(3, 0.5).LearningRateAt(step, 0.1).Should().BeApproximately(expected, Tolerance);

    /// <remarks>η·factor^(t−1) with η = 0.1 and factor 0.9: 0.1, 0.09, 0.081, …, 0.1·0.9¹⁰ = 0.03486784401.</remarks>
    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(2, 0.09)]
    [InlineData(3, 0.081)]
    [InlineData(11, 0.03486784401)]
    public void Exponential_multiplies_the_rate_by_the_factor_every_step(long step, double expected)
        => LearningRateSchedule.Exponential(0.9).LearningRateAt(step, 0.1).Should().BeApproximately(expected, Tolerance);

    /// <remarks>
    /// Loshchilov &amp; Hutter (2017), eq. 5 without restarts: <c>ηmin + ½(η − ηmin)(1 + cos(π·Tcur/T))</c> with
    /// <c>Tcur = t − 1</c>; η = 0.1, ηmin = 0.01, T = 10: 0.1 at the start, the midpoint 0.055 at Tcur = 5, 0.01 from
    /// Tcur = 10 on; at Tcur = 2, cos(π/5) = (1 + √5)/4.
    /// </remarks>
    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(6, 0.055)]
    [InlineData(11, 0.01)]
    [InlineData(50, 0.01)]
    public void Cosine_anneals_from_the_base_rate_to_the_minimum_over_the_given_steps(long step, double expected)
        => LearningRateSchedule.Cosine(10, 0.01).LearningRateAt(step, 0.1).Should().BeApproximately(expected, Tolerance);

    [Fact]
    public void Cosine_between_the_ends_follows_the_cosine()
    {
        var expected = 0.01 + (0.5 * 0.09 * (1 + ((1 + Math.Sqrt(5)) / 4)));

        LearningRateSchedule.Cosine(10, 0.01).LearningRateAt(3, 0.1).Should().BeApproximately(expected, Tolerance);
        LearningRateSchedule.Cosine(4).LearningRateAt(3, 1.0).Should().BeApproximately(0.5, Tolerance);
    }

    /// <remarks>Linear warm-up η·t/W for t ≤ W = 4 (0.025, 0.05, 0.075, 0.1), then the constant rate.</remarks>
    [Theory]
    [InlineData(1, 0.025)]
    [InlineData(2, 0.05)]
    [InlineData(3, 0.075)]
    [InlineData(4, 0.1)]
    [InlineData(5, 0.1)]
    public void Warm_up_rises_linearly_to_the_base_rate(long step, double expected)
        => LearningRateSchedule.Constant.WithWarmup(4).LearningRateAt(step, 0.1).Should().BeApproximately(expected, Tolerance);

    /// <remarks>Warm-up over 3 steps (η/3, 2η/3, η), then step decay counted from 1 again: η, η, η/2, η/2, η/4 at steps 4 to 8.</remarks>
    [Theory]
    [InlineData(1, 0.1 / 3)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.1)]
    [InlineData(5, 0.1)]
    [InlineData(6, 0.05)]
    [InlineData(7, 0.05)]
    [InlineData(8, 0.025)]
    [InlineData(9, 0.025)]
    public void After_warm_up_the_wrapped_schedule_starts_from_its_own_first_step(long step, double expected)
        => LearningRateSchedule.StepDecay(2, 0.5).WithWarmup(3).LearningRateAt(step, 0.1).Should().BeApproximately(expected, Tolerance);

    [Fact]
    public void An_optimizer_without_a_schedule_has_a_constant_rate_and_with_one_the_schedules()
    {
        var constant = new SgdOptimizer<double>(0.3);
        var scheduled = new SgdOptimizer<double>(0.3) { Schedule = LearningRateSchedule.Exponential(0.5) };

        constant.LearningRateAt(7).Should().Be(0.3);
        scheduled.LearningRateAt(1).Should().Be(0.3);
        scheduled.LearningRateAt(3).Should().BeApproximately(0.075, Tolerance);
    }

    /// <summary>Reference: gradient descent with <c>ηₜ = 0.5·0.5^(t−1)</c> (0.5, 0.25, 0.125).</summary>
    [Fact]
    public void Sgd_steps_with_the_scheduled_rate_of_each_step()
    {
        double[] rates = [0.5, 0.25, 0.125];

        ReferenceSteps.ShouldMatch(new SgdOptimizer<double>(0.5) { Schedule = LearningRateSchedule.Exponential(0.5) }, (t, theta, g, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                theta[i] -= rates[t - 1] * g[i];
            }
        });
    }

    /// <summary>
    /// Reference: Kingma &amp; Ba's Algorithm 1 with <c>αₜ</c> from a 2-step warm-up of 0.02 then cosine over 4 steps:
    /// 0.01, 0.02, then 0.02·(1 + cos(π·k/4))/2 for k = 0, 1, 2: 0.02, 0.02·(2 + √2)/4, 0.01. The bias correction
    /// keeps counting the trainer's steps through the warm-up.
    /// </summary>
    [Fact]
    public void Adam_steps_with_the_scheduled_rate_of_each_step()
    {
        double[] rates = [0.01, 0.02, 0.02, 0.02 * (2 + Math.Sqrt(2)) / 4, 0.01];
        var m = new double[ReferenceSteps.ParameterCount];
        var v = new double[ReferenceSteps.ParameterCount];

        ReferenceSteps.ShouldMatch(
            new AdamOptimizer<double>(0.02) { Schedule = LearningRateSchedule.Cosine(4).WithWarmup(2) },
            (t, theta, g, _) =>
            {
                for (var i = 0; i < theta.Length; i++)
                {
                    m[i] = (0.9 * m[i]) + (0.1 * g[i]);
                    v[i] = (0.999 * v[i]) + (0.001 * g[i] * g[i]);
                    var mHat = m[i] / (1 - Math.Pow(0.9, t));
                    var vHat = v[i] / (1 - Math.Pow(0.999, t));
                    theta[i] -= rates[t - 1] * mHat / (Math.Sqrt(vHat) + 1e-8);
                }
            },
            steps: 5);
    }

    [Fact]
    public void Schedules_refuse_arguments_out_of_range()
    {
        var actions = new Action[]
        {
            () => LearningRateSchedule.StepDecay(0, 0.5),
            () => LearningRateSchedule.StepDecay(2, 0),
            () => LearningRateSchedule.StepDecay(2, 1.5),
            () => LearningRateSchedule.Exponential(0),
            () => LearningRateSchedule.Exponential(1.01),
            () => LearningRateSchedule.Exponential(double.NaN),
            () => LearningRateSchedule.Cosine(0),
            () => LearningRateSchedule.Cosine(10, -0.1),
            () => LearningRateSchedule.Constant.WithWarmup(0),
        };

        foreach (var action in actions)
        {
            action.Should().Throw<ArgumentOutOfRangeException>();
        }
    }
}
