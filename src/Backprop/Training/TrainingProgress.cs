namespace Backprop;

/// <summary>
/// One progress report of <c>Trainer.Fit</c>: after a batch (<see cref="IsEpochEnd"/> false) or at
/// the end of an epoch, when the validation figures are filled in.
/// </summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="Epochs">The number of epochs planned.</param>
/// <param name="Batch">The 1-based batch within the epoch (the last batch at an epoch end).</param>
/// <param name="BatchesPerEpoch">The number of batches in an epoch.</param>
/// <param name="IsEpochEnd">True for the report that closes an epoch.</param>
/// <param name="Loss">The mean training loss over the epoch so far (each batch's loss before its update).</param>
/// <param name="Accuracy">The training accuracy over the epoch so far, for sigmoid or softmax outputs; otherwise null.</param>
/// <param name="ValidationLoss">The validation loss after the epoch (epoch ends with validation data only).</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch (classification outputs only).</param>
/// <param name="SamplesPerSecond">Training samples processed per second in this epoch so far.</param>
/// <param name="Elapsed">Time since <c>Trainer.Fit</c> started.</param>
/// <param name="Diagnostics">At epoch ends (unless turned off in <see cref="FitOptions{T}.CollectDiagnostics"/>): gradient norms, saturated and dead units, warnings.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int BatchesPerEpoch,
    bool IsEpochEnd,
    double Loss,
    double? Accuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    Diagnostics.TrainingDiagnostics? Diagnostics = null)
{
    /// <summary>
    /// At epoch ends, for a <see cref="GradientOptimizer{T}"/>: the learning rate of the epoch's last step (its
    /// schedule's); null in batch reports and for optimizers without a learning rate.
    /// </summary>
    public double? LearningRate { get; init; }
}
