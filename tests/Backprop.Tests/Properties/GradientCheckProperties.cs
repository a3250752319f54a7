using Backprop.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backprop.Tests.Properties;

/// <summary>
/// For every generated architecture, the backward pass agrees with central finite differences of the cost in
/// float64, through the library's public <see cref="GradientCheck"/>.
/// </summary>
[Properties(Arbitrary = [typeof(NetworkArbitraries)])]
public sealed class GradientCheckProperties
{
    /// <summary>Cases with a |z| this close to a kink (ReLU, leaky ReLU, ELU at 0) are discarded.</summary>
    public const double KinkMargin = 1e-3;

    /// <summary>
    /// The finite-difference step h, near ε^(1/3), where the difference's rounding error (≈ ε·C/h ≈ 2e-11·C) and
    /// truncation error (≈ h²·C‴/6) are both small (the check's float64 default). A step of 1e-6 would have ten times the
    /// rounding error, 2e-10·C, already twice the 1e-10 that a relative error of 1e-6 allows a gradient below an
    /// absolute floor of 1e-4 (generated cases failed by 2.5e-6 with C ≈ ln 9).
    /// </summary>
    public const double Step = 1e-5;

    /// <summary>The largest relative error allowed for a cost of at most 1.</summary>
    public const double Tolerance = 1e-6;

    [Property(MaxTest = 200, MaxRejected = 400)]
    public Property Backprop_equals_central_finite_differences_for_every_architecture_activation_and_loss(NetworkCase c)
    {
        // Given a generated network, batch and targets (discarded when a kinked activation sees |z| < 1e-3)
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();
        var targets = c.CreateTargets();
        var awayFromKinks = c.SmallestWeightedInputAtKinks(network, inputs, targets) >= KinkMargin;

        return Prop.When(awayFromKinks, () =>
        {
            // When every weight's and bias's gradient is compared with (C(θ + h) − C(θ − h)) / 2h
            var report = GradientCheck.Run(network, inputs, targets, Step);

            // Then every relative error is at most 1e-6 · max(1, C). The per-sample cost sums over up to 16 outputs
            // (C reaches 12 for binary cross-entropy), and the rounding error of C(θ ± h) grows with C: for a
            // gradient below the absolute floor of 1e-4 the check's relative error is |g − fd| / 1e-4, and
            // |g − fd| ≈ k·ε·C/h ≈ k·2.2e-11·C, so a fixed 1e-6 fails correct gradients (about 3 % of cases, all
            // with C > 3). Scaled by max(1, C) the worst case in 6,000 was 0.41 of the tolerance.
            var tolerance = Tolerance * Math.Max(1, network.Cost(inputs, targets));
            report.Passed(tolerance).Should().BeTrue(
                "backprop must equal the finite differences (tolerance {0:E2}) for {1}:\n{2}", tolerance, c, report);
        }).Collect(c.Loss);
    }
}
