namespace Backprop;

/// <summary>
/// What <c>Trainer.Fit</c> does at each epoch end for the optimizer's parts: read the learning rate of the epoch's last
/// step (for the progress report) and tell the schedule the watched loss (for schedules that react to it).
/// </summary>
internal static class EpochEnd
{
    /// <summary>The learning rate of step <paramref name="stepsTaken"/> for a gradient optimizer; null for an optimizer without one (L-BFGS, iRprop−).</summary>
    public static double? LearningRate<T>(Optimizer<T> optimizer, long stepsTaken)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => optimizer is GradientOptimizer<T> gradient && stepsTaken > 0 ? gradient.LearningRateAt(stepsTaken) : null;

    /// <summary>Gives the schedule the epoch's watched loss: the validation loss when there is one, else the training loss.</summary>
    public static void Observe<T>(Optimizer<T> optimizer, EpochSummary summary)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        if (optimizer is GradientOptimizer<T> { Schedule: { } schedule })
        {
            schedule.EndEpoch(summary.ValidationLoss ?? summary.Loss);
        }
    }
}
