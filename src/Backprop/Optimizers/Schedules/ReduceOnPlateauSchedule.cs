using Backprop;

[assembly: BuiltInKind(typeof(ReduceOnPlateauKind))]

namespace Backprop;

/// <summary>
/// Keras's <c>ReduceLROnPlateau</c> as a schedule: <c>max(η·factor^k, min(η, minimumRate))</c> after <c>k</c>
/// reductions, one made each time the watched loss has not improved for <c>patience</c> epochs.
/// </summary>
/// <remarks>
/// Unlike the other schedules it has a running state (the reductions, the best loss, the epochs waited, the cooldown
/// left), which <c>Trainer.Fit</c> advances at each epoch end and a checkpoint saves with the settings, so a resumed
/// run goes on exactly. Its state is held to the same rules as its settings when a checkpoint loads.
/// </remarks>
internal sealed class ReduceOnPlateauSchedule : LearningRateSchedule
{
    private readonly object _lock = new();
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _minimumRate;
    private readonly int _cooldown;
    private readonly double _minDelta;
    private int _reductions;
    private double? _best;
    private int _wait;
    private int _cooldownLeft;

    public ReduceOnPlateauSchedule(double factor, int patience, double minimumRate, int cooldown, double minDelta)
    {
        _factor = SettingRules.OpenUnit<double>(factor, nameof(factor));
        _patience = (int)SettingRules.AtLeast(patience, 1, nameof(patience));
        _minimumRate = SettingRules.NonNegative(minimumRate, nameof(minimumRate));
        _cooldown = (int)SettingRules.AtLeast(cooldown, 0, nameof(cooldown));
        _minDelta = SettingRules.NonNegative(minDelta, nameof(minDelta));
    }

    /// <summary>A schedule with saved running state, held to the rules the running state always keeps.</summary>
    private ReduceOnPlateauSchedule(double factor, int patience, double minimumRate, int cooldown, double minDelta, int reductions, double? best, int wait, int cooldownLeft)
        : this(factor, patience, minimumRate, cooldown, minDelta)
    {
        _reductions = (int)SettingRules.AtLeast(reductions, 0, nameof(reductions));
        _wait = SettingRules.Within(wait, 0, patience - 1, nameof(wait));
        _cooldownLeft = SettingRules.Within(cooldownLeft, 0, cooldown, nameof(cooldownLeft));
        if (best is null && (reductions != 0 || wait != 0 || cooldownLeft != 0))
        {
            throw SettingRules.OutOfRange(nameof(best), "null", "a loss once an epoch has been watched (reductions, wait or cooldownLeft is not 0)");
        }

        _best = best;
    }

    /// <summary>The number of reductions made so far.</summary>
    internal int Reductions
    {
        get
        {
            lock (_lock)
            {
                return _reductions;
            }
        }
    }

    public override double LearningRateAt(long stepNumber, double baseRate)
    {
        lock (_lock)
        {
            return Math.Max(baseRate * Math.Pow(_factor, _reductions), Math.Min(baseRate, _minimumRate));
        }
    }

    /// <summary>
    /// Keras's rule, with the cooldown stated plainly: an epoch whose loss is below the best by more than
    /// <c>minDelta</c> is the new best and resets the wait; otherwise, unless it falls within the <c>cooldown</c> epochs
    /// after a reduction, it adds one to the wait, and a wait of <c>patience</c> makes a reduction.
    /// </summary>
    internal override void EndEpoch(double watchedLoss)
    {
        lock (_lock)
        {
            var cooling = _cooldownLeft > 0;
            if (cooling)
            {
                _cooldownLeft--;
            }

            if (_best is null || watchedLoss < _best.Value - _minDelta)
            {
                _best = watchedLoss;
                _wait = 0;
            }
            else if (!cooling && ++_wait >= _patience)
            {
                _reductions = _reductions == int.MaxValue ? int.MaxValue : _reductions + 1;
                _wait = 0;
                _cooldownLeft = _cooldown;
            }
        }
    }

    internal override void WriteSettings(ISettingsWriter settings)
    {
        lock (_lock)
        {
            settings.Number("factor", _factor);
            settings.Integer("patience", _patience);
            settings.Number("minimumRate", _minimumRate);
            settings.Integer("cooldown", _cooldown);
            settings.Number("minDelta", _minDelta);
            settings.Integer("reductions", _reductions);
            settings.OptionalNumber("best", _best);
            settings.Integer("wait", _wait);
            settings.Integer("cooldownLeft", _cooldownLeft);
        }
    }

    /// <summary>Builds the schedule from a checkpoint's settings and running state, each checked.</summary>
    internal static ReduceOnPlateauSchedule Read(ISettingsReader settings)
        => new(
            settings.Number("factor"),
            settings.Int32("patience"),
            settings.Number("minimumRate"),
            settings.Int32("cooldown"),
            settings.Number("minDelta"),
            settings.Int32("reductions"),
            settings.OptionalNumber("best"),
            settings.Int32("wait"),
            settings.Int32("cooldownLeft"));
}

/// <summary>
/// A plateau schedule in a checkpoint: <c>"reduce-on-plateau"</c>, with its settings, then its running state
/// (<c>reductions</c>, <c>best</c> — null before the first epoch —, <c>wait</c>, <c>cooldownLeft</c>).
/// </summary>
file sealed class ReduceOnPlateauKind() : ScheduleKind(
    "reduce-on-plateau", typeof(ReduceOnPlateauSchedule), "factor", "patience", "minimumRate", "cooldown", "minDelta", "reductions", "best", "wait", "cooldownLeft")
{
    public override LearningRateSchedule Read(ISettingsReader settings) => ReduceOnPlateauSchedule.Read(settings);
}
