
namespace Backprop.Tests.Optimizers;

/// <summary><see cref="IRpropMinusOptimizer{T}"/>: full-batch steps against iRprop− written out from Igel &amp; Hüsken (2000).</summary>
public sealed class IRpropMinusOptimizerTests
{
    /// <summary>
    /// Reference: iRprop− (Igel &amp; Hüsken, 2000, "Improving the Rprop learning algorithm", Fig. 2 pseudo-code): per
    /// parameter, if <c>g⁽ᵗ⁻¹⁾·g⁽ᵗ⁾ &gt; 0</c> then <c>Δ ← min(Δ·η⁺, Δmax)</c>; else if it is <c>&lt; 0</c> then
    /// <c>Δ ← max(Δ·η⁻, Δmin)</c> and <c>g⁽ᵗ⁾ ← 0</c>; then <c>θ ← θ − sign(g⁽ᵗ⁾)·Δ</c>, with <c>g⁽⁰⁾ = 0</c> and
    /// <c>Δ = Δ₀</c> at the start. The bounds here are tight so that eight steps take every branch, both clamps included.
    /// </summary>
    [Fact]
    public void Steps_grow_or_shrink_each_step_size_with_the_sign_of_the_gradient()
    {
        const double initial = 0.3;
        const double increase = 1.2;
        const double decrease = 0.5;
        const double maximum = 0.4;
        const double minimum = 0.1;
        var optimizer = new IRpropMinusOptimizer<double>(initialStep: initial, minimumStep: minimum, maximumStep: maximum)
        {
            IncreaseFactor = increase,
            DecreaseFactor = decrease,
        };
        var branches = new Dictionary<string, int> { ["grow"] = 0, ["shrink"] = 0, ["clamp to maximum"] = 0, ["clamp to minimum"] = 0 };

        ReferenceSteps.ShouldMatch(optimizer, IgelHusken(initial, increase, decrease, maximum, minimum, branches), steps: 8);

        branches.Values.Should().OnlyContain(count => count > 0, "every branch of the rule must be exercised: {0}", string.Join(", ", branches));
    }

    /// <summary>Reference as above with the defaults of Riedmiller &amp; Braun (1993): Δ₀ = 0.1, η⁺ = 1.2, η⁻ = 0.5, Δmax = 50, Δmin = 1e-6.</summary>
    [Fact]
    public void The_first_three_default_steps_follow_the_rule_with_riedmiller_and_brauns_constants()
    {
        var optimizer = new IRpropMinusOptimizer<double>();
        optimizer.InitialStep.Should().Be(0.1);
        optimizer.IncreaseFactor.Should().Be(1.2);
        optimizer.DecreaseFactor.Should().Be(0.5);
        optimizer.MaximumStep.Should().Be(50);
        optimizer.MinimumStep.Should().Be(1e-6);

        ReferenceSteps.ShouldMatch(optimizer, IgelHusken(0.1, 1.2, 0.5, 50, 1e-6, []));
    }

    private static ReferenceSteps.Update IgelHusken(
        double initial, double increase, double decrease, double maximum, double minimum, Dictionary<string, int> branches)
    {
        var stepSizes = Enumerable.Repeat(initial, ReferenceSteps.ParameterCount).ToArray();
        var previous = new double[ReferenceSteps.ParameterCount];
        void Count(string branch) => branches[branch] = branches.GetValueOrDefault(branch) + 1;
        return (_, theta, gradient, _) =>
        {
            for (var i = 0; i < theta.Length; i++)
            {
                var g = gradient[i];
                if (previous[i] * g > 0)
                {
                    Count("grow");
                    var grown = stepSizes[i] * increase;
                    if (grown > maximum)
                    {
                        Count("clamp to maximum");
                    }

                    stepSizes[i] = Math.Min(grown, maximum);
                }
                else if (previous[i] * g < 0)
                {
                    Count("shrink");
                    var shrunk = stepSizes[i] * decrease;
                    if (shrunk < minimum)
                    {
                        Count("clamp to minimum");
                    }

                    stepSizes[i] = Math.Max(shrunk, minimum);
                    g = 0;
                }

                theta[i] -= Math.Sign(g) * stepSizes[i];
                previous[i] = g;
            }
        };
    }
}
