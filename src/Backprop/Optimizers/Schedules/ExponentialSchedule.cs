using Backprop;

[assembly: BuiltInKind(typeof(ExponentialKind))]

namespace Backprop;

/// <summary><c>η·factor^(t−1)</c>.</summary>
internal sealed class ExponentialSchedule : LearningRateSchedule
{
    private readonly double _factor;

    public ExponentialSchedule(double factor) => _factor = SettingRules.DecayFactor(factor, nameof(factor));

    public override double LearningRateAt(long stepNumber, double baseRate)
        => baseRate * Math.Pow(_factor, stepNumber - 1);

    internal override void WriteSettings(ISettingsWriter settings) => settings.Number("factor", _factor);
}

/// <summary>Exponential decay in a checkpoint: <c>"exponential"</c>, with its factor.</summary>
file sealed class ExponentialKind() : ScheduleKind("exponential", typeof(ExponentialSchedule), "factor")
{
    public override LearningRateSchedule Read(ISettingsReader settings) => new ExponentialSchedule(settings.Number("factor"));
}
