using Backprop;

[assembly: BuiltInKind(typeof(ConstantKind))]

namespace Backprop;

/// <summary>The base learning rate at every step.</summary>
internal sealed class ConstantSchedule : LearningRateSchedule
{
    public override double LearningRateAt(long stepNumber, double baseRate) => baseRate;
}

/// <summary>The constant schedule in a checkpoint: <c>"constant"</c>, with no settings.</summary>
file sealed class ConstantKind() : ScheduleKind("constant", typeof(ConstantSchedule))
{
    public override LearningRateSchedule Read(ISettingsReader settings) => LearningRateSchedule.Constant;
}
