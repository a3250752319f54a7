using Backprop;

[assembly: BuiltInKind(typeof(WarmupKind))]

namespace Backprop;

/// <summary>A linear warm-up <c>η·t/W</c> for <c>t ≤ W</c>, then another schedule at step <c>t − W</c>.</summary>
internal sealed class WarmupSchedule : LearningRateSchedule
{
    private readonly int _warmupSteps;
    private readonly LearningRateSchedule _after;

    public WarmupSchedule(int warmupSteps, LearningRateSchedule after)
    {
        ArgumentNullException.ThrowIfNull(after);
        _warmupSteps = (int)SettingRules.AtLeast(warmupSteps, 1, nameof(warmupSteps));
        _after = after;
    }

    public override double LearningRateAt(long stepNumber, double baseRate)
        => stepNumber <= _warmupSteps
            ? baseRate * stepNumber / _warmupSteps
            : _after.LearningRateAt(stepNumber - _warmupSteps, baseRate);

    /// <summary>The schedule after the warm-up sees every epoch, so a plateau schedule behind a warm-up still reacts.</summary>
    internal override void EndEpoch(double watchedLoss) => _after.EndEpoch(watchedLoss);

    internal override void WriteSettings(ISettingsWriter settings)
    {
        settings.Integer("warmupSteps", _warmupSteps);
        settings.Schedule("then", _after);
    }
}

/// <summary>A warm-up in a checkpoint: <c>"warmup"</c>, with its length and the schedule that follows (<c>then</c>).</summary>
file sealed class WarmupKind() : ScheduleKind("warmup", typeof(WarmupSchedule), "warmupSteps", "then")
{
    public override LearningRateSchedule Read(ISettingsReader settings) => new WarmupSchedule(settings.Int32("warmupSteps"), settings.Schedule("then"));
}
