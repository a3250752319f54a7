using System.Globalization;

namespace Backprop;

/// <summary>
/// Where a <see cref="Trainer{T}"/>'s run stands, apart from its settings: the updates made and the epochs
/// completed, which fix the step number that schedules see and the next epoch's shuffle. A checkpoint saves it,
/// and the next <see cref="Trainer{T}.Fit(Network{T}, MathNet.Numerics.LinearAlgebra.Matrix{T}, MathNet.Numerics.LinearAlgebra.Matrix{T}, FitOptions{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>
/// continues from it.
/// </summary>
/// <remarks>
/// The counters stay within what training can reach: <see cref="StepsTaken"/> in [0, <see cref="MaxStepsTaken"/>],
/// <see cref="EpochsCompleted"/> in [0, <see cref="MaxEpochsCompleted"/>] and never more than <see cref="StepsTaken"/>
/// (every epoch makes at least one update). A <c>Step</c> or <c>Fit</c> that would pass a limit throws
/// <see cref="InvalidOperationException"/> before it changes anything, and a checkpoint is loaded only with counters
/// within these limits, so every checkpoint a trainer writes loads.
/// </remarks>
public sealed class TrainingState
{
    /// <summary>The most updates a run can make: 2⁵³, so that every step number is exact as a <see cref="double"/> (what schedules compute in).</summary>
    public const long MaxStepsTaken = 1L << 53;

    /// <summary>The most epochs a run can complete (<see cref="int.MaxValue"/>).</summary>
    public const int MaxEpochsCompleted = int.MaxValue;

    internal TrainingState()
    {
    }

    /// <summary>The number of updates made (the step number that schedules and bias corrections see).</summary>
    public long StepsTaken { get; internal set; }

    /// <summary>The number of epochs completed: the position in the shuffling sequence.</summary>
    public int EpochsCompleted { get; internal set; }

    /// <summary>Throws unless the run can make <paramref name="epochs"/> more epochs and <paramref name="steps"/> more updates.</summary>
    /// <exception cref="InvalidOperationException">A counter would pass its limit.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void RequireRoomFor(int epochs, long steps)
    {
        // Two comparisons on every Step; the messages only when one fails.
        if (epochs > MaxEpochsCompleted - EpochsCompleted || steps > MaxStepsTaken - StepsTaken)
        {
            ThrowNoRoomFor(epochs, steps);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowNoRoomFor(int epochs, long steps)
    {
        if (epochs > MaxEpochsCompleted - EpochsCompleted)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The run has completed {EpochsCompleted} epochs; {epochs} more would pass the limit of {MaxEpochsCompleted} (TrainingState.MaxEpochsCompleted). Start a new Trainer."));
        }

        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"The run has made {StepsTaken} updates; {steps} more would pass the limit of {MaxStepsTaken} (TrainingState.MaxStepsTaken). Start a new Trainer."));
    }
}
