using Backprop;
using Backprop.Kernels;

[assembly: BuiltInKind(typeof(AdamKind))]

namespace Backprop;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015, Algorithm 1): <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>,
/// <c>m̂ = m/(1−β₁ᵗ)</c>, <c>v̂ = v/(1−β₂ᵗ)</c>, <c>W ← W − η·m̂/(√v̂ + ε)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public class AdamOptimizer<T> : GradientOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _beta1 = 0.9;
    private readonly double _beta2 = 0.999;
    private readonly double _epsilon = 1e-8;
    private T[][] _firstMoment = [];
    private T[][] _secondMoment = [];

    /// <summary>Creates Adam with the given learning rate (the paper's default is 0.001).</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public AdamOptimizer(double learningRate = 0.001)
        : base(learningRate)
    {
    }

    /// <summary>The decay rate β₁ of the first moment, in [0, 1) (default 0.9).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1), or rounds to 1 as a <typeparamref name="T"/>.</exception>
    public double Beta1 { get => _beta1; init => _beta1 = SettingRules.Fraction<T>(value, nameof(Beta1)); }

    /// <summary>The decay rate β₂ of the second moment, in [0, 1) (default 0.999).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1), or rounds to 1 as a <typeparamref name="T"/>.</exception>
    public double Beta2 { get => _beta2; init => _beta2 = SettingRules.Fraction<T>(value, nameof(Beta2)); }

    /// <summary>The ε added to √v̂, in (0, 1] (default 1e-8); a larger ε would shrink every update to nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1], also as a <typeparamref name="T"/>.</exception>
    public double Epsilon { get => _epsilon; init => _epsilon = SettingRules.Epsilon<T>(value, nameof(Epsilon)); }

    /// <inheritdoc />
    public override string Name => "adam";

    /// <inheritdoc />
    internal override void WriteSettings(ISettingsWriter settings)
    {
        base.WriteSettings(settings);
        settings.Number("beta1", _beta1);
        settings.Number("beta2", _beta2);
        settings.Number("epsilon", _epsilon);
    }

    /// <inheritdoc />
    protected override void CreateState(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _firstMoment = objective.CreateSegmentArrays();
        _secondMoment = objective.CreateSegmentArrays();
    }

    /// <inheritdoc />
    private protected override void WriteParameterState(IStateWriter<T> state)
    {
        state.Counter("updates", Updates);
        state.Parameters("firstMoment", _firstMoment);
        state.Parameters("secondMoment", _secondMoment);
    }

    /// <inheritdoc />
    private protected override void ReadParameterState(IStateReader<T> state)
    {
        Updates = state.Counter("updates", 0, TrainingState.MaxStepsTaken);
        _firstMoment = state.ParameterSegments("firstMoment");
        _secondMoment = state.ParameterSegments("secondMoment", ValueRule<T>.NonNegative);
    }

    /// <inheritdoc />
    protected override void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber)
    {
        ApplyDecoupledDecay(parameters, learningRate);
        var step = new ElementwiseKernels.AdamStep<T>(
            T.CreateChecked(_beta1),
            T.CreateChecked(_beta2),
            T.One - T.CreateChecked(Math.Pow(_beta1, stepNumber)),
            T.One - T.CreateChecked(Math.Pow(_beta2, stepNumber)),
            learningRate,
            T.CreateChecked(_epsilon));
        ElementwiseKernels.AdamUpdate<T>(parameters, gradient, _firstMoment[segment], _secondMoment[segment], step);
    }

    /// <summary>A hook for AdamW's decoupled decay, applied before the Adam update; nothing here.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">The learning rate of this step.</param>
    protected virtual void ApplyDecoupledDecay(Span<T> parameters, T learningRate)
    {
    }
}

/// <summary>Adam in a checkpoint: <c>"adam"</c>, with β₁, β₂ and ε.</summary>
file sealed class AdamKind() : GradientOptimizerKind("adam", typeof(AdamOptimizer<>), "beta1", "beta2", "epsilon")
{
    protected override GradientOptimizer<T> Create<T>(double learningRate, ISettingsReader settings)
        => new AdamOptimizer<T>(learningRate) { Beta1 = settings.Number("beta1"), Beta2 = settings.Number("beta2"), Epsilon = settings.Number("epsilon") };
}
