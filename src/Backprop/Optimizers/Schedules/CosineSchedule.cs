using Backprop;

[assembly: BuiltInKind(typeof(CosineKind))]

namespace Backprop;

/// <summary><c>ηmin + (η − ηmin)·(1 + cos(π·min(t−1, T)/T))/2</c>.</summary>
internal sealed class CosineSchedule : LearningRateSchedule
{
    private readonly long _totalSteps;
    private readonly double _minimumRate;

    public CosineSchedule(long totalSteps, double minimumRate)
    {
        _totalSteps = SettingRules.AtLeast(totalSteps, 1, nameof(totalSteps));
        _minimumRate = SettingRules.Coefficient<double>(minimumRate, nameof(minimumRate));
    }

    public override double LearningRateAt(long stepNumber, double baseRate)
    {
        var progress = (double)Math.Min(stepNumber - 1, _totalSteps) / _totalSteps;
        return _minimumRate + ((baseRate - _minimumRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }

    internal override void WriteSettings(ISettingsWriter settings)
    {
        settings.Integer("totalSteps", _totalSteps);
        settings.Number("minimumRate", _minimumRate);
    }
}

/// <summary>Cosine annealing in a checkpoint: <c>"cosine"</c>, with its length and final rate.</summary>
file sealed class CosineKind() : ScheduleKind("cosine", typeof(CosineSchedule), "totalSteps", "minimumRate")
{
    public override LearningRateSchedule Read(ISettingsReader settings) => new CosineSchedule(settings.Integer("totalSteps"), settings.Number("minimumRate"));
}
