using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Training;

/// <summary>
/// Trains a network with any <see cref="Optimizer{T}"/>: epochs of shuffled mini-batches, each one
/// optimizer step on the mean cost of the batch.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <example>
/// <code>
/// var trainer = new Trainer&lt;double&gt;(new AdamOptimizer&lt;double&gt;(0.01)) { MiniBatchSize = 32, Epochs = 20, Seed = 1 };
/// IReadOnlyList&lt;double&gt; costPerEpoch = trainer.Train(network, inputs, targets);
/// </code>
/// </example>
/// <remarks>
/// Mini-batches are gathered column by column into the network's reused batch buffer; the data set is never
/// copied. With a full-batch optimizer (<see cref="LbfgsOptimizer{T}"/>, <see cref="IRpropMinusOptimizer{T}"/>)
/// set <see cref="MiniBatchSize"/> to the number of samples (or <see cref="int.MaxValue"/>).
/// </remarks>
public sealed class Trainer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private static readonly FitOptions<T> NoExtras = new() { CollectDiagnostics = false };

    private readonly int _miniBatchSize = 32;
    private readonly int _epochs = 1;
    private long _steps;
    private int _resumedEpochs;

    /// <summary>Creates a trainer that updates with the given optimizer.</summary>
    /// <param name="optimizer">The optimizer; it keeps its state (moments) across calls of this trainer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    public Trainer(Optimizer<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
    }

    /// <summary>The optimizer.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The number of samples per update (default 32). The last batch of an epoch may be smaller.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MiniBatchSize
    {
        get => _miniBatchSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _miniBatchSize = value;
        }
    }

    /// <summary>The number of passes over the training data that <see cref="Train"/> makes (default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Epochs
    {
        get => _epochs;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _epochs = value;
        }
    }

    /// <summary>Whether <see cref="Train"/> visits the samples in a new random order each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffling order (default 0); the same seed gives the same order.</summary>
    public int Seed { get; init; }

    /// <summary>The number of updates this trainer has made (the step number that schedules see).</summary>
    public long StepsTaken => _steps;

    /// <summary>
    /// The epochs of the shuffling sequence behind this trainer: those restored from a checkpoint plus those the
    /// last <see cref="Fit"/> completed. A checkpoint saves it so that the resumed trainer shuffles as the next
    /// epochs of the saved run would have.
    /// </summary>
    internal int EpochsCompleted { get; private set; }

    /// <summary>Restores the step count and the position in the shuffling sequence saved in a checkpoint.</summary>
    internal void RestoreProgress(long stepsTaken, int epochsCompleted)
    {
        _steps = stepsTaken;
        _resumedEpochs = epochsCompleted;
        EpochsCompleted = epochsCompleted;
    }

    /// <summary>One optimizer step on one mini-batch.</summary>
    /// <param name="network">The network to update.</param>
    /// <param name="inputs">The batch's inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The batch's targets, <c>OutputSize × batch</c>.</param>
    /// <returns>The mean cost of the batch before the update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">The cost, a gradient or an updated weight is not finite; the network is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public T Step(Network<T> network, Matrix<T> inputs, Matrix<T> targets)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.EnterTraining();
        try
        {
            var workspace = network.LoadBatch(inputs, targets);
            return UpdateOnBatch(network, workspace, epoch: 0, batch: (int)Math.Min(int.MaxValue, _steps + 1));
        }
        finally
        {
            network.ExitTraining();
        }
    }

    /// <summary>Trains for <see cref="Epochs"/> passes over the data in mini-batches of <see cref="MiniBatchSize"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="inputs">All training inputs, <c>InputSize × samples</c>.</param>
    /// <param name="targets">All training targets, <c>OutputSize × samples</c>.</param>
    /// <returns>The cost of each epoch: the mean over its samples of the cost each batch had just before its update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; the network keeps its last finite weights.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public IReadOnlyList<T> Train(Network<T> network, Matrix<T> inputs, Matrix<T> targets)
        => [.. Fit(network, inputs, targets, NoExtras).Epochs.Select(epoch => T.CreateChecked(epoch.Loss))];

    /// <summary>
    /// Trains like <see cref="Train"/>, and after each epoch evaluates the validation data, reports progress,
    /// and stops early when the validation loss stops improving.
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="inputs">The training inputs, <c>InputSize × samples</c>.</param>
    /// <param name="targets">The training targets, <c>OutputSize × samples</c>.</param>
    /// <param name="options">Validation, early stopping and reporting (default: none of them).</param>
    /// <param name="progress">Receives a report after every <see cref="FitOptions{T}.ReportEveryBatches"/> batches and at every epoch end, in order.</param>
    /// <param name="cancellationToken">Stops training at the next batch boundary; the network keeps the weights of the last completed batch.</param>
    /// <returns>The per-epoch figures and how training ended.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong, a value is not finite, or early stopping has no validation data; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; the network keeps its last finite weights.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public TrainingHistory Fit(
        Network<T> network,
        Matrix<T> inputs,
        Matrix<T> targets,
        FitOptions<T>? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new FitOptions<T>();
        var data = FitData<T>.Prepare(network, inputs, targets, options, Seed);
        if (options.EarlyStoppingPatience is not null && data.ValidationSamples == 0)
        {
            throw new ArgumentException("Early stopping watches the validation loss: give ValidationInputs and ValidationTargets, or a ValidationFraction > 0.", nameof(options));
        }

        var samples = data.TrainingSamples;
        var order = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            order[i] = i;
        }

        var random = new Random(Seed);
        for (var e = 0; e < _resumedEpochs && Shuffle; e++)
        {
            random.Shuffle(order); // a trainer restored from a checkpoint continues the saved run's sequence
        }

        EpochsCompleted = _resumedEpochs;
        var batchesPerEpoch = (samples + MiniBatchSize - 1) / MiniBatchSize;
        var reportsAccuracy = network.ReportsAccuracy;
        var epochs = new List<EpochSummary>(Epochs);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double bestLoss = double.PositiveInfinity;
        int? bestEpoch = null;
        T[][]? bestWeights = null;
        var epochsWithoutImprovement = 0;
        var stoppedEarly = false;
        var diagnostics = options.CollectDiagnostics ? new Diagnostics.DiagnosticsCollector<T>(network) : null;
        network.EnterTraining();
        try
        {
            for (var epoch = 1; epoch <= Epochs && !stoppedEarly; epoch++)
            {
                if (Shuffle)
                {
                    random.Shuffle(order);
                }

                var epochStart = clock.Elapsed;
                var epochCost = T.Zero;
                var correct = 0;
                var seen = 0;
                var batch = 0;
                for (var start = 0; start < samples; start += MiniBatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var size = Math.Min(MiniBatchSize, samples - start);
                    var workspace = network.GetTrainingWorkspace(size);
                    FitData<T>.Gather(data.TrainingInputs, network.InputSize, order.AsSpan(start, size), workspace.Input);
                    FitData<T>.Gather(data.TrainingTargets, network.OutputSize, order.AsSpan(start, size), workspace.Targets);
                    epochCost += UpdateOnBatch(network, workspace, epoch, ++batch) * T.CreateChecked(size);
                    seen += size;
                    diagnostics?.AddBatch(workspace);
                    if (reportsAccuracy)
                    {
                        correct += Evaluation.Metrics.CountCorrect<T>(workspace.Activations[^1], workspace.Targets, network.OutputSize);
                    }

                    if (progress is not null && batch % options.ReportEveryBatches == 0 && batch < batchesPerEpoch)
                    {
                        progress.Report(new TrainingProgress(
                            epoch, Epochs, batch, batchesPerEpoch, IsEpochEnd: false,
                            double.CreateChecked(epochCost) / seen, reportsAccuracy ? (double)correct / seen : null, null, null,
                            seen / Math.Max(1e-9, (clock.Elapsed - epochStart).TotalSeconds), clock.Elapsed));
                    }
                }

                var trainingSeconds = (clock.Elapsed - epochStart).TotalSeconds;
                double? validationLoss = null;
                double? validationAccuracy = null;
                if (data.ValidationSamples > 0)
                {
                    var (loss, validationCorrect) = network.Evaluate(data.ValidationInputs, data.ValidationTargets, data.ValidationSamples);
                    validationLoss = loss;
                    validationAccuracy = reportsAccuracy ? (double)validationCorrect / data.ValidationSamples : null;
                    if (loss < bestLoss - options.EarlyStoppingMinDelta)
                    {
                        bestLoss = loss;
                        bestEpoch = epoch;
                        epochsWithoutImprovement = 0;
                        if (options.EarlyStoppingPatience is not null && options.RestoreBestWeights)
                        {
                            bestWeights = network.SnapshotParameters();
                        }
                    }
                    else if (options.EarlyStoppingPatience is { } patience && ++epochsWithoutImprovement >= patience)
                    {
                        stoppedEarly = true;
                    }
                }

                EpochsCompleted = _resumedEpochs + epoch;
                var summary = new EpochSummary(
                    epoch, double.CreateChecked(epochCost) / samples, reportsAccuracy ? (double)correct / samples : null,
                    validationLoss, validationAccuracy, clock.Elapsed - epochStart, diagnostics?.TakeEpoch());
                epochs.Add(summary);
                progress?.Report(new TrainingProgress(
                    epoch, Epochs, batch, batchesPerEpoch, IsEpochEnd: true, summary.Loss, summary.Accuracy,
                    validationLoss, validationAccuracy, samples / Math.Max(1e-9, trainingSeconds), clock.Elapsed, summary.Diagnostics));
            }

            var restore = bestWeights is not null && bestEpoch != epochs.Count;
            if (restore)
            {
                network.RestoreParameters(bestWeights!);
            }

            return new TrainingHistory(epochs, bestEpoch, stoppedEarly, restore);
        }
        finally
        {
            network.ExitTraining();
        }
    }

    private T UpdateOnBatch(Network<T> network, TrainingWorkspace<T> workspace, int epoch, int batch)
    {
        var objective = workspace.Objective ??= new TrainingObjective<T>(network, workspace);
        objective.Epoch = epoch;
        objective.Batch = batch;
        objective.StepNumber = _steps + 1;
        network.BeginWeightUpdate();
        try
        {
            var cost = Optimizer.Step(objective);
            _steps++;
            return cost;
        }
        finally
        {
            network.EndWeightUpdate();
        }
    }
}
