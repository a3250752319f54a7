using System.Globalization;

namespace Backprop;

/// <summary>
/// The sizes a network can have: every parameter array is one .NET array, and the trainer and checkpoints treat all
/// parameters as one vector, so a layer's weights (neurons × inputs) and the network's parameters together are each
/// at most <see cref="Array.MaxLength"/> (2,147,483,591) elements.
/// </summary>
internal static class ParameterLimits
{
    /// <summary>The parameters of layers of these sizes, in 64 bits.</summary>
    public static long Count(int inputSize, IEnumerable<(int Neurons, bool HasBiases)> layers)
    {
        var (total, inputs) = (0L, (long)inputSize);
        foreach (var (neurons, hasBiases) in layers)
        {
            total += (neurons * inputs) + (hasBiases ? neurons : 0);
            inputs = neurons;
        }

        return total;
    }

    /// <summary>Throws unless one more layer fits: its weights, and the network's parameters with it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is passed; the message names the sizes and the limit.</exception>
    public static void Require(int inputs, int neurons, bool hasBiases, long parametersBefore, string parameterName)
    {
        var weights = (long)neurons * inputs;
        if (weights > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(parameterName, neurons, string.Create(
                CultureInfo.InvariantCulture,
                $"A layer of {neurons} neurons × {inputs} inputs would have {weights} weights; a layer holds at most {Array.MaxLength} (Array.MaxLength)."));
        }

        var total = parametersBefore + weights + (hasBiases ? neurons : 0);
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(parameterName, neurons, string.Create(
                CultureInfo.InvariantCulture,
                $"With this layer the network would have {total} parameters; a network holds at most {Array.MaxLength} (Array.MaxLength)."));
        }
    }
}
