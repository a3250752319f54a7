using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Trains a network with any <see cref="Optimizer{T}"/>: epochs of shuffled mini-batches, each one
/// optimizer step on the mean cost of the batch.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <example>
/// <code>
/// var trainer = new Trainer&lt;double&gt;(new AdamOptimizer&lt;double&gt;(0.01)) { MiniBatchSize = 32, Epochs = 20, Seed = 1 };
/// TrainingHistory history = trainer.Fit(network, inputs, targets);   // history.Losses: the cost of each epoch
/// // SGD as the texts write it: new Trainer&lt;double&gt;(new SgdOptimizer&lt;double&gt;(3.0)) { MiniBatchSize = 10, Epochs = 30 }
/// </code>
/// </example>
/// <remarks>
/// <para>
/// The trainer is its settings (<see cref="Optimizer"/>, <see cref="MiniBatchSize"/>, <see cref="Epochs"/>,
/// <see cref="Shuffle"/>, <see cref="Seed"/>) and its run's <see cref="State"/>. Calling <see cref="Fit(Network{T}, Matrix{T}, Matrix{T}, FitOptions{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>
/// again continues the run exactly as resuming a checkpoint does: the optimizer keeps its state, schedules see
/// the step count, and the shuffle goes on with the next epochs' orders.
/// </para>
/// <para>
/// Mini-batches are gathered column by column into the network's reused batch buffer; the data set is never
/// copied. With a full-batch optimizer (<see cref="LbfgsOptimizer{T}"/>, <see cref="IRpropMinusOptimizer{T}"/>)
/// set <see cref="MiniBatchSize"/> to the number of samples (or <see cref="int.MaxValue"/>).
/// </para>
/// <para>One trainer trains one network at a time: a second concurrent call on the same trainer throws <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed class Trainer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly int _miniBatchSize = 32;
    private readonly int _epochs = 1;
    private readonly ParameterGuard.Binding _binding = new();
    private int _busy;

    /// <summary>The network left bound to this trainer by its last step, if any; read and written only while <see cref="_busy"/> is held.</summary>
    private ParameterGuard? _boundGuard;

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

    /// <summary>The number of passes over the training data that each <c>Fit</c> makes (default 1).</summary>
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

    /// <summary>Whether <c>Fit</c> visits the samples in a new random order each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// The seed of the shuffling order (default 0): epoch <c>k</c> of the run (0-based) visits the samples in an order
    /// drawn from (seed, <c>k</c>) alone, so the same seed gives the same orders and resuming at any epoch costs one shuffle.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Where this trainer's run stands: updates made and epochs completed.</summary>
    public TrainingState State { get; } = new();

    /// <summary>One optimizer step on one mini-batch.</summary>
    /// <param name="network">The network to update.</param>
    /// <param name="inputs">The batch's inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The batch's targets, <c>OutputSize × batch</c>.</param>
    /// <returns>The mean cost of the batch before the update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">The cost, a gradient or an updated weight is not finite; the network is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network, or the run has made <see cref="TrainingState.MaxStepsTaken"/> updates.</exception>
    public T Step(Network<T> network, Matrix<T> inputs, Matrix<T> targets)
    {
        ArgumentNullException.ThrowIfNull(network);

        // The network of this trainer's last step is still bound to it, unless something else used either since: claiming
        // it claims this trainer too (see ParameterGuard), one atomic step instead of two.
        if (network.Guard.TryEnterBound(_binding, out var bound))
        {
            using (bound)
            {
                return StepOn(network, inputs, targets, in bound);
            }
        }

        using var use = ClaimTrainer();
        using var training = network.Guard.EnterTraining(bindOnExit: _binding);
        _boundGuard = network.Guard;
        return StepOn(network, inputs, targets, in training);
    }

    private T StepOn(Network<T> network, Matrix<T> inputs, Matrix<T> targets, in TrainingScope training)
    {
        State.RequireRoomFor(0, 1);
        var workspace = network.Training.LoadBatch(inputs, targets);
        return UpdateOnBatch(network, in training, workspace, epoch: 0, batch: (int)Math.Min(int.MaxValue, State.StepsTaken + 1));
    }

    /// <summary>
    /// This trainer for one call, with its binding ended first (so that no bound step can run beside the call, and the
    /// call sees what the last bound step wrote).
    /// </summary>
    /// <exception cref="InvalidOperationException">The trainer is in use by another call.</exception>
    private ExclusiveUse ClaimTrainer()
    {
        var use = new ExclusiveUse(ref _busy);
        try
        {
            _boundGuard?.Revoke(_binding);
        }
        catch (InvalidOperationException)
        {
            use.Dispose();
            throw;
        }

        _boundGuard = null;
        return use;
    }

    /// <summary>Trains on a classification data set; see <see cref="Fit(Network{T}, Matrix{T}, Matrix{T}, FitOptions{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="data">The training samples (inputs and one-hot targets).</param>
    /// <param name="options">Validation, early stopping and reporting (default: none of them).</param>
    /// <param name="progress">Receives a report per batch (see <see cref="FitOptions{T}.ReportEveryBatches"/>) and at every epoch end, in order.</param>
    /// <param name="cancellationToken">Stops training at the next batch boundary.</param>
    /// <returns>The per-epoch figures and how training ended.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; the network keeps its last finite weights.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The network or this trainer is in use by another call, or the epochs would take the run past a limit of <see cref="TrainingState"/>.</exception>
    public TrainingHistory Fit(
        Network<T> network, Data.LabeledDataset<T> data, FitOptions<T>? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(network, data.Inputs, data.Targets, options, progress, cancellationToken);
    }

    /// <summary>Trains on a regression data set; see <see cref="Fit(Network{T}, Matrix{T}, Matrix{T}, FitOptions{T}?, IProgress{TrainingProgress}?, CancellationToken)"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="data">The training samples (inputs and targets).</param>
    /// <param name="options">Validation, early stopping and reporting (default: none of them).</param>
    /// <param name="progress">Receives a report per batch (see <see cref="FitOptions{T}.ReportEveryBatches"/>) and at every epoch end, in order.</param>
    /// <param name="cancellationToken">Stops training at the next batch boundary.</param>
    /// <returns>The per-epoch figures and how training ended.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; the network keeps its last finite weights.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The network or this trainer is in use by another call, or the epochs would take the run past a limit of <see cref="TrainingState"/>.</exception>
    public TrainingHistory Fit(
        Network<T> network, Data.RegressionDataset<T> data, FitOptions<T>? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(network, data.Inputs, data.Targets, options, progress, cancellationToken);
    }

    /// <summary>
    /// Trains for <see cref="Epochs"/> passes over the data in mini-batches of <see cref="MiniBatchSize"/>, continuing
    /// this trainer's run; after each epoch evaluates the validation data (if any), reports progress, and stops early
    /// when the validation loss stops improving (if asked).
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="inputs">The training inputs, <c>InputSize × samples</c>.</param>
    /// <param name="targets">The training targets, <c>OutputSize × samples</c>.</param>
    /// <param name="options">Validation, early stopping and reporting (default: none of them).</param>
    /// <param name="progress">Receives a report after every <see cref="FitOptions{T}.ReportEveryBatches"/> batches and at every epoch end, in order.</param>
    /// <param name="cancellationToken">Stops training at the next batch boundary; the network keeps the weights of the last completed batch.</param>
    /// <returns>The per-epoch figures (the cost of each epoch: the mean over its samples of the cost each batch had just before its update) and how training ended.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong, a value is not finite, or early stopping has no validation data; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; the network keeps its last finite weights.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The network or this trainer is in use by another call, or the epochs would take the run past a limit of <see cref="TrainingState"/>.</exception>
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
        using var use = ClaimTrainer();
        var data = FitData<T>.Prepare(network, inputs, targets, options, Seed);
        if (options.EarlyStoppingPatience is not null && data.ValidationSamples == 0)
        {
            throw new ArgumentException("Early stopping watches the validation loss: give ValidationInputs and ValidationTargets, or a ValidationFraction > 0.", nameof(options));
        }

        var samples = data.TrainingSamples;
        var order = new int[samples];
        var resumedEpochs = State.EpochsCompleted;
        var batchesPerEpoch = (samples / MiniBatchSize) + (samples % MiniBatchSize == 0 ? 0 : 1);
        State.RequireRoomFor(Epochs, (long)Epochs * batchesPerEpoch);
        var reportsAccuracy = network.Layers[^1].Activation.IsClassifierOutput;
        var engine = network.Training;
        var epochs = new List<EpochSummary>(Epochs);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double bestLoss = double.PositiveInfinity;
        int? bestEpoch = null;
        T[][]? bestWeights = null;
        var epochsWithoutImprovement = 0;
        var stoppedEarly = false;
        var diagnostics = options.CollectDiagnostics ? new Diagnostics.DiagnosticsCollector<T>(network) : null;
        using var training = network.Guard.EnterTraining();
        {
            for (var epoch = 1; epoch <= Epochs && !stoppedEarly; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EpochOrder.Fill(order, Seed, resumedEpochs + epoch - 1, Shuffle); // epoch k's order from (Seed, k) alone: resuming costs one shuffle

                var epochStart = clock.Elapsed;
                var epochCost = T.Zero;
                var correct = 0;
                var seen = 0;
                var batch = 0;
                for (var start = 0; start < samples; start += MiniBatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var size = Math.Min(MiniBatchSize, samples - start);
                    var workspace = engine.Workspace(size);
                    FitData<T>.Gather(data.TrainingInputs, network.InputSize, order.AsSpan(start, size), workspace.Input);
                    FitData<T>.Gather(data.TrainingTargets, network.OutputSize, order.AsSpan(start, size), workspace.Targets);
                    SampleWeighting.Gather(data.TrainingWeights, order.AsSpan(start, size), workspace);
                    epochCost += UpdateOnBatch(network, in training, workspace, epoch, ++batch) * T.CreateChecked(size);
                    seen += size;
                    diagnostics?.AddBatch(workspace);
                    if (reportsAccuracy)
                    {
                        correct += Metrics.CountCorrect<T>(workspace.Activations[^1], workspace.Targets, network.OutputSize);
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
                    var (loss, validationCorrect) = engine.Evaluate(data.ValidationInputs, data.ValidationTargets, data.ValidationSamples, data.ValidationWeights);
                    validationLoss = loss;
                    validationAccuracy = reportsAccuracy ? (double)validationCorrect / data.ValidationSamples : null;
                    if (loss < bestLoss - options.EarlyStoppingMinDelta)
                    {
                        bestLoss = loss;
                        bestEpoch = epoch;
                        epochsWithoutImprovement = 0;
                        if (options.EarlyStoppingPatience is not null && options.RestoreBestWeights)
                        {
                            bestWeights = engine.SnapshotParameters();
                        }
                    }
                    else if (options.EarlyStoppingPatience is { } patience && ++epochsWithoutImprovement >= patience)
                    {
                        stoppedEarly = true;
                    }
                }

                State.EpochsCompleted = resumedEpochs + epoch;
                var summary = new EpochSummary(
                    epoch, double.CreateChecked(epochCost) / samples, reportsAccuracy ? (double)correct / samples : null,
                    validationLoss, validationAccuracy, clock.Elapsed - epochStart, diagnostics?.TakeEpoch());
                epochs.Add(summary);
                var learningRate = EpochEnd.LearningRate(Optimizer, State.StepsTaken);
                EpochEnd.Observe(Optimizer, summary); // before the report, so a checkpoint saved from it holds this epoch
                progress?.Report(new TrainingProgress(
                    epoch, Epochs, batch, batchesPerEpoch, IsEpochEnd: true, summary.Loss, summary.Accuracy,
                    validationLoss, validationAccuracy, samples / Math.Max(1e-9, trainingSeconds), clock.Elapsed, summary.Diagnostics)
                { LearningRate = learningRate });
            }

            var restore = bestWeights is not null && bestEpoch != epochs.Count;
            if (restore)
            {
                engine.RestoreParameters(in training, bestWeights!);
            }

            return new TrainingHistory(epochs, bestEpoch, stoppedEarly, restore);
        }
    }

    private T UpdateOnBatch(Network<T> network, in TrainingScope training, TrainingWorkspace<T> workspace, int epoch, int batch)
    {
        var objective = workspace.Objective ??= new TrainingObjective<T>(network, workspace);
        objective.Epoch = epoch;
        objective.Batch = batch;
        objective.StepNumber = State.StepsTaken + 1;
        using var update = training.BeginWeightUpdate();
        var engine = network.Training;
        var dropoutPosition = engine.HasDropout ? engine.DropoutPosition : default;
        T cost;
        try
        {
            cost = Optimizer.Step(objective);
        }
        catch (TrainingDivergedException) when (engine.HasDropout)
        {
            engine.DropoutPosition = dropoutPosition; // the optimizer put back the weights and its state; the masks' sequence goes back too
            throw;
        }

        State.StepsTaken++;
        return cost;
    }
}
