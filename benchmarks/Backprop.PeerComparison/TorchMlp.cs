using System.Numerics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>
/// The same multilayer perceptron in TorchSharp, written the way a TorchSharp user would: an
/// <c>nn.Sequential</c> of <c>nn.Linear</c> and activation modules, trained with <c>torch.optim.SGD</c>.
/// </summary>
internal sealed class TorchMlp : IDisposable
{
    private readonly List<Linear> _linears;

    private TorchMlp(Sequential model, List<Linear> linears)
    {
        Model = model;
        _linears = linears;
    }

    public Sequential Model { get; }

    /// <summary>
    /// A copy of a Backprop network: same weights and biases. A softmax output layer becomes plain logits
    /// (the softmax lives inside <c>cross_entropy</c>, as usual in torch).
    /// </summary>
    public static TorchMlp FromNetwork<T>(Network<T> network, ScalarType dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var modules = new List<nn.Module<Tensor, Tensor>>();
        var linears = new List<Linear>();
        foreach (var layer in network.Layers)
        {
            var linear = nn.Linear(layer.InputSize, layer.Neurons, hasBias: layer.HasBiases, dtype: dtype);
            using (no_grad())
            {
                // Backprop's weights are neurons × inputs like torch's; torch stores them row-major.
                using var weights = tensor(ToDouble(layer.GetWeights().ToRowMajorArray()), [layer.Neurons, layer.InputSize], dtype);
                linear.weight!.copy_(weights);
                if (layer.GetBiases() is { } biases)
                {
                    using var values = tensor(ToDouble(biases.ToArray()), [layer.Neurons], dtype);
                    linear.bias!.copy_(values);
                }
            }

            modules.Add(linear);
            linears.Add(linear);
            switch (layer.Activation.Name)
            {
                case "sigmoid":
                    modules.Add(nn.Sigmoid());
                    break;
                case "relu":
                    modules.Add(nn.ReLU());
                    break;
                case "softmax":
                    break;
                default:
                    throw new NotSupportedException($"No torch module for activation {layer.Activation.Name}.");
            }
        }

        return new TorchMlp(nn.Sequential(modules), linears);
    }

    /// <summary>Weights (row-major) then biases of each layer, as float64 values.</summary>
    public IReadOnlyList<double> Parameters()
    {
        var all = new List<double>();
        foreach (var linear in _linears)
        {
            using var weights = linear.weight!.detach().to(ScalarType.Float64);
            all.AddRange(weights.data<double>().ToArray());
            if (linear.bias is { } bias)
            {
                using var biases = bias.detach().to(ScalarType.Float64);
                all.AddRange(biases.data<double>().ToArray());
            }
        }

        return all;
    }

    public void Dispose() => Model.Dispose();

    /// <summary>Weights (row-major) then biases of each layer of a Backprop network, as float64 values.</summary>
    public static IReadOnlyList<double> ParametersOf<T>(Network<T> network)
        where T : struct, IFloatingPointIeee754<T>
    {
        var all = new List<double>();
        foreach (var layer in network.Layers)
        {
            all.AddRange(ToDouble(layer.GetWeights().ToRowMajorArray()));
            if (layer.GetBiases() is { } biases)
            {
                all.AddRange(ToDouble(biases.ToArray()));
            }
        }

        return all;
    }

    private static double[] ToDouble<T>(T[] values)
        where T : struct, IFloatingPointIeee754<T>
        => [.. values.Select(double.CreateChecked)];
}
