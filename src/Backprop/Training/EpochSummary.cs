namespace Backprop;

/// <summary>The figures of one epoch of <c>Trainer.Fit</c>.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="Loss">The mean training loss (each batch's loss before its update).</param>
/// <param name="Accuracy">The training accuracy, for sigmoid or softmax outputs; otherwise null.</param>
/// <param name="ValidationLoss">The validation loss after the epoch, when there is validation data.</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch, for classification outputs with validation data.</param>
/// <param name="Duration">How long the epoch took (training and validation).</param>
/// <param name="Diagnostics">Gradient norms, saturated and dead units and warnings, when collected.</param>
public sealed record EpochSummary(
    int Epoch,
    double Loss,
    double? Accuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    TimeSpan Duration,
    Diagnostics.TrainingDiagnostics? Diagnostics = null);
