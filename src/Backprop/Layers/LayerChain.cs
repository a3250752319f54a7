namespace Backprop;

/// <summary>The rules a list of layers must meet to form a network, checked before the network takes them.</summary>
internal static class LayerChain
{
    /// <summary>Copies the layers into an array and checks that they chain and are free to join a network.</summary>
    /// <exception cref="ArgumentNullException">The list or an entry is null.</exception>
    /// <exception cref="ArgumentException">There are no layers, sizes do not chain, the output layer has dropout, a layer already belongs to a network, or the layers hold more than <see cref="Array.MaxLength"/> parameters together.</exception>
    public static DenseLayer<T>[] Validate<T>(IEnumerable<DenseLayer<T>> layers)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layers);
        DenseLayer<T>[] chain = [.. layers];
        if (chain.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer; got 0.", nameof(layers));
        }

        for (var l = 0; l < chain.Length; l++)
        {
            if (chain[l] is null)
            {
                throw new ArgumentNullException(nameof(layers), $"Layer {l} is null.");
            }

            if (l > 0 && chain[l].InputSize != chain[l - 1].Neurons)
            {
                throw new ArgumentException(
                    $"Layer {l} expects {chain[l].InputSize} inputs but layer {l - 1} has {chain[l - 1].Neurons} neurons.", nameof(layers));
            }

            if (l == chain.Length - 1 && chain[l].DropoutRate > 0)
            {
                throw new ArgumentException($"The output layer (layer {l}) cannot have dropout; put dropout after hidden layers only.", nameof(layers));
            }

            if (chain[l].Guard is not null || Array.IndexOf(chain, chain[l], 0, l) >= 0)
            {
                throw new ArgumentException($"Layer {l} already belongs to a network; create a new layer for each network.", nameof(layers));
            }
        }

        var parameters = ParameterLimits.Count(chain[0].InputSize, chain.Select(layer => (layer.Neurons, layer.HasBiases)));
        if (parameters > Array.MaxLength)
        {
            throw new ArgumentException(FormattableString.Invariant($"The layers hold {parameters} parameters together; a network holds at most {Array.MaxLength} (Array.MaxLength)."), nameof(layers));
        }

        return chain;
    }
}
