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

    /// <summary>A copy of the running state for a checkpoint; null before the first step (and for optimizers that keep none).</summary>
    internal virtual OptimizerState<T>? ExportState() => null;

    /// <summary>Takes back a state made by <see cref="ExportState"/> (already validated) for parameter segments of these lengths.</summary>
    internal virtual void ImportState(OptimizerState<T> state, int[] segmentLengths)
        => throw new NotSupportedException($"The optimizer '{Name}' cannot restore a saved state.");

    /// <inheritdoc />
    public override string ToString() => Name;
}
