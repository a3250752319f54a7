using Backprop;

[assembly: BuiltInKind(typeof(IRpropMinusKind))]

namespace Backprop;

/// <summary>
/// iRprop− (Igel &amp; Hüsken, 2000, "Improving the Rprop learning algorithm", Fig. 2), the resilient
/// propagation of Encog and Accord.NET: every parameter has its own step size Δ, grown by η⁺ while its
/// gradient keeps its sign and shrunk by η⁻ when the sign flips (the gradient is then taken as 0 for that
/// step); the parameter moves by <c>−sign(g)·Δ</c>. Uses only gradient signs, so it is a full-batch method:
/// train with the whole data set as one batch.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class IRpropMinusOptimizer<T> : Optimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _increaseFactor = 1.2;
    private readonly double _decreaseFactor = 0.5;
    private T[][] _stepSizes = [];
    private T[][] _previousGradients = [];
    private T[][] _backup = [];
    private StateSnapshot<T>? _stateBackup;
    private Action<IStateWriter<T>>? _writeState; // made once: a step allocates nothing
    private int _stateParameterCount = -1;

    /// <summary>
    /// Creates iRprop− with its step sizes (the defaults are Riedmiller and Braun's, 1993), which are set together
    /// because each bounds the others: <c>0 &lt; Δmin ≤ Δ₀ ≤ Δmax</c>.
    /// </summary>
    /// <param name="initialStep">The initial step size Δ₀ of every parameter.</param>
    /// <param name="minimumStep">The smallest step size Δmin; greater than 0.</param>
    /// <param name="maximumStep">The largest step size Δmax; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A step size is not finite and greater than 0 (also as a <typeparamref name="T"/>), the minimum is greater than the
    /// maximum, or the initial step is outside [minimum, maximum].
    /// </exception>
    public IRpropMinusOptimizer(double initialStep = 0.1, double minimumStep = 1e-6, double maximumStep = 50)
    {
        SettingRules.Positive<T>(initialStep, nameof(initialStep));
        SettingRules.Positive<T>(minimumStep, nameof(minimumStep));
        SettingRules.Positive<T>(maximumStep, nameof(maximumStep));
        if (minimumStep > maximumStep)
        {
            throw SettingRules.OutOfRange(nameof(minimumStep), minimumStep, FormattableString.Invariant($"not greater than the maximum step {maximumStep:R}"));
        }

        if (initialStep < minimumStep || initialStep > maximumStep)
        {
            throw SettingRules.OutOfRange(nameof(initialStep), initialStep, FormattableString.Invariant($"within [minimum step, maximum step] = [{minimumStep:R}, {maximumStep:R}]"));
        }

        (InitialStep, MinimumStep, MaximumStep) = (initialStep, minimumStep, maximumStep);
    }

    /// <summary>The initial step size Δ₀ (default 0.1).</summary>
    public double InitialStep { get; }

    /// <summary>The smallest step size Δmin (default 1e-6).</summary>
    public double MinimumStep { get; }

    /// <summary>The largest step size Δmax (default 50).</summary>
    public double MaximumStep { get; }

    /// <summary>The growth factor η⁺, finite and greater than 1 (default 1.2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and greater than 1, or rounds to 1 as a <typeparamref name="T"/>.</exception>
    public double IncreaseFactor { get => _increaseFactor; init => _increaseFactor = SettingRules.AboveOne<T>(value, nameof(IncreaseFactor)); }

    /// <summary>The shrink factor η⁻, in (0, 1) (default 0.5).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1), or not so as a <typeparamref name="T"/>.</exception>
    public double DecreaseFactor { get => _decreaseFactor; init => _decreaseFactor = SettingRules.OpenUnit<T>(value, nameof(DecreaseFactor)); }

    /// <inheritdoc />
    public override string Name => "irprop-";

    /// <inheritdoc />
    internal override bool HasState => _stateParameterCount >= 0;

    /// <inheritdoc />
    public override T Step(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var cost = objective.Evaluate();
        var stateIsNew = objective.ParameterCount != _stateParameterCount;
        if (stateIsNew)
        {
            _stepSizes = objective.CreateSegmentArrays();
            foreach (var segment in _stepSizes)
            {
                segment.AsSpan().Fill(T.CreateChecked(InitialStep));
            }

            _previousGradients = objective.CreateSegmentArrays();
            _backup = objective.CreateSegmentArrays();
            _stateBackup = new StateSnapshot<T>(StateSnapshot<T>.LengthsOf(objective));
            _stateParameterCount = objective.ParameterCount;
        }

        var increase = T.CreateChecked(_increaseFactor);
        var decrease = T.CreateChecked(_decreaseFactor);
        var maximum = T.CreateChecked(MaximumStep);
        var minimum = T.CreateChecked(MinimumStep);
        objective.CopyParametersTo(_backup);
        _stateBackup!.Capture(_writeState ??= WriteState);
        for (var s = 0; s < objective.SegmentCount; s++)
        {
            var parameters = objective.GetParameters(s);
            var gradient = objective.GetGradient(s);
            var steps = _stepSizes[s];
            var previous = _previousGradients[s];
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradient[i];
                var agreement = g * previous[i];
                if (agreement > T.Zero)
                {
                    steps[i] = T.Min(steps[i] * increase, maximum);
                }
                else if (agreement < T.Zero)
                {
                    // The sign flipped: a minimum was jumped over. Shrink the step and skip this update.
                    steps[i] = T.Max(steps[i] * decrease, minimum);
                    g = T.Zero;
                }

                // W ← W − sign(g)·Δ
                if (g > T.Zero)
                {
                    parameters[i] -= steps[i];
                }
                else if (g < T.Zero)
                {
                    parameters[i] += steps[i];
                }

                previous[i] = g;
            }
        }

        if (!objective.ParametersAreFinite())
        {
            objective.RestoreParametersFrom(_backup);
            var backup = _backup;
            ReadState(_stateBackup); // the step sizes and previous gradients too: the failed step leaves nothing behind
            _backup = backup;
            _stateParameterCount = stateIsNew ? -1 : _stateParameterCount; // a state begun by the failed step is no state at all
            throw new TrainingDivergedException(objective.Epoch, objective.Batch, double.CreateChecked(cost), "the update would make a weight NaN or infinite");
        }

        return cost;
    }

    /// <inheritdoc />
    public override void Reset() => _stateParameterCount = -1;

    /// <inheritdoc />
    internal override void WriteSettings(ISettingsWriter settings)
    {
        settings.Number("initialStep", InitialStep);
        settings.Number("increaseFactor", _increaseFactor);
        settings.Number("decreaseFactor", _decreaseFactor);
        settings.Number("maximumStep", MaximumStep);
        settings.Number("minimumStep", MinimumStep);
    }

    /// <inheritdoc />
    internal override void WriteState(IStateWriter<T> state)
    {
        state.Parameters("stepSizes", _stepSizes);
        state.Parameters("previousGradients", _previousGradients);
    }

    /// <inheritdoc />
    internal override void ReadState(IStateReader<T> state)
    {
        // Every step size stays within [Δmin, Δmax] as the element type holds them (the updates clamp to these).
        var (minimum, maximum) = (T.CreateChecked(MinimumStep), T.CreateChecked(MaximumStep));
        _stepSizes = state.ParameterSegments(
            "stepSizes", ValueRule<T>.Within(minimum, maximum, FormattableString.Invariant($"greater than 0, within [minimumStep, maximumStep] = [{minimum}, {maximum}]")));
        _previousGradients = state.ParameterSegments("previousGradients");
        _backup = [.. state.SegmentLengths.Select(length => new T[length])];
        _stateBackup = new StateSnapshot<T>([.. state.SegmentLengths]);
        _stateParameterCount = state.ParameterCount;
    }
}

/// <summary>iRprop− in a checkpoint: <c>"irprop-minus"</c>, with its step sizes and factors.</summary>
file sealed class IRpropMinusKind() : OptimizerKind("irprop-minus", typeof(IRpropMinusOptimizer<>), "initialStep", "increaseFactor", "decreaseFactor", "maximumStep", "minimumStep")
{
    public override Optimizer<T> Read<T>(ISettingsReader settings)
        => new IRpropMinusOptimizer<T>(settings.Number("initialStep"), settings.Number("minimumStep"), settings.Number("maximumStep"))
        {
            IncreaseFactor = settings.Number("increaseFactor"),
            DecreaseFactor = settings.Number("decreaseFactor"),
        };
}
