using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;
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
    /// <remarks>
    /// The per-sample cost sums over up to 16 outputs (C reaches 12 for binary cross-entropy), and the rounding error
    /// of C(θ ± h) grows with C (about ε·C/h ≈ 2e-11·C); <see cref="GradientCheck"/> scales its absolute floor by
    /// max(1, C) for that reason, so the fixed tolerance of <see cref="GradientChecks.MaxRelativeError"/> (1e-6) holds
    /// for every cost: in 4,000 generated cases the worst relative error was 5.6e-7 (C ≈ 9).
    /// </remarks>
    [Property(MaxTest = 200, MaxRejected = 400)]
    public Property Backprop_equals_central_finite_differences_for_every_architecture_activation_and_loss(NetworkCase c)
    {
        // Given a generated network, batch and targets (discarded when a kinked activation sees |z| below the kink margin of 1e-3)
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();
        var targets = c.CreateTargets();
        var awayFromKinks = c.SmallestWeightedInputAtKinks(network, inputs, targets) >= GradientChecks.KinkMargin;

        return Prop.When(awayFromKinks, () =>
        {
            // When every weight's and bias's gradient is compared with (C(θ + h) − C(θ − h)) / 2h
            // Then every relative error is at most 1e-6
            GradientChecks.ShouldAgreeWithBackprop(network, inputs, targets);
        }).Collect(c.Loss);
    }
}
