namespace Backprop;

/// <summary>What happened in <c>Trainer.Fit</c>: the figures of every epoch and how training ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochSummary> epochs, int? bestEpoch, bool stoppedEarly, bool restoredBestWeights)
    {
        Epochs = epochs;
        Losses = [.. epochs.Select(epoch => epoch.Loss)];
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        RestoredBestWeights = restoredBestWeights;
    }

    /// <summary>One entry per epoch trained, in order.</summary>
    public IReadOnlyList<EpochSummary> Epochs { get; }

    /// <summary>The cost of each epoch, first to last: the mean over its samples of the cost each batch had just before its update.</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>The epoch with the lowest validation loss, when there was validation data.</summary>
    public int? BestEpoch { get; }

    /// <summary>True when early stopping ended training before the last planned epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>True when the weights of <see cref="BestEpoch"/> were put back at the end.</summary>
    public bool RestoredBestWeights { get; }
}
