using Backprop;
using System.Numerics.Tensors;
using Backprop.Kernels;

[assembly: BuiltInKind(typeof(SgdKind))]

namespace Backprop;

/// <summary>
/// Stochastic gradient descent, optionally with momentum or Nesterov momentum, in PyTorch's formulation:
/// <c>v ← μ·v + g</c>, then <c>W ← W − η·v</c> (momentum) or <c>W ← W − η·(g + μ·v)</c> (Nesterov);
/// with <c>μ = 0</c> it is plain <c>W ← W − η·g</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// Momentum follows Polyak (1964) and Nesterov momentum Sutskever et al. (2013), as written in
/// <c>torch.optim.SGD</c> (dampening 0). With a constant learning rate this is the same trajectory as the
/// texts' <c>v ← μ·v − η·g; W ← W + v</c>.
/// </remarks>
public sealed class SgdOptimizer<T> : GradientOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _momentum;
    private readonly bool _nesterov;
    private T[][] _velocity = [];

    /// <summary>Creates SGD with the given learning rate.</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public SgdOptimizer(double learningRate)
        : base(learningRate)
    {
    }

    /// <summary>The momentum coefficient μ in [0, 1) (default 0: plain SGD).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1), or rounds to 1 as a <typeparamref name="T"/>.</exception>
    public double Momentum { get => _momentum; init => _momentum = SettingRules.Fraction<T>(value, nameof(Momentum)); }

    /// <summary>Whether to use Nesterov momentum; needs <see cref="Momentum"/> &gt; 0, so set <see cref="Momentum"/> first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is true while <see cref="Momentum"/> is 0.</exception>
    public bool Nesterov
    {
        get => _nesterov;
        init => _nesterov = value && _momentum == 0
            ? throw SettingRules.OutOfRange(nameof(Nesterov), value, "false while Momentum is 0: Nesterov momentum needs Momentum > 0 (set Momentum before Nesterov)")
            : value;
    }

    /// <inheritdoc />
    public override string Name => _momentum == 0 ? "sgd" : _nesterov ? $"sgd-nesterov({Format(_momentum)})" : $"sgd-momentum({Format(_momentum)})";

    /// <inheritdoc />
    internal override void WriteSettings(ISettingsWriter settings)
    {
        base.WriteSettings(settings);
        settings.Number("momentum", _momentum);
        settings.Boolean("nesterov", _nesterov);
    }

    /// <inheritdoc />
    protected override bool IsPlainGradientStep => _momentum == 0;

    /// <inheritdoc />
    protected override void CreateState(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _velocity = _momentum == 0 ? [] : objective.CreateSegmentArrays();
    }

    /// <inheritdoc />
    private protected override void WriteParameterState(IStateWriter<T> state)
    {
        if (_momentum != 0)
        {
            state.Parameters("velocity", _velocity);
        }
    }

    /// <inheritdoc />
    private protected override void ReadParameterState(IStateReader<T> state)
        => _velocity = _momentum == 0 ? [] : state.ParameterSegments("velocity");

    /// <inheritdoc />
    protected override void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber)
    {
        if (_momentum == 0)
        {
            ElementwiseKernels.AddScaled(parameters, gradient, -learningRate);
            return;
        }

        var mu = T.CreateChecked(_momentum);
        var velocity = _velocity[segment].AsSpan();

        // v ← μ·v + g
        TensorPrimitives.MultiplyAdd(velocity, mu, gradient, velocity);
        if (_nesterov)
        {
            // W ← W − η·(g + μ·v)
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= learningRate * (gradient[i] + (mu * velocity[i]));
            }
        }
        else
        {
            // W ← W − η·v
            ElementwiseKernels.AddScaled(parameters, velocity, -learningRate);
        }
    }
}

/// <summary>SGD in a checkpoint: <c>"sgd"</c>, with its momentum and Nesterov flag (in that order, as the setters need).</summary>
file sealed class SgdKind() : GradientOptimizerKind("sgd", typeof(SgdOptimizer<>), "momentum", "nesterov")
{
    protected override GradientOptimizer<T> Create<T>(double learningRate, ISettingsReader settings)
        => new SgdOptimizer<T>(learningRate) { Momentum = settings.Number("momentum"), Nesterov = settings.Boolean("nesterov") };
}
