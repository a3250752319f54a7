namespace Backprop;

/// <summary>
/// The one training operation running on a network (<c>using var training = guard.EnterTraining();</c>): a
/// second one on any thread throws until this one is disposed. Parameter changes happen inside it, in a
/// <see cref="WeightUpdate"/>.
/// </summary>
internal ref struct TrainingScope
{
    private ParameterGuard? _guard;
    private readonly ParameterGuard.Binding? _bindOnExit;

    internal TrainingScope(ParameterGuard guard, ParameterGuard.Binding? bindOnExit)
    {
        _guard = guard;
        _bindOnExit = bindOnExit;
    }

    /// <summary>Opens the update of the parameters; <see cref="Network{T}.Predict(MathNet.Numerics.LinearAlgebra.Matrix{T})"/> throws while it is open.</summary>
    /// <exception cref="InvalidOperationException">An update is already open.</exception>
    public readonly WeightUpdate BeginWeightUpdate()
    {
        var guard = _guard ?? throw new ObjectDisposedException(nameof(TrainingScope));
        guard.BeginUpdate();
        return new WeightUpdate(guard);
    }

    /// <summary>Ends the training operation (leaving the network bound to the trainer whose step it was, if one was given).</summary>
    public void Dispose()
    {
        _guard?.ExitTraining(_bindOnExit);
        _guard = null;
    }
}
