using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// The output error δᴸ is flushed to zero where it would be subnormal (below 2⁻¹²⁶ ≈ 1.2·10⁻³⁸ in float32), on the batch
/// path and in the fused per-sample step alike, and kept where it is normal. The network: one input, one sigmoid output
/// with the squared error, w = 0, x = 1, y = 0 and a bias b, so that a = σ(b) and δᴸ = (a − y)·a·(1 − a) ≈ a².
/// </summary>
public sealed class SubnormalOutputErrorTests
{
    /// <summary>b = ln 10⁻²⁰: a ≈ 10⁻²⁰, δᴸ ≈ 10⁻⁴⁰, subnormal in float32.</summary>
    private static readonly float SubnormalBias = (float)Math.Log(1e-20);

    /// <summary>b = ln 10⁻¹⁸: a ≈ 10⁻¹⁸, δᴸ ≈ 10⁻³⁶, normal.</summary>
    private static readonly float NormalBias = (float)Math.Log(1e-18);

    [Fact]
    public void A_subnormal_output_error_gives_gradients_of_exactly_zero()
    {
        // Given the network with a ≈ 1e-20 (its exact δᴸ, computed in float64, is about 1e-40)
        ExactOutputError(SubnormalBias).Should().BeInRange(1e-41, 1.1754943508222875e-38, "the case must be a subnormal δᴸ");
        var network = Network(SubnormalBias);

        // When its gradients are computed
        var gradients = network.ComputeGradients(Matrix<float>.Build.Dense(1, 1, 1f), Matrix<float>.Build.Dense(1, 1, 0f));

        // Then δᴸ, ∂C/∂w and ∂C/∂b are +0
        var layer = gradients.Layers[0];
        BitConverter.SingleToInt32Bits(layer.Delta[0, 0]).Should().Be(0);
        BitConverter.SingleToInt32Bits(layer.WeightGradient[0, 0]).Should().Be(0);
        BitConverter.SingleToInt32Bits(layer.BiasGradient![0]).Should().Be(0);
    }

    [Fact]
    public void A_normal_output_error_is_kept()
    {
        // Given the network with a ≈ 1e-18 (δᴸ ≈ 1e-36, normal)
        var network = Network(NormalBias);

        // When its gradients are computed
        var gradients = network.ComputeGradients(Matrix<float>.Build.Dense(1, 1, 1f), Matrix<float>.Build.Dense(1, 1, 0f));

        // Then ∂C/∂w = δᴸ·x is δᴸ computed in float64, to float32's rounding of a few operations
        var expected = ExactOutputError(NormalBias);
        ((double)gradients.Layers[0].WeightGradient[0, 0]).Should().BeApproximately(expected, 1e-5 * expected);
    }

    [Fact]
    public void The_fused_per_sample_step_flushes_a_subnormal_output_error_as_the_batch_path_does()
    {
        // Given the two networks and a plain SGD step of η = 1e6 (the largest allowed), which makes either δᴸ's step on w visible: 1e-34 or 1e-30, both normal
        var trainer = new Trainer<float>(new SgdOptimizer<float>(1e6f)) { MiniBatchSize = 1 };
        var flushed = Network(SubnormalBias);
        var kept = Network(NormalBias);
        flushed.Training.Workspace(1).HasSampleStep.Should().BeTrue("the step must be the fused one");

        // When each takes a step on x = 1, y = 0
        trainer.Step(flushed, Matrix<float>.Build.Dense(1, 1, 1f), Matrix<float>.Build.Dense(1, 1, 0f));
        trainer.Step(kept, Matrix<float>.Build.Dense(1, 1, 1f), Matrix<float>.Build.Dense(1, 1, 0f));

        // Then the subnormal δᴸ moved nothing (w stays +0; unflushed it would be −1e6·1e-40 = −1e-34), the normal one moved w
        BitConverter.SingleToInt32Bits(flushed.Layers[0].GetWeights()[0, 0]).Should().Be(0);
        flushed.Layers[0].GetBiases()![0].Should().Be(SubnormalBias);
        ((double)kept.Layers[0].GetWeights()[0, 0]).Should().BeApproximately(-1e6 * ExactOutputError(NormalBias), 1e-5 * 1e6 * ExactOutputError(NormalBias));
    }

    private static Network<float> Network(float bias)
        => new([new DenseLayer<float>(Matrix<float>.Build.Dense(1, 1, 0f), Vector<float>.Build.Dense(1, bias), Activation<float>.Sigmoid)], Loss<float>.SquaredError);

    /// <summary>δᴸ = (a − 0)·a·(1 − a) with a = σ(b), in float64.</summary>
    private static double ExactOutputError(float bias)
    {
        var a = 1 / (1 + Math.Exp(-(double)bias));
        return a * a * (1 - a);
    }
}
