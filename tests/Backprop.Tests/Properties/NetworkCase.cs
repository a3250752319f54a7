using System.Globalization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Properties;

/// <summary>One layer of a generated architecture: its width, activation and whether it has biases.</summary>
/// <param name="Neurons">The number of neurons, 1–16.</param>
/// <param name="Activation">The activation's name as <see cref="NetworkCase.CreateActivation"/> knows it.</param>
/// <param name="Parameter">The slope of leaky ReLU or the α of ELU (ignored by the other activations).</param>
/// <param name="HasBiases">Whether the layer has biases.</param>
public sealed record LayerSpec(int Neurons, string Activation, double Parameter, bool HasBiases)
{
    /// <inheritdoc />
    public override string ToString()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{Neurons} {Activation}{(Activation is "leaky-relu" or "elu" ? $"({Parameter:0.###})" : string.Empty)}{(HasBiases ? string.Empty : " no-bias")}");
}

/// <summary>
/// A generated test case: an architecture (input width, 1–4 layers), a loss, a batch size and the seed that
/// fixes the weights, inputs and targets. <see cref="NetworkArbitraries"/> generates and shrinks these.
/// </summary>
/// <param name="InputSize">The number of inputs, 1–16.</param>
/// <param name="Layers">The layers, input side first.</param>
/// <param name="Loss">The loss's name: squared-error, mse, bce (sigmoid output) or cce (softmax output).</param>
/// <param name="BatchSize">The number of samples, 1–5.</param>
/// <param name="Seed">The seed of the weights, biases, inputs and targets.</param>
public sealed record NetworkCase(int InputSize, IReadOnlyList<LayerSpec> Layers, string Loss, int BatchSize, int Seed)
{
    /// <summary>Every activation the library ships, by the names of <see cref="TestActivations.All"/>.</summary>
    public static IReadOnlyList<string> ActivationNames => TestActivations.All;

    /// <summary>Every loss the library ships.</summary>
    public static IReadOnlyList<string> LossNames { get; } = ["squared-error", "mse", "bce", "cce"];

    /// <summary>
    /// The activations whose derivative jumps at z = 0 (ELU's second derivative jumps even for α = 1): a finite
    /// difference across the jump measures neither side, so such cases are discarded near 0.
    /// </summary>
    public static bool HasKinkAtZero(string activation) => activation is "relu" or "leaky-relu" or "elu";

    /// <summary>The activation an output layer must have for a loss, or null when any will do.</summary>
    public static string? RequiredOutputActivation(string loss) => loss switch
    {
        "bce" => "sigmoid",
        "cce" => "softmax",
        _ => null,
    };

    /// <summary>The activation for a name (and its slope or α).</summary>
    public static Activation<double> CreateActivation(string name, double parameter) => name switch
    {
        "sigmoid" => Activation<double>.Sigmoid,
        "tanh" => Activation<double>.Tanh,
        "relu" => Activation<double>.Relu,
        "leaky-relu" => Activation<double>.LeakyRelu(parameter),
        "identity" => Activation<double>.Identity,
        "softplus" => Activation<double>.Softplus,
        "gelu" => Activation<double>.Gelu,
        "elu" => Activation<double>.Elu(parameter),
        "softmax" => Activation<double>.Softmax,
        "silu" => Activation<double>.Silu,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such activation in the generator."),
    };

    /// <summary>The loss for a name.</summary>
    public static Loss<double> CreateLoss(string name) => name switch
    {
        "squared-error" => Loss<double>.SquaredError,
        "mse" => Loss<double>.MeanSquaredError,
        "bce" => Loss<double>.BinaryCrossEntropy,
        "cce" => Loss<double>.CategoricalCrossEntropy,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such loss in the generator."),
    };

    /// <summary>The number of outputs.</summary>
    public int OutputSize => Layers[^1].Neurons;

    /// <summary>
    /// Builds the network: weights uniform in ±√(3 / inputs) (variance 1 / inputs, so z keeps the scale of
    /// its inputs through every layer and the cost stays near 1), biases uniform in [−0.5, 0.5).
    /// </summary>
    public Network<double> CreateNetwork()
    {
        var random = new Random(Seed);
        var layers = new List<DenseLayer<double>>(Layers.Count);
        var inputs = InputSize;
        foreach (var spec in Layers)
        {
            var limit = Math.Sqrt(3.0 / inputs);
            var weights = Matrix<double>.Build.Dense(spec.Neurons, inputs, (_, _) => Uniform(random, -limit, limit));
            var biases = spec.HasBiases ? Vector<double>.Build.Dense(spec.Neurons, _ => Uniform(random, -0.5, 0.5)) : null;
            layers.Add(new DenseLayer<double>(weights, biases, CreateActivation(spec.Activation, spec.Parameter)));
            inputs = spec.Neurons;
        }

        return new Network<double>(layers, CreateLoss(Loss));
    }

    /// <summary>The inputs, <c>InputSize × BatchSize</c>, uniform in [−1, 1).</summary>
    public Matrix<double> CreateInputs()
    {
        var random = new Random(Seed ^ 0x5EED);
        return Matrix<double>.Build.Dense(InputSize, BatchSize, (_, _) => Uniform(random, -1, 1));
    }

    /// <summary>
    /// The targets, <c>OutputSize × BatchSize</c>, valid for the loss: probabilities in [0, 1] for the squared
    /// errors and binary cross-entropy, a probability distribution per column (one-hot for odd seeds) for
    /// categorical cross-entropy.
    /// </summary>
    public Matrix<double> CreateTargets()
    {
        var random = new Random(Seed ^ 0x7A56E7);
        var targets = Matrix<double>.Build.Dense(OutputSize, BatchSize, (_, _) => random.NextDouble());
        if (Loss == "cce")
        {
            for (var j = 0; j < BatchSize; j++)
            {
                var column = targets.Column(j);
                if ((Seed & 1) == 1)
                {
                    column = Vector<double>.Build.Dense(OutputSize, i => i == column.MaximumIndex() ? 1.0 : 0.0);
                }
                else
                {
                    column /= column.Sum();
                }

                targets.SetColumn(j, column);
            }
        }

        return targets;
    }

    /// <summary>The smallest |z| over the layers whose activation has a kink at 0 (∞ when there is none).</summary>
    public double SmallestWeightedInputAtKinks(Network<double> network, Matrix<double> inputs, Matrix<double> targets)
    {
        var gradients = network.ComputeGradients(inputs, targets);
        var smallest = double.PositiveInfinity;
        for (var l = 0; l < Layers.Count; l++)
        {
            if (HasKinkAtZero(Layers[l].Activation))
            {
                smallest = Math.Min(smallest, gradients.Layers[l].WeightedInput.Enumerate().Min(Math.Abs));
            }
        }

        return smallest;
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{InputSize} → [{string.Join("] → [", Layers)}], loss {Loss}, batch {BatchSize}, seed {Seed}");

    private static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());
}
