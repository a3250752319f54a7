using System.Buffers;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// The part a classifier and a regressor share: the fitted preprocessing and the trained network, the
/// allocation-free forward pass of one raw row, and training with the models' defaults.
/// </summary>
internal sealed class TabularNetwork
{
    /// <summary>Encoded rows up to this width are kept on the stack.</summary>
    private const int StackValues = 256;

    public TabularNetwork(TabularPreprocessing preprocessing, Network<double> network)
    {
        if (network.InputSize != preprocessing.EncodedFeatureCount)
        {
            throw new ArgumentException(
                $"The network takes {network.InputSize} inputs but the preprocessing encodes rows to {preprocessing.EncodedFeatureCount}.", nameof(network));
        }

        Preprocessing = preprocessing;
        Network = network;
    }

    public TabularPreprocessing Preprocessing { get; }

    /// <summary>The trained network; never trained again, so predictions are thread-safe.</summary>
    public Network<double> Network { get; }

    /// <summary>Encodes one raw row and predicts the network's outputs into <paramref name="output"/>; allocates nothing.</summary>
    public void Predict(ReadOnlySpan<double> row, Span<double> output, string parameterName)
    {
        var width = Preprocessing.EncodedFeatureCount;
        double[]? rented = null;
        var encoded = width <= StackValues ? stackalloc double[width] : (rented = ArrayPool<double>.Shared.Rent(width)).AsSpan(0, width);
        try
        {
            Preprocessing.Encode(row, encoded, parameterName);
            Network.Predict(encoded, output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The network's outputs for many rows, <c>outputs × rows</c>.</summary>
    public Matrix<double> PredictAll(RawTable table, string parameterName)
        => Network.Predict(Preprocessing.EncodeAll(table, parameterName));

    /// <summary>
    /// Builds a network (hidden layers from the options, then the given output layer and loss) and trains it on the
    /// encoded rows with the options' optimizer, epochs, batch size and seed; with a validation fraction, the
    /// validation rows are chosen by <paramref name="split"/> and early stopping keeps the best epoch.
    /// </summary>
    public static (Network<double> Network, TrainingHistory History) Train(
        Matrix<double> inputs, Matrix<double> targets, double[]? weights, ModelOptions options,
        int outputs, Activation<double> outputActivation, Loss<double> loss,
        Func<double, int, (IReadOnlyList<int> Train, IReadOnlyList<int> Test)> split)
    {
        var builder = new NetworkBuilder<double>(inputs.RowCount).WithSeed(options.Seed).WithLoss(loss);
        foreach (var neurons in options.HiddenLayers)
        {
            builder.AddDense(neurons, options.Activation);
        }

        var network = builder.AddDense(outputs, outputActivation).Build();
        var samples = inputs.ColumnCount;
        var trainInputs = inputs;
        var trainTargets = targets;
        var trainWeights = weights;
        Matrix<double>? validationInputs = null;
        Matrix<double>? validationTargets = null;
        double[]? validationWeights = null;
        if (options.ValidationFraction > 0 && (int)Math.Floor(samples * options.ValidationFraction) >= 1)
        {
            IReadOnlyList<int> train = [], test = [];
            try
            {
                (train, test) = split(options.ValidationFraction, options.Seed);
            }
            catch (ArgumentOutOfRangeException)
            {
                // Too few rows for the fraction to leave both parts non-empty: train on all of them.
            }

            if (train.Count > 0 && test.Count > 0)
            {
                trainInputs = Columns(inputs, train);
                trainTargets = Columns(targets, train);
                trainWeights = weights is null ? null : [.. train.Select(j => weights[j])];
                validationInputs = Columns(inputs, test);
                validationTargets = Columns(targets, test);
                validationWeights = weights is null ? null : [.. test.Select(j => weights[j])];
                if (validationWeights is not null && validationWeights.All(w => w == 0))
                {
                    validationWeights = null; // nothing to weigh the validation loss by: count its rows equally
                }
            }
        }

        var trainer = new Trainer<double>(options.CreateOptimizer())
        {
            MiniBatchSize = options.MiniBatchSize ?? Math.Min(200, trainInputs.ColumnCount),
            Epochs = options.Epochs,
            Seed = options.Seed,
        };
        var fitOptions = new FitOptions<double>
        {
            ValidationInputs = validationInputs,
            ValidationTargets = validationTargets,
            SampleWeights = trainWeights,
            ValidationSampleWeights = validationWeights,
            EarlyStoppingPatience = validationInputs is null ? null : options.EarlyStoppingPatience,
            CollectDiagnostics = options.Progress is not null,
        };
        var history = trainer.Fit(network, trainInputs, trainTargets, fitOptions, options.Progress);
        return (network, history);
    }

    /// <summary>Multiplies optional sample weights by optional per-row factors; null when both are absent.</summary>
    public static double[]? Combine(double[]? sampleWeights, double[]? rowFactors)
        => sampleWeights is null ? rowFactors
            : rowFactors is null ? sampleWeights
            : [.. sampleWeights.Select((w, j) => w * rowFactors[j])];

    /// <summary>Validates sample weights (one per row, finite, not negative, not all 0).</summary>
    public static double[]? SampleWeights(IReadOnlyList<double>? weights, int rows)
        => weights is null ? null : SampleWeighting.Validate(weights, rows, "sampleWeights");

    private static Matrix<double> Columns(Matrix<double> source, IReadOnlyList<int> columns)
    {
        var rows = source.RowCount;
        var values = source.AsColumnMajorArray() ?? source.ToColumnMajorArray();
        var result = new double[rows * columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            values.AsSpan(columns[c] * rows, rows).CopyTo(result.AsSpan(c * rows, rows));
        }

        return Matrix<double>.Build.Dense(rows, columns.Count, result);
    }
}
