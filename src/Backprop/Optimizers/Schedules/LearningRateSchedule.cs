namespace Backprop;

/// <summary>
/// How the learning rate changes with the update step (1-based, counted over the whole training run, so a
/// schedule of <c>N</c> steps spans <c>N</c> mini-batch updates, not epochs).
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The base rate at every step.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The learning rate at a step.</summary>
    /// <param name="stepNumber">The 1-based update step.</param>
    /// <param name="baseRate">The optimizer's base learning rate.</param>
    /// <returns>The learning rate for that step.</returns>
    public abstract double LearningRateAt(long stepNumber, double baseRate);

    /// <summary>Multiplies the rate by <paramref name="factor"/> every <paramref name="stepSize"/> steps: <c>η·factor^⌊(t−1)/stepSize⌋</c>.</summary>
    /// <param name="stepSize">Steps between decays; at least 1.</param>
    /// <param name="factor">The decay factor, in (0, 1].</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule StepDecay(int stepSize, double factor) => new StepDecaySchedule(stepSize, factor);

    /// <summary>Multiplies the rate by <paramref name="factor"/> every step: <c>η·factor^(t−1)</c>.</summary>
    /// <param name="factor">The decay factor per step, in (0, 1].</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is out of range.</exception>
    public static LearningRateSchedule Exponential(double factor) => new ExponentialSchedule(factor);

    /// <summary>
    /// Cosine annealing (Loshchilov &amp; Hutter, 2017, without restarts) from the base rate down to
    /// <paramref name="minimumRate"/> over <paramref name="totalSteps"/>, then constant:
    /// <c>ηmin + (η − ηmin)·(1 + cos(π·(t−1)/T))/2</c>.
    /// </summary>
    /// <param name="totalSteps">The steps over which to anneal; at least 1.</param>
    /// <param name="minimumRate">The final rate, ≥ 0 (default 0).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Cosine(long totalSteps, double minimumRate = 0) => new CosineSchedule(totalSteps, minimumRate);

    /// <summary>
    /// Lowers the rate when the loss stops improving (Keras's <c>ReduceLROnPlateau</c>): after <c>k</c> reductions the
    /// rate is <c>max(η·factor^k, min(η, minimumRate))</c>, and a reduction is made each time the watched loss has
    /// not fallen below its best by more than <paramref name="minDelta"/> for <paramref name="patience"/> epochs in a
    /// row. The watched loss is the validation loss when <c>Trainer.Fit</c> has validation data, otherwise the
    /// training loss; after a reduction, the next <paramref name="cooldown"/> epochs do not count towards the wait.
    /// </summary>
    /// <param name="factor">The factor applied at each reduction, in (0, 1) (default 0.1, as Keras).</param>
    /// <param name="patience">Epochs without improvement before a reduction; at least 1 (default 10).</param>
    /// <param name="minimumRate">The rate is never reduced below this, finite and ≥ 0 (default 0); a base rate already below it is kept.</param>
    /// <param name="cooldown">Epochs after a reduction that are not counted as without improvement; ≥ 0 (default 0).</param>
    /// <param name="minDelta">The least decrease of the loss that counts as an improvement, finite and ≥ 0 (default 10⁻⁴, as Keras).</param>
    /// <returns>
    /// The schedule. It follows the epochs of one training run (give each optimizer its own), and a checkpoint saves
    /// its running state. Unlike the other schedules its rate depends on the epochs seen so far, not on the step
    /// alone, and it changes only at epoch ends (a <see cref="Trainer{T}.Step"/> outside <c>Fit</c> does not advance it).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it and its rule).</exception>
    public static LearningRateSchedule ReduceOnPlateau(double factor = 0.1, int patience = 10, double minimumRate = 0, int cooldown = 0, double minDelta = 1e-4)
        => new ReduceOnPlateauSchedule(factor, patience, minimumRate, cooldown, minDelta);

    /// <summary>
    /// Prepends a linear warm-up: the rate rises from <c>η/warmupSteps</c> to <c>η</c> over the first
    /// <paramref name="warmupSteps"/> steps, then this schedule runs (its step count starting at 1).
    /// </summary>
    /// <param name="warmupSteps">The warm-up length; at least 1.</param>
    /// <returns>The schedule with warm-up.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> is less than 1.</exception>
    public LearningRateSchedule WithWarmup(int warmupSteps) => new WarmupSchedule(warmupSteps, this);

    /// <summary>
    /// Called by <c>Trainer.Fit</c> at the end of each epoch with the watched loss (validation loss, or training loss
    /// without validation data); only a schedule that reacts to the loss does anything.
    /// </summary>
    /// <param name="watchedLoss">The epoch's loss, finite.</param>
    internal virtual void EndEpoch(double watchedLoss)
    {
    }

    /// <summary>Writes the settings for a checkpoint, in the order the class's kind declares (none by default).</summary>
    internal virtual void WriteSettings(ISettingsWriter settings)
    {
    }
}
