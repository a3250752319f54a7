namespace Backprop;

/// <summary>
/// Where a <see cref="Trainer{T}"/>'s run stands, apart from its settings: the updates made and the epochs
/// completed, which fix the step number that schedules see and the next epoch's shuffle. A checkpoint saves it,
/// and the next <see cref="Trainer{T}.Fit(Network{T}, MathNet.Numerics.LinearAlgebra.Matrix{T}, MathNet.Numerics.LinearAlgebra.Matrix{T}, FitOptions{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>
/// continues from it.
/// </summary>
public sealed class TrainingState
{
    internal TrainingState()
    {
    }

    /// <summary>The number of updates made (the step number that schedules and bias corrections see).</summary>
    public long StepsTaken { get; internal set; }

    /// <summary>The number of epochs completed: the position in the shuffling sequence.</summary>
    public int EpochsCompleted { get; internal set; }
}
