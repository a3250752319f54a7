namespace Backprop;

/// <summary><c>ηmin + (η − ηmin)·(1 + cos(π·min(t−1, T)/T))/2</c>.</summary>
internal sealed class CosineSchedule : LearningRateSchedule
{
    private readonly long _totalSteps;
    private readonly double _minimumRate;

    public CosineSchedule(long totalSteps, double minimumRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (!(minimumRate >= 0 && double.IsFinite(minimumRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumRate), minimumRate, "The minimum rate must be finite and ≥ 0.");
        }

        _totalSteps = totalSteps;
        _minimumRate = minimumRate;
    }

    internal long TotalSteps => _totalSteps;

    internal double MinimumRate => _minimumRate;

    public override double LearningRateAt(long stepNumber, double baseRate)
    {
        var progress = (double)Math.Min(stepNumber - 1, _totalSteps) / _totalSteps;
        return _minimumRate + ((baseRate - _minimumRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
