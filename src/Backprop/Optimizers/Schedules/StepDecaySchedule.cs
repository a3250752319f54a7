namespace Backprop;

/// <summary><c>η·factor^⌊(t−1)/stepSize⌋</c>.</summary>
internal sealed class StepDecaySchedule : LearningRateSchedule
{
    private readonly int _stepSize;
    private readonly double _factor;

    public StepDecaySchedule(int stepSize, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!(factor > 0 && factor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The decay factor must be in (0, 1].");
        }

        _stepSize = stepSize;
        _factor = factor;
    }

    internal int StepSize => _stepSize;

    internal double Factor => _factor;

    public override double LearningRateAt(long stepNumber, double baseRate)
        => baseRate * Math.Pow(_factor, (stepNumber - 1) / _stepSize);
}
