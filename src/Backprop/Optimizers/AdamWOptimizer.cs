using Backprop;
using System.Numerics.Tensors;

[assembly: BuiltInKind(typeof(AdamWKind))]

namespace Backprop;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019): Adam with decoupled weight decay, <c>W ← W − η·λ·W</c> before each
/// Adam update (as <c>torch.optim.AdamW</c> does), instead of adding <c>λ·W</c> to the gradient.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>The decoupled decay applies to every segment, biases included, as in PyTorch's default.</remarks>
public sealed class AdamWOptimizer<T> : AdamOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _decoupledWeightDecay = 0.01;

    /// <summary>Creates AdamW with the given learning rate.</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public AdamWOptimizer(double learningRate = 0.001)
        : base(learningRate)
    {
    }

    /// <summary>The decoupled weight decay λ in [0, 10⁶] (default 0.01, as in PyTorch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or above 10⁶, or not representable as a <typeparamref name="T"/>.</exception>
    public double DecoupledWeightDecay
    {
        get => _decoupledWeightDecay;
        init => _decoupledWeightDecay = SettingRules.Coefficient<T>(value, nameof(DecoupledWeightDecay));
    }

    /// <inheritdoc />
    public override string Name => $"adamw({Format(_decoupledWeightDecay)})";

    /// <inheritdoc />
    internal override void WriteSettings(ISettingsWriter settings)
    {
        base.WriteSettings(settings);
        settings.Number("decoupledWeightDecay", _decoupledWeightDecay);
    }

    /// <inheritdoc />
    protected override void ApplyDecoupledDecay(Span<T> parameters, T learningRate)
        => TensorPrimitives.Multiply(parameters, T.One - (learningRate * T.CreateChecked(_decoupledWeightDecay)), parameters);
}

/// <summary>AdamW in a checkpoint: <c>"adamw"</c>, with Adam's settings and the decoupled decay.</summary>
file sealed class AdamWKind() : GradientOptimizerKind("adamw", typeof(AdamWOptimizer<>), "beta1", "beta2", "epsilon", "decoupledWeightDecay")
{
    protected override GradientOptimizer<T> Create<T>(double learningRate, ISettingsReader settings)
        => new AdamWOptimizer<T>(learningRate)
        {
            Beta1 = settings.Number("beta1"),
            Beta2 = settings.Number("beta2"),
            Epsilon = settings.Number("epsilon"),
            DecoupledWeightDecay = settings.Number("decoupledWeightDecay"),
        };
}
