namespace Backprop;

/// <summary>
/// The settings of a <see cref="Classifier{TLabel}"/> or <see cref="Regressor"/> and their defaults, which are the
/// field's (scikit-learn's <c>MLPClassifier</c>/<c>MLPRegressor</c> with early stopping): one hidden layer of 100 ReLU
/// units, Adam with learning rate 0.001, mini-batches of min(200, samples), at most 200 epochs, early stopping when
/// the validation loss has not improved for 10 epochs on 10 % of the training rows held out (stratified by class
/// for a classifier), the best epoch's weights kept.
/// </summary>
/// <remarks>Every setting is checked when it is set (<see cref="ArgumentException"/> or <see cref="ArgumentOutOfRangeException"/>).</remarks>
public abstract class ModelOptions
{
    private readonly IReadOnlyList<int> _hiddenLayers = [100];
    private readonly Activation<double> _activation = Activation<double>.Relu;
    private readonly Func<Optimizer<double>> _createOptimizer = () => new AdamOptimizer<double>(0.001);
    private readonly int _epochs = 200;
    private readonly int? _miniBatchSize;
    private readonly double _validationFraction = 0.1;
    private readonly int? _earlyStoppingPatience = 10;
    private readonly IReadOnlyList<string> _categoricalColumns = [];

    private protected ModelOptions()
    {
    }

    /// <summary>The neurons of each hidden layer, input side first (default one layer of 100); empty for none.</summary>
    /// <exception cref="ArgumentException">A size is below 1.</exception>
    public IReadOnlyList<int> HiddenLayers
    {
        get => _hiddenLayers;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            for (var l = 0; l < value.Count; l++)
            {
                if (value[l] < 1)
                {
                    throw new ArgumentException($"Hidden layer {l} has {value[l]} neurons; each needs at least 1.", nameof(value));
                }
            }

            _hiddenLayers = [.. value];
        }
    }

    /// <summary>The activation of the hidden layers (default <see cref="Activation{T}.Relu"/>).</summary>
    public Activation<double> Activation
    {
        get => _activation;
        init => _activation = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Makes the optimizer of one fit (default Adam, learning rate 0.001); called once per fit, since an optimizer keeps state.</summary>
    public Func<Optimizer<double>> CreateOptimizer
    {
        get => _createOptimizer;
        init => _createOptimizer = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The most passes over the training rows (default 200); early stopping may end sooner.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Epochs
    {
        get => _epochs;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _epochs = value;
        }
    }

    /// <summary>Rows per update; <see langword="null"/> (default) means min(200, training rows), as scikit-learn's "auto".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int? MiniBatchSize
    {
        get => _miniBatchSize;
        init
        {
            if (value is { } size)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
            }

            _miniBatchSize = value;
        }
    }

    /// <summary>The seed of the initial weights, the shuffling and the validation split (default 0): the same seed and data give the same model.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The fraction in [0, 1) of the training rows held out to watch the validation loss (default 0.1). With 0, or when
    /// it would hold out no row, every epoch is trained and the last weights are kept.
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

    /// <summary>Stop after this many epochs without a better validation loss (default 10); <see langword="null"/> trains every epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
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

    /// <summary>What to do with missing values (default <see cref="MissingValuePolicy.Refuse"/>).</summary>
    public MissingValuePolicy MissingValues { get; init; }

    /// <summary>
    /// The columns to one-hot encode, by name (rows given as arrays name their columns <c>"column 0"</c>,
    /// <c>"column 1"</c>, …): each distinct value of the training rows becomes an indicator input. A CSV column
    /// that holds text is categorical without being named here. Default none.
    /// </summary>
    public IReadOnlyList<string> CategoricalColumns
    {
        get => _categoricalColumns;
        init => _categoricalColumns = [.. value ?? throw new ArgumentNullException(nameof(value))];
    }

    /// <summary>Receives the trainer's reports (per batch and per epoch), for example a console progress reporter; default none.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }
}
