namespace Backprop;

/// <summary>
/// An open change of a network's parameters, made by <see cref="TrainingScope.BeginWeightUpdate"/>
/// (<c>using var update = training.BeginWeightUpdate();</c>): predictions that overlap it throw instead of
/// answering from half-updated weights.
/// </summary>
internal ref struct WeightUpdate
{
    private ParameterGuard? _guard;

    internal WeightUpdate(ParameterGuard guard) => _guard = guard;

    /// <summary>Ends the update.</summary>
    public void Dispose()
    {
        _guard?.EndUpdate();
        _guard = null;
    }
}
