using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Builds a <see cref="Network{T}"/> layer by layer, with weights drawn from a seeded random generator.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <example>
/// <code>
/// var network = new NetworkBuilder&lt;double&gt;(inputSize: 2)
///     .AddDense(3, Activation&lt;double&gt;.Sigmoid)
///     .AddDense(1, Activation&lt;double&gt;.Sigmoid)
///     .WithSeed(42)
///     .Build();
/// </code>
/// </example>
/// <remarks>
/// Each layer's weights are drawn by its initialiser, by default the activation's
/// (<see cref="WeightInitializer.HeNormal"/> for the ReLU family, <see cref="WeightInitializer.LeCunNormal"/>
/// otherwise), in column-major order from one generator seeded with <see cref="WithSeed"/>; biases start at 0. The same
/// seed always gives the same weights.
/// </remarks>
public sealed class NetworkBuilder<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly List<(int Neurons, Activation<T> Activation, bool HasBiases, WeightInitializer? Initializer, double DropoutRate)> _layers = [];
    private readonly int _inputSize;
    private Loss<T>? _loss;
    private int _seed;

    /// <summary>Starts a network with the given number of inputs.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is less than 1.</exception>
    public NetworkBuilder(int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        _inputSize = inputSize;
    }

    /// <summary>Adds a dense layer after the previous one (its input size is the previous layer's neuron count).</summary>
    /// <param name="neurons">The number of neurons; at least 1.</param>
    /// <param name="activation">The activation function.</param>
    /// <param name="hasBiases">Whether the layer has a bias per neuron (default true).</param>
    /// <param name="initializer">How to draw the initial weights (default: the activation's <see cref="Activation{T}.DefaultInitializer"/>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="neurons"/> is less than 1, or the layer or the network would hold more parameters than an array
    /// can (<see cref="Array.MaxLength"/>; for example 65,536 neurons after 65,536 inputs).
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="activation"/> is null.</exception>
    public NetworkBuilder<T> AddDense(int neurons, Activation<T> activation, bool hasBiases = true, WeightInitializer? initializer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentNullException.ThrowIfNull(activation);
        var inputs = _layers.Count == 0 ? _inputSize : _layers[^1].Neurons;
        var total = ParameterLimits.Count(_inputSize, _layers.Select(layer => (layer.Neurons, layer.HasBiases)));
        ParameterLimits.Require(inputs, neurons, hasBiases, total, nameof(neurons));
        _layers.Add((neurons, activation, hasBiases, initializer, 0));
        return this;
    }

    /// <summary>
    /// Adds inverted dropout after the previous dense layer: while training, each of its outputs is dropped
    /// with probability <paramref name="rate"/> and the others are scaled by <c>1/(1 − rate)</c>; prediction
    /// is unaffected. Not allowed after the output layer.
    /// </summary>
    /// <param name="rate">The drop probability, in [0, 1).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not in [0, 1).</exception>
    /// <exception cref="InvalidOperationException">No dense layer was added before it, or it already has dropout.</exception>
    public NetworkBuilder<T> AddDropout(double rate)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        }

        if (_layers.Count == 0 || _layers[^1].DropoutRate > 0)
        {
            throw new InvalidOperationException("AddDropout follows a dense layer (AddDense), once.");
        }

        _layers[^1] = _layers[^1] with { DropoutRate = rate };
        return this;
    }

    /// <summary>Sets the loss the network is trained on (default <see cref="Loss{T}.SquaredError"/>).</summary>
    /// <param name="loss">The loss.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> is null.</exception>
    public NetworkBuilder<T> WithLoss(Loss<T> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _loss = loss;
        return this;
    }

    /// <summary>Sets the seed of the initial weights (default 0).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    public NetworkBuilder<T> WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Creates the network with freshly drawn weights.</summary>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    public Network<T> Build()
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException("A network needs at least one layer: call AddDense before Build.");
        }

        var random = new Random(_seed);
        var layers = new DenseLayer<T>[_layers.Count];
        var inputs = _inputSize;
        for (var l = 0; l < layers.Length; l++)
        {
            var (neurons, activation, hasBiases, initializer, dropoutRate) = _layers[l];
            var draw = initializer ?? activation.DefaultInitializer;
            var fanIn = inputs;
            var weights = Matrix<T>.Build.Dense(neurons, inputs, (_, _) => T.CreateChecked(draw.Sample(fanIn, neurons, random)));
            var biases = hasBiases ? Vector<T>.Build.Dense(neurons) : null;
            layers[l] = new DenseLayer<T>(weights, biases, activation, dropoutRate);
            inputs = neurons;
        }

        var network = new Network<T>(layers, _loss);
        network.ResetDropout(_seed);
        return network;
    }
}
