using Backprop;

[assembly: BuiltInKind(typeof(StepDecayKind))]

namespace Backprop;

/// <summary><c>η·factor^⌊(t−1)/stepSize⌋</c>.</summary>
internal sealed class StepDecaySchedule : LearningRateSchedule
{
    private readonly int _stepSize;
    private readonly double _factor;

    public StepDecaySchedule(int stepSize, double factor)
    {
        _stepSize = (int)SettingRules.AtLeast(stepSize, 1, nameof(stepSize));
        _factor = SettingRules.DecayFactor(factor, nameof(factor));
    }

    public override double LearningRateAt(long stepNumber, double baseRate)
        => baseRate * Math.Pow(_factor, (stepNumber - 1) / _stepSize);

    internal override void WriteSettings(ISettingsWriter settings)
    {
        settings.Integer("stepSize", _stepSize);
        settings.Number("factor", _factor);
    }
}

/// <summary>Step decay in a checkpoint: <c>"step-decay"</c>, with its step size and factor.</summary>
file sealed class StepDecayKind() : ScheduleKind("step-decay", typeof(StepDecaySchedule), "stepSize", "factor")
{
    public override LearningRateSchedule Read(ISettingsReader settings) => new StepDecaySchedule(settings.Int32("stepSize"), settings.Number("factor"));
}
