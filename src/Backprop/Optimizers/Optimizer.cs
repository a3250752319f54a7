namespace Backprop;

/// <summary>
/// Turns gradients into updates: one step of an optimisation algorithm on a <see cref="TrainingObjective{T}"/>.
/// This is the seam for optimizers: mini-batch methods (SGD, Adam, …) derive from
/// <see cref="GradientOptimizer{T}"/>; full-batch solvers (L-BFGS, iRprop−) from this class, since they may
/// evaluate the objective several times per step.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    /// <summary>A short name (for example <c>"adam"</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Makes one update of the objective's parameters. Implementations evaluate the objective at least once;
    /// when the update would leave a parameter NaN or infinite they restore the parameters and throw
    /// <see cref="TrainingDivergedException"/>.
    /// </summary>
    /// <param name="objective">The cost of the current batch as a function of the parameters.</param>
    /// <returns>The mean cost of the batch before the update.</returns>
    /// <exception cref="TrainingDivergedException">The cost, a gradient or an updated parameter is not finite.</exception>
    public abstract T Step(TrainingObjective<T> objective);

    /// <summary>Forgets all state (moments, histories), as for a fresh start.</summary>
    public abstract void Reset();

    // A checkpoint asks the optimizer itself for what it keeps. Only the built-in classes (those with a
    // PartKind in their file) are saved, so these are internal: the names and rules of a file stay the library's.

    /// <summary>True once the optimizer has running state to save (after its first step, until <see cref="Reset"/>).</summary>
    internal virtual bool HasState => false;

    /// <summary>Writes the settings, in the order the class's <see cref="PartKind.Settings"/> declares.</summary>
    internal virtual void WriteSettings(ISettingsWriter settings)
    {
    }

    /// <summary>Writes the running state (called only when <see cref="HasState"/>).</summary>
    internal virtual void WriteState(IStateWriter<T> state)
    {
    }

    /// <summary>Takes back the state <see cref="WriteState"/> wrote, for a network with the reader's parameter segments.</summary>
    internal virtual void ReadState(IStateReader<T> state)
        => throw new NotSupportedException($"The optimizer '{Name}' cannot restore a saved state.");

    /// <inheritdoc />
    public override string ToString() => Name;
}
