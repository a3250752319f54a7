using Backprop;

[assembly: BuiltInKind(typeof(RmsPropKind))]

namespace Backprop;

/// <summary>
/// RMSProp (Hinton, Coursera lecture 6e, 2012), as in <c>torch.optim.RMSprop</c>: <c>v ← α·v + (1−α)·g²</c>,
/// <c>W ← W − η·g/(√v + ε)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class RmsPropOptimizer<T> : GradientOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _alpha = 0.99;
    private readonly double _epsilon = 1e-8;
    private T[][] _meanSquare = [];

    /// <summary>Creates RMSProp with the given learning rate (PyTorch's default is 0.01).</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public RmsPropOptimizer(double learningRate = 0.01)
        : base(learningRate)
    {
    }

    /// <summary>The smoothing constant α of the mean square, in [0, 1) (default 0.99).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1), or rounds to 1 as a <typeparamref name="T"/>.</exception>
    public double Alpha { get => _alpha; init => _alpha = SettingRules.Fraction<T>(value, nameof(Alpha)); }

    /// <summary>The ε added to √v, in (0, 1] (default 1e-8); a larger ε would shrink every update to nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1], also as a <typeparamref name="T"/>.</exception>
    public double Epsilon { get => _epsilon; init => _epsilon = SettingRules.Epsilon<T>(value, nameof(Epsilon)); }

    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <inheritdoc />
    internal override void WriteSettings(ISettingsWriter settings)
    {
        base.WriteSettings(settings);
        settings.Number("alpha", _alpha);
        settings.Number("epsilon", _epsilon);
    }

    /// <inheritdoc />
    protected override void CreateState(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _meanSquare = objective.CreateSegmentArrays();
    }

    /// <inheritdoc />
    private protected override void WriteParameterState(IStateWriter<T> state) => state.Parameters("meanSquare", _meanSquare);

    /// <inheritdoc />
    private protected override void ReadParameterState(IStateReader<T> state)
        => _meanSquare = state.ParameterSegments("meanSquare", ValueRule<T>.NonNegative);

    /// <inheritdoc />
    protected override void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber)
    {
        var alpha = T.CreateChecked(_alpha);
        var epsilon = T.CreateChecked(_epsilon);
        var v = _meanSquare[segment];
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            v[i] = (alpha * v[i]) + ((T.One - alpha) * g * g);
            parameters[i] -= learningRate * g / (T.Sqrt(v[i]) + epsilon);
        }
    }
}

/// <summary>RMSProp in a checkpoint: <c>"rmsprop"</c>, with α and ε.</summary>
file sealed class RmsPropKind() : GradientOptimizerKind("rmsprop", typeof(RmsPropOptimizer<>), "alpha", "epsilon")
{
    protected override GradientOptimizer<T> Create<T>(double learningRate, ISettingsReader settings)
        => new RmsPropOptimizer<T>(learningRate) { Alpha = settings.Number("alpha"), Epsilon = settings.Number("epsilon") };
}
