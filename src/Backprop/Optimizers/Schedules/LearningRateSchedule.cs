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
    /// <param name="minimumRate">The final rate, in [0, 10⁶] (default 0).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Cosine(long totalSteps, double minimumRate = 0) => new CosineSchedule(totalSteps, minimumRate);

    /// <summary>
    /// Prepends a linear warm-up: the rate rises from <c>η/warmupSteps</c> to <c>η</c> over the first
    /// <paramref name="warmupSteps"/> steps, then this schedule runs (its step count starting at 1).
    /// </summary>
    /// <param name="warmupSteps">The warm-up length; at least 1.</param>
    /// <returns>The schedule with warm-up.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> is less than 1.</exception>
    public LearningRateSchedule WithWarmup(int warmupSteps) => new WarmupSchedule(warmupSteps, this);

    /// <summary>Writes the settings for a checkpoint, in the order the class's kind declares (none by default).</summary>
    internal virtual void WriteSettings(ISettingsWriter settings)
    {
    }
}
