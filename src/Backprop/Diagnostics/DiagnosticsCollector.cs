using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Backprop.Kernels;

namespace Backprop.Diagnostics;

/// <summary>
/// Accumulates <see cref="TrainingDiagnostics"/> over the batches of one epoch from the training workspace
/// (linear in the activations, so small beside the matrix products). Each layer's activation says what saturated
/// (<see cref="Activation{T}.SaturatedOutside"/>) and dead (<see cref="Activation{T}.CanDie"/>) mean for it.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class DiagnosticsCollector<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    /// <summary>A first-to-last gradient-norm ratio below this is reported as vanishing.</summary>
    internal const double VanishingRatio = 1e-3;

    /// <summary>A gradient norm above this is reported as exploding.</summary>
    internal const double ExplodingNorm = 1e3;

    private readonly Network<T> _network;
    private readonly (T Low, T High)?[] _saturatedOutside;
    private readonly double[] _gradientNormSums;
    private readonly long[] _saturated;
    private readonly long[] _outputs;
    private readonly T[][] _largest;
    private int _batches;

    public DiagnosticsCollector(Network<T> network)
    {
        _network = network;
        var count = network.Layers.Count;
        _gradientNormSums = new double[count];
        _saturated = new long[count];
        _outputs = new long[count];
        _largest = [.. network.Layers.Select(layer => Enumerable.Repeat(T.NegativeInfinity, layer.Neurons).ToArray())];
        _saturatedOutside = [.. network.Layers.Select(layer => layer.Activation.SaturatedOutside)];
    }

    /// <summary>Adds the batch that the workspace holds (after its backward pass).</summary>
    public void AddBatch(TrainingWorkspace<T> workspace)
    {
        _batches++;
        for (var l = 0; l < _network.Layers.Count; l++)
        {
            var layer = _network.Layers[l];
            // The step's check summed the squares in its pass where it could; else (another optimizer, a check on
            // several threads) one pass here, to the same bits.
            var sumOfSquares = workspace.WeightGradientSumsOfSquares[l];
            if (T.IsNaN(sumOfSquares))
            {
                sumOfSquares = ElementwiseKernels.SumOfSquares<T>(workspace.WeightGradients[l]);
            }

            _gradientNormSums[l] += double.CreateChecked(T.Sqrt(sumOfSquares));
            var weightedInputs = workspace.WeightedInputs[l].AsSpan(0, layer.Neurons * workspace.BatchSize);
            if (_saturatedOutside[l] is (var low, var high))
            {
                _saturated[l] += CountOutside(weightedInputs, low, high);
                _outputs[l] += weightedInputs.Length;
            }

            if (layer.Activation.CanDie)
            {
                KeepLargest(weightedInputs, _largest[l]);
            }
        }
    }

    /// <summary>The diagnostics of the batches added since the last call, and a fresh start for the next epoch.</summary>
    public TrainingDiagnostics TakeEpoch()
    {
        var layers = new LayerDiagnostics[_network.Layers.Count];
        var warnings = new List<string>();
        for (var l = 0; l < layers.Length; l++)
        {
            var layer = _network.Layers[l];
            var norm = _batches == 0 ? 0 : _gradientNormSums[l] / _batches;
            double? saturated = _outputs[l] > 0 ? (double)_saturated[l] / _outputs[l] : null;
            double? dead = layer.Activation.CanDie ? (double)_largest[l].Count(largest => !(largest > T.Zero)) / layer.Neurons : null;
            layers[l] = new LayerDiagnostics(l, layer.Activation.Name, norm, saturated, dead);
            if (norm > ExplodingNorm || !double.IsFinite(norm))
            {
                warnings.Add(Invariant($"Layer {l}: the gradient norm is {norm:G3}: gradients are exploding. Lower the learning rate or set GradientClipNorm."));
            }

            if (saturated > 0.9)
            {
                warnings.Add(Invariant($"Layer {l}: {saturated:P0} of the {layer.Activation.Name} outputs are saturated (f′ < 0.01), so their weights barely learn. Use smaller initial weights, standardised inputs, a cross-entropy loss for a sigmoid/softmax output, or ReLU."));
            }

            if (dead > 0.5)
            {
                warnings.Add(Invariant($"Layer {l}: {dead:P0} of the ReLUs were inactive for every sample this epoch (dead units never learn again). Lower the learning rate or use leaky ReLU."));
            }

            _largest[l].AsSpan().Fill(T.NegativeInfinity);
        }

        var first = layers[0].GradientNorm;
        var last = layers[^1].GradientNorm;
        if (layers.Length > 1 && last > 0 && first / last < VanishingRatio)
        {
            warnings.Add(Invariant($"Gradients vanish towards the input: layer 0's gradient norm ({first:G3}) is {first / last:G2} of the output layer's ({last:G3}), so the first layers learn slowly. Use ReLU-family hidden layers with He initialisation, or fewer layers."));
        }

        Array.Clear(_gradientNormSums);
        Array.Clear(_saturated);
        Array.Clear(_outputs);
        _batches = 0;
        return new TrainingDiagnostics(layers, warnings);
    }

    /// <summary>How many values lie outside <c>[low, high]</c>: a vector compare and a bit count per vector.</summary>
    internal static long CountOutside(ReadOnlySpan<T> values, T low, T high)
    {
        long count = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            var lows = Vector256.Create(low);
            var highs = Vector256.Create(high);
            for (; i <= values.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var vector = Vector256.Create(values.Slice(i, Vector256<T>.Count));
                count += BitOperations.PopCount((Vector256.LessThan(vector, lows) | Vector256.GreaterThan(vector, highs)).ExtractMostSignificantBits());
            }
        }

        for (; i < values.Length; i++)
        {
            if (values[i] < low || values[i] > high)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Keeps each neuron's largest weighted input of the epoch (a neuron is alive when it is above 0): one vector
    /// maximum per sample's column, a NaN never replacing a number.
    /// </summary>
    private static void KeepLargest(ReadOnlySpan<T> weightedInputs, T[] largest)
    {
        for (var offset = 0; offset < weightedInputs.Length; offset += largest.Length)
        {
            TensorPrimitives.MaxNumber<T>(largest, weightedInputs.Slice(offset, largest.Length), largest);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
