namespace Backprop;

/// <summary>
/// Thrown when a training step produces a NaN or infinite cost, gradient or weight. The step that
/// diverged is not applied: the network keeps the weights of the last finite step.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the given epoch and batch.</summary>
    /// <param name="epoch">The 1-based epoch (0 for a single <see cref="Trainer{T}.Step"/>).</param>
    /// <param name="batch">The 1-based mini-batch within the epoch (for single steps, the trainer's step count).</param>
    /// <param name="cost">The cost of the batch that diverged (NaN or infinite when the cost itself diverged).</param>
    /// <param name="reason">What was not finite.</param>
    public TrainingDivergedException(int epoch, int batch, double cost, string reason)
        : base($"Training diverged at epoch {epoch}, batch {batch}: {reason} (batch cost {cost}). The step was not applied; the network keeps its last finite weights. Try a smaller learning rate.")
    {
        Epoch = epoch;
        Batch = batch;
        Cost = cost;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based epoch in which training diverged (0 for a single step).</summary>
    public int Epoch { get; }

    /// <summary>The 1-based mini-batch within the epoch (for single steps, the trainer's step count).</summary>
    public int Batch { get; }

    /// <summary>The cost of the batch that diverged.</summary>
    public double Cost { get; }
}
