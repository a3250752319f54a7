namespace Backprop;

/// <summary><c>η·factor^(t−1)</c>.</summary>
internal sealed class ExponentialSchedule : LearningRateSchedule
{
    private readonly double _factor;

    public ExponentialSchedule(double factor)
    {
        if (!(factor > 0 && factor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The decay factor must be in (0, 1].");
        }

        _factor = factor;
    }

    internal double Factor => _factor;

    public override double LearningRateAt(long stepNumber, double baseRate)
        => baseRate * Math.Pow(_factor, stepNumber - 1);
}
