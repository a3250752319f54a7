using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

/// <summary>Seeded networks and data for the serialization tests (bit-for-bit comparisons are in <c>TestSupport</c>).</summary>
internal static class SerializationTestData
{
    /// <summary>One name per built-in activation (the parametrised ones with two parameters each).</summary>
    public static IReadOnlyList<string> ActivationNames { get; } =
        ["sigmoid", "tanh", "relu", "identity", "softplus", "gelu-tanh", "softmax", "leaky-relu(0.01)", "leaky-relu(0.25)", "elu(1)", "elu(0.5)", "silu"];

    /// <summary>The activation with one of the <see cref="ActivationNames"/>, built through the public API.</summary>
    public static Activation<T> ActivationNamed<T>(string name)
        where T : struct, IFloatingPointIeee754<T>
        => name switch
        {
            "sigmoid" => Activation<T>.Sigmoid,
            "tanh" => Activation<T>.Tanh,
            "relu" => Activation<T>.Relu,
            "identity" => Activation<T>.Identity,
            "softplus" => Activation<T>.Softplus,
            "gelu-tanh" => Activation<T>.Gelu,
            "softmax" => Activation<T>.Softmax,
            "leaky-relu(0.01)" => Activation<T>.LeakyRelu(0.01),
            "leaky-relu(0.25)" => Activation<T>.LeakyRelu(0.25),
            "elu(1)" => Activation<T>.Elu(1),
            "elu(0.5)" => Activation<T>.Elu(0.5),
            "silu" => Activation<T>.Silu,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such activation in these tests."),
        };

    /// <summary>
    /// A network with the given sizes (<c>[5, 7, 6, 3]</c>), one activation per layer, weights uniform in
    /// [−1, 1), biases (when present) uniform in [−0.5, 0.5), and dropout on the first hidden layer.
    /// </summary>
    public static Network<T> RandomNetwork<T>(
        int seed, int[] sizes, Func<int, Activation<T>> activationOfLayer, bool hasBiases, double dropoutRate = 0, Loss<T>? loss = null, int layerWithoutBiases = -1)
        where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var layers = new List<DenseLayer<T>>();
        for (var l = 0; l < sizes.Length - 1; l++)
        {
            var weights = Matrix<T>.Build.Dense(sizes[l + 1], sizes[l], (_, _) => T.CreateChecked((2 * random.NextDouble()) - 1));
            var biases = hasBiases && l != layerWithoutBiases ? MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(sizes[l + 1], _ => T.CreateChecked(random.NextDouble() - 0.5)) : null;
            var isLast = l == sizes.Length - 2;
            layers.Add(new DenseLayer<T>(weights, biases, activationOfLayer(l), l == 0 && !isLast ? dropoutRate : 0));
        }

        return new Network<T>(layers, loss);
    }

    /// <summary>A <c>rows × columns</c> matrix uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Matrix<T> Uniform<T>(int seed, int rows, int columns, double low = -1, double high = 1)
        where T : struct, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateChecked(low + ((high - low) * random.NextDouble())));
    }

    /// <summary>
    /// The checkpoint of a seeded 2-3-2 tanh-softmax network trained 3 epochs on 12 seeded samples with the optimizer
    /// (one full-batch step per epoch when <paramref name="miniBatchSize"/> is 12).
    /// </summary>
    public static byte[] TrainedCheckpoint<T>(Optimizer<T> optimizer, int miniBatchSize)
        where T : struct, IFloatingPointIeee754<T>
    {
        var network = RandomNetwork(33, [2, 3, 2], l => l == 0 ? Activation<T>.Tanh : Activation<T>.Softmax, true, loss: Loss<T>.CategoricalCrossEntropy);
        var inputs = Uniform<T>(34, 2, 12);
        var targets = Matrix<T>.Build.Dense(2, 12, (i, j) => (inputs[0, j] > T.Zero) == (i == 0) ? T.One : T.Zero);
        var trainer = new Trainer<T>(optimizer) { MiniBatchSize = miniBatchSize, Epochs = 3, Seed = 35 };
        trainer.Fit(network, inputs, targets);
        using var stream = new MemoryStream();
        new Checkpoint<T>(network, trainer).Save(stream);
        return stream.ToArray();
    }
}
