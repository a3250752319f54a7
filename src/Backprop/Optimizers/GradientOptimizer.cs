using System.Globalization;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// A mini-batch optimizer that makes one update per evaluation from the gradient, with a learning rate,
/// an optional schedule, L2 weight decay and clipping by global norm. Derived classes say only how a
/// segment's gradient becomes its update (<see cref="UpdateSegment"/>).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// Order of one step: evaluate the batch; clip the gradient to <see cref="GradientClipNorm"/>; add the L2
/// term <c>λ·W</c> to the weight gradients (not the biases); update every segment with the scheduled
/// learning rate. If an updated parameter or a value of the optimizer's state (a moment, a velocity) is NaN or
/// infinite, the parameters and the built-in optimizers' state are put back as they were before the step and
/// <see cref="TrainingDivergedException"/> is thrown, so the next step starts from the last finite state.
/// </remarks>
public abstract class GradientOptimizer<T> : Optimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private LearningRateSchedule? _schedule;
    private double _weightDecay;
    private double? _gradientClipNorm;
    private T[][]? _backup;
    private StateSnapshot<T>? _stateBackup;
    private Action<IStateWriter<T>>? _writeState; // made once: a step allocates nothing
    private int _stateParameterCount = -1;
    private int _stateSegmentCount = -1;
    private long _updates;

    /// <summary>Creates the optimizer with its base learning rate.</summary>
    /// <param name="learningRate">The learning rate η; greater than 0 and at most 10⁶, also as a <typeparamref name="T"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, not greater than 0 or greater than 10⁶, or is so as a <typeparamref name="T"/>.</exception>
    protected GradientOptimizer(double learningRate)
        => LearningRate = SettingRules.LearningRate<T>(learningRate, nameof(learningRate));

    /// <summary>The base learning rate η (the rate at every step unless a <see cref="Schedule"/> is set).</summary>
    public double LearningRate { get; }

    /// <summary>How the learning rate changes with the step number (default: constant).</summary>
    public LearningRateSchedule? Schedule { get => _schedule; init => _schedule = value; }

    /// <summary>The L2 weight-decay coefficient λ in [0, 10⁶]: adds <c>λ·W</c> to each weight gradient (default 0; biases are not decayed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or above 10⁶, or not representable as a <typeparamref name="T"/>.</exception>
    public double WeightDecay { get => _weightDecay; init => _weightDecay = CheckWeightDecay(value); }

    /// <summary>When set, the gradient is scaled down so that its global L2 norm is at most this value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive, also as a <typeparamref name="T"/>.</exception>
    public double? GradientClipNorm { get => _gradientClipNorm; init => _gradientClipNorm = CheckGradientClipNorm(value); }

    /// <summary>The learning rate at a step: the schedule's, or the constant base rate.</summary>
    /// <param name="stepNumber">The 1-based step number.</param>
    /// <returns>The learning rate.</returns>
    public double LearningRateAt(long stepNumber) => Schedule?.LearningRateAt(stepNumber, LearningRate) ?? LearningRate;

    /// <inheritdoc />
    public sealed override T Step(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return _gradientClipNorm is null && _weightDecay == 0 && objective.HasSampleStep && IsPlainGradientStep
            ? PlainSampleStep(objective)
            : GeneralStep(objective);
    }

    /// <summary>The step of <see cref="Step"/> on any batch: evaluate, clip, decay, update, and put back on divergence.</summary>
    private T GeneralStep(TrainingObjective<T> objective)
    {
        // Only the cost is checked here: a NaN or infinite gradient makes the updated parameters non-finite, which the
        // check after the update catches, so the gradients need no pass of their own.
        var cost = objective.EvaluateWithoutGradientCheck();
        var stateIsNew = StartStateIfNew(objective);

        if (_gradientClipNorm is { } maximumNorm)
        {
            var norm = objective.GradientNorm();
            var limit = T.CreateChecked(maximumNorm);
            if (norm > limit)
            {
                var scale = limit / norm;
                for (var s = 0; s < objective.SegmentCount; s++)
                {
                    var gradient = objective.GetGradient(s);
                    TensorPrimitives.Multiply(gradient, scale, gradient);
                }
            }
        }

        if (_weightDecay > 0)
        {
            var lambda = T.CreateChecked(_weightDecay);
            for (var s = 0; s < objective.SegmentCount; s++)
            {
                if (!objective.IsBiasSegment(s))
                {
                    var gradient = objective.GetGradient(s);
                    TensorPrimitives.MultiplyAdd(objective.GetParameters(s), lambda, gradient, gradient);
                }
            }
        }

        // The schedule follows the trainer's steps; bias corrections count this optimizer's own updates since its
        // state began (Kingma & Ba reset m, v and t together), so Reset() is a fresh start.
        var learningRate = T.CreateChecked(LearningRateAt(objective.StepNumber));
        var update = _updates + 1;
        if (IsPlainGradientStep)
        {
            // W ← W − η·g: check that every result is finite first (a read-only pass), then update; no backup.
            for (var s = 0; s < objective.SegmentCount; s++)
            {
                if (!objective.AddScaledGradientIsFinite(s, -learningRate))
                {
                    ForgetStateIf(stateIsNew);
                    throw Diverged(objective, cost);
                }
            }

            for (var s = 0; s < objective.SegmentCount; s++)
            {
                objective.AddScaledGradient(s, -learningRate);
            }
        }
        else
        {
            // The step touches the parameters and the optimizer's state (moments, velocities): both are kept, and both
            // put back when either comes out NaN or infinite (a finite gradient of 1e200 squares to +∞ in Adam's v).
            objective.CopyParametersTo(_backup!);
            var writeState = _writeState ??= WriteParameterState;
            _stateBackup!.Capture(writeState);
            for (var s = 0; s < objective.SegmentCount; s++)
            {
                UpdateSegment(s, objective.GetParameters(s), objective.GetGradient(s), learningRate, update);
            }

            var nonFiniteState = _stateBackup.FirstNonFinite(writeState);
            if (nonFiniteState is not null || !objective.ParametersAreFinite())
            {
                objective.RestoreParametersFrom(_backup!);
                ReadParameterState(_stateBackup);
                ForgetStateIf(stateIsNew); // a state begun by the failed step is no state at all
                throw nonFiniteState is null
                    ? Diverged(objective, cost)
                    : new TrainingDivergedException(objective.Epoch, objective.Batch, double.CreateChecked(cost), $"the update would make the optimizer's {nonFiniteState} NaN or infinite");
            }
        }

        _updates = update;
        return cost;
    }

    /// <summary>
    /// The step above for plain <c>W ← W − η·g</c> (no clipping, no decay) on one sample of a small network, fused: the
    /// passes check the updated parameters on the way (<see cref="TrainingObjective{T}.EvaluateSampleStep"/>), then one
    /// update writes them. The same order of events, results and exceptions as the general path.
    /// </summary>
    private T PlainSampleStep(TrainingObjective<T> objective)
    {
        // The schedule's rate depends on the step number alone, so it can be known before the passes.
        var scale = -T.CreateChecked(LearningRateAt(objective.StepNumber));
        var cost = objective.EvaluateSampleStep(scale, out var updateIsFinite);
        var stateIsNew = StartStateIfNew(objective);
        if (!updateIsFinite)
        {
            ForgetStateIf(stateIsNew);
            throw Diverged(objective, cost);
        }

        objective.ApplySampleStep(scale);
        _updates++;
        return cost;
    }

    /// <summary>Starts the state afresh on the first step or on a network of another shape; true when it did.</summary>
    private bool StartStateIfNew(TrainingObjective<T> objective)
    {
        var stateIsNew = objective.ParameterCount != _stateParameterCount || objective.SegmentCount != _stateSegmentCount;
        if (stateIsNew)
        {
            _backup = objective.CreateSegmentArrays();
            _stateBackup = new StateSnapshot<T>(StateSnapshot<T>.LengthsOf(objective));
            CreateState(objective);
            _stateParameterCount = objective.ParameterCount;
            _stateSegmentCount = objective.SegmentCount;
            _updates = 0;
        }

        return stateIsNew;
    }

    /// <summary>
    /// True when <see cref="UpdateSegment"/> is exactly <c>W ← W − η·g</c> with no state, so the step can check the
    /// result before writing it and skip the backup of the parameters (plain SGD).
    /// </summary>
    protected virtual bool IsPlainGradientStep => false;

    /// <inheritdoc />
    public override void Reset()
    {
        _stateParameterCount = -1;
        _stateSegmentCount = -1;
    }

    /// <summary>The updates made since the state began: the <c>t</c> of the last step (Adam's bias correction).</summary>
    private protected long Updates { get => _updates; set => _updates = value; }

    /// <inheritdoc />
    internal sealed override bool HasState => _stateParameterCount >= 0;

    /// <inheritdoc />
    internal override void WriteSettings(ISettingsWriter settings)
    {
        settings.Number("learningRate", LearningRate);
        settings.Schedule("schedule", _schedule);
        settings.Number("weightDecay", _weightDecay);
        settings.OptionalNumber("gradientClipNorm", _gradientClipNorm);
    }

    /// <summary>Reads the settings that <see cref="WriteSettings"/> writes after the learning rate, with their setters' rules.</summary>
    internal void ReadSharedSettings(ISettingsReader settings)
    {
        _schedule = settings.OptionalSchedule("schedule");
        _weightDecay = CheckWeightDecay(settings.Number("weightDecay"));
        _gradientClipNorm = CheckGradientClipNorm(settings.OptionalNumber("gradientClipNorm"));
    }

    /// <inheritdoc />
    internal sealed override void WriteState(IStateWriter<T> state) => WriteParameterState(state);

    /// <inheritdoc />
    internal sealed override void ReadState(IStateReader<T> state)
    {
        _updates = 0;
        ReadParameterState(state);
        _backup = [.. state.SegmentLengths.Select(length => new T[length])];
        _stateBackup = new StateSnapshot<T>([.. state.SegmentLengths]);
        _stateParameterCount = state.ParameterCount;
        _stateSegmentCount = state.SegmentLengths.Count;
    }

    /// <summary>Writes the per-parameter state (moments, velocities) for a checkpoint; nothing by default.</summary>
    private protected virtual void WriteParameterState(IStateWriter<T> state)
    {
    }

    /// <summary>Reads back what <see cref="WriteParameterState"/> wrote.</summary>
    private protected virtual void ReadParameterState(IStateReader<T> state)
    {
    }

    private void ForgetStateIf(bool stateIsNew)
    {
        if (stateIsNew)
        {
            Reset();
        }
    }

    private static TrainingDivergedException Diverged(TrainingObjective<T> objective, T cost)
        => new(objective.Epoch, objective.Batch, double.CreateChecked(cost),
            objective.GradientsAreFinite() ? "the update would make a weight NaN or infinite" : "a gradient is not finite");

    /// <summary>Creates the per-parameter state (moments) for the objective's segments; called before the first update.</summary>
    /// <param name="objective">The objective whose segments the state must match.</param>
    protected abstract void CreateState(TrainingObjective<T> objective);

    /// <summary>Updates one segment in place from its gradient.</summary>
    /// <param name="segment">The segment index (to find its state).</param>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="gradient">The (clipped, decayed) gradient.</param>
    /// <param name="learningRate">The learning rate of this step.</param>
    /// <param name="stepNumber">
    /// The 1-based number of this update since the optimizer's state began (Adam's <c>t</c>); restarts at 1
    /// after <see cref="Reset"/> or on a network of another shape.
    /// </param>
    protected abstract void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber);

    /// <summary>Formats a hyper-parameter for <see cref="Optimizer{T}.Name"/>-style descriptions.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value in invariant culture, round-trip.</returns>
    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double CheckWeightDecay(double value) => SettingRules.Coefficient<T>(value, nameof(WeightDecay));

    private static double? CheckGradientClipNorm(double? value) => value is { } norm ? SettingRules.Positive<T>(norm, nameof(GradientClipNorm)) : null;
}
