using Backprop.Optimizers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Training;

/// <summary>
/// Stochastic gradient descent with mini-batches, as in the texts: for each batch,
/// <c>W ← W − η·mean dC/dW</c> and <c>b ← b − η·mean dC/db</c>. A <see cref="Trainer{T}"/> with a plain
/// <see cref="SgdOptimizer{T}"/> and per-sample updates by default.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <example>
/// <code>
/// var trainer = new SgdTrainer&lt;double&gt;(learningRate: 3.0) { MiniBatchSize = 10, Epochs = 30, Seed = 1 };
/// IReadOnlyList&lt;double&gt; costPerEpoch = trainer.Train(network, inputs, targets);
/// </code>
/// </example>
public sealed class SgdTrainer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly int _miniBatchSize = 1;
    private readonly int _epochs = 1;
    private Trainer<T>? _trainer;

    /// <summary>Creates a trainer with the given learning rate.</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public SgdTrainer(double learningRate)
    {
        InputValidation.RequirePositiveFinite<T>(learningRate, nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>The learning rate η.</summary>
    public double LearningRate { get; }

    /// <summary>The number of samples per update (default 1: per-sample SGD). The last batch of an epoch may be smaller.</summary>
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

    private Trainer<T> Inner => _trainer ??= new Trainer<T>(new SgdOptimizer<T>(LearningRate))
    {
        MiniBatchSize = MiniBatchSize,
        Epochs = Epochs,
        Shuffle = Shuffle,
        Seed = Seed,
    };

    /// <summary>One gradient-descent update on one mini-batch: forward, backward, then the update.</summary>
    /// <param name="network">The network to update.</param>
    /// <param name="inputs">The batch's inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The batch's targets, <c>OutputSize × batch</c>.</param>
    /// <returns>The mean cost of the batch before the update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">The cost, a gradient or an updated weight is not finite; the network is unchanged.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public T Step(Network<T> network, Matrix<T> inputs, Matrix<T> targets) => Inner.Step(network, inputs, targets);

    /// <summary>Trains for <see cref="Epochs"/> passes over the data in mini-batches of <see cref="MiniBatchSize"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="inputs">All training inputs, <c>InputSize × samples</c>.</param>
    /// <param name="targets">All training targets, <c>OutputSize × samples</c>.</param>
    /// <returns>The cost of each epoch: the mean over its samples of the cost each batch had just before its update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite; the network is unchanged.</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; the network keeps its last finite weights.</exception>
    /// <exception cref="InvalidOperationException">Another thread is using the network.</exception>
    public IReadOnlyList<T> Train(Network<T> network, Matrix<T> inputs, Matrix<T> targets) => Inner.Train(network, inputs, targets);
}
