using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>What <c>Trainer.Fit</c> does besides training: validation, early stopping and progress reports.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class FitOptions<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _validationFraction;
    private readonly int? _earlyStoppingPatience;
    private readonly int _reportEveryBatches = 1;
    private readonly double _earlyStoppingMinDelta;

    /// <summary>Validation inputs, <c>InputSize × samples</c> (with <see cref="ValidationTargets"/>); evaluated after every epoch.</summary>
    public Matrix<T>? ValidationInputs { get; init; }

    /// <summary>Validation targets, <c>OutputSize × samples</c>.</summary>
    public Matrix<T>? ValidationTargets { get; init; }

    /// <summary>
    /// One weight per training sample (finite, not negative, not all 0), or <see langword="null"/> (default) for
    /// equal weights. The cost becomes the weighted mean <c>Σⱼ wⱼ Cⱼ / Σⱼ wⱼ</c>, so a sample of weight 2 counts as
    /// two copies of it; a held-out <see cref="ValidationFraction"/> keeps its samples' weights for the validation
    /// loss. <c>Fit</c> throws <see cref="ArgumentException"/> naming the first bad weight's index.
    /// </summary>
    public IReadOnlyList<T>? SampleWeights { get; init; }

    /// <summary>One weight per sample of <see cref="ValidationInputs"/>, for the weighted validation loss; <see langword="null"/> for equal weights.</summary>
    public IReadOnlyList<T>? ValidationSampleWeights { get; init; }

    /// <summary>
    /// When no validation data is given: the fraction in [0, 1) of the training samples held out for validation,
    /// chosen by a seeded shuffle (the trainer's <see cref="Trainer{T}.Seed"/>). Default 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public double ValidationFraction
    {
        get => _validationFraction;
        init
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "ValidationFraction must be in [0, 1).");
            }

            _validationFraction = value;
        }
    }

    /// <summary>
    /// Stop when the validation loss has not improved (by more than <see cref="EarlyStoppingMinDelta"/>) for this
    /// many epochs in a row; <see langword="null"/> (default) trains all epochs. Needs validation data.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? EarlyStoppingPatience
    {
        get => _earlyStoppingPatience;
        init
        {
            if (value is { } patience)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
            }

            _earlyStoppingPatience = value;
        }
    }

    /// <summary>The least decrease of the validation loss that counts as an improvement: finite and at least 0 (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite or negative (NaN would make every epoch "no improvement").</exception>
    public double EarlyStoppingMinDelta
    {
        get => _earlyStoppingMinDelta;
        init => _earlyStoppingMinDelta = double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(EarlyStoppingMinDelta), value, "EarlyStoppingMinDelta must be finite and at least 0.");
    }

    /// <summary>
    /// With early stopping: at the end, put back the weights of the epoch with the lowest validation loss
    /// (default true).
    /// </summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>
    /// Whether to collect <see cref="Diagnostics.TrainingDiagnostics"/> each epoch (default true; costs a pass over
    /// the activations per batch).
    /// </summary>
    public bool CollectDiagnostics { get; init; } = true;

    /// <summary>Report progress every this many batches (default 1), besides once per epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int ReportEveryBatches
    {
        get => _reportEveryBatches;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _reportEveryBatches = value;
        }
    }
}
