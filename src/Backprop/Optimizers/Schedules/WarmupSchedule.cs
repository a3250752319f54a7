namespace Backprop;

/// <summary>A linear warm-up <c>η·t/W</c> for <c>t ≤ W</c>, then another schedule at step <c>t − W</c>.</summary>
internal sealed class WarmupSchedule : LearningRateSchedule
{
    private readonly int _warmupSteps;
    private readonly LearningRateSchedule _after;

    public WarmupSchedule(int warmupSteps, LearningRateSchedule after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupSteps, 1);
        _warmupSteps = warmupSteps;
        _after = after;
    }

    internal int WarmupSteps => _warmupSteps;

    internal LearningRateSchedule After => _after;

    public override double LearningRateAt(long stepNumber, double baseRate)
        => stepNumber <= _warmupSteps
            ? baseRate * stepNumber / _warmupSteps
            : _after.LearningRateAt(stepNumber - _warmupSteps, baseRate);
}
