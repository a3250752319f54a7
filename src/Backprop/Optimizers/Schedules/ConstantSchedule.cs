namespace Backprop;

/// <summary>The base learning rate at every step.</summary>
internal sealed class ConstantSchedule : LearningRateSchedule
{
    public override double LearningRateAt(long stepNumber, double baseRate) => baseRate;
}
