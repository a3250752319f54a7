namespace Backprop;

/// <summary>
/// The training and validation arrays of one <c>Trainer.Fit</c> call: validated, and, when a
/// validation fraction is asked for, split by a seeded shuffle (the only time samples are copied).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class FitData<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private FitData(
        T[] trainingInputs, T[] trainingTargets, int trainingSamples, T[] validationInputs, T[] validationTargets, int validationSamples,
        T[]? trainingWeights = null, T[]? validationWeights = null)
    {
        TrainingWeights = trainingWeights;
        ValidationWeights = validationWeights;
        TrainingInputs = trainingInputs;
        TrainingTargets = trainingTargets;
        TrainingSamples = trainingSamples;
        ValidationInputs = validationInputs;
        ValidationTargets = validationTargets;
        ValidationSamples = validationSamples;
    }

    public T[] TrainingInputs { get; }

    public T[] TrainingTargets { get; }

    public int TrainingSamples { get; }

    public T[] ValidationInputs { get; }

    public T[] ValidationTargets { get; }

    public int ValidationSamples { get; }

    /// <summary>The training samples' weights, or null when they are equal.</summary>
    public T[]? TrainingWeights { get; }

    /// <summary>The validation samples' weights, or null when they are equal.</summary>
    public T[]? ValidationWeights { get; }

    public static FitData<T> Prepare(Network<T> network, MathNet.Numerics.LinearAlgebra.Matrix<T> inputs, MathNet.Numerics.LinearAlgebra.Matrix<T> targets, FitOptions<T> options, int seed)
    {
        var (inputValues, targetValues) = InputValidation.RequireBatch(inputs, targets, network.InputSize, network.OutputSize);
        var samples = inputs.ColumnCount;
        var weights = options.SampleWeights is { } given ? SampleWeighting.Validate(given, samples, nameof(options.SampleWeights)) : null;
        if (options.ValidationSampleWeights is not null && options.ValidationInputs is null)
        {
            throw new ArgumentException("ValidationSampleWeights weigh ValidationInputs; give those too, or weigh a held-out fraction through SampleWeights.", nameof(options));
        }

        if (options.ValidationInputs is not null || options.ValidationTargets is not null)
        {
            if (options.ValidationInputs is null || options.ValidationTargets is null)
            {
                throw new ArgumentException("Give both ValidationInputs and ValidationTargets, or neither.", nameof(options));
            }

            var (validationInputs, validationTargets) = InputValidation.RequireBatch(options.ValidationInputs, options.ValidationTargets, network.InputSize, network.OutputSize);
            var validationWeights = options.ValidationSampleWeights is { } v
                ? SampleWeighting.Validate(v, options.ValidationInputs.ColumnCount, nameof(options.ValidationSampleWeights))
                : null;
            return new FitData<T>(inputValues, targetValues, samples, validationInputs, validationTargets, options.ValidationInputs.ColumnCount, weights, validationWeights);
        }

        var held = (int)Math.Floor(samples * options.ValidationFraction);
        if (held == 0)
        {
            return new FitData<T>(inputValues, targetValues, samples, [], [], 0, weights);
        }

        if (held == samples)
        {
            throw new ArgumentException($"A validation fraction of {options.ValidationFraction} leaves no training samples out of {samples}.", nameof(options));
        }

        var order = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        var training = order.AsSpan(0, samples - held);
        var validation = order.AsSpan(samples - held);
        return new FitData<T>(
            Columns(inputValues, network.InputSize, training), Columns(targetValues, network.OutputSize, training), training.Length,
            Columns(inputValues, network.InputSize, validation), Columns(targetValues, network.OutputSize, validation), validation.Length,
            weights is null ? null : Columns(weights, 1, training), weights is null ? null : Columns(weights, 1, validation));
    }

    /// <summary>Copies the chosen samples (columns) into a batch buffer: one contiguous copy per sample.</summary>
    public static void Gather(T[] source, int rows, ReadOnlySpan<int> columns, T[] destination)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            source.AsSpan(columns[c] * rows, rows).CopyTo(destination.AsSpan(c * rows, rows));
        }
    }

    private static T[] Columns(T[] source, int rows, ReadOnlySpan<int> columns)
    {
        var result = new T[rows * columns.Length];
        Gather(source, rows, columns, result);
        return result;
    }
}
