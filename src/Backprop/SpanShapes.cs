using System.Globalization;

namespace Backprop;

/// <summary>
/// The shape rules of the public span methods of activations and losses, checked first by every built-in one: the
/// spans of one call hold the same number of values, a whole number of columns of <c>rows</c> values each. A
/// mismatch throws <see cref="ArgumentException"/> naming the spans and their lengths, never an
/// <see cref="IndexOutOfRangeException"/> or a partial result.
/// </summary>
internal static class SpanShapes
{
    /// <summary>For <c>Activation.Activate</c>.</summary>
    public static void Activation(int weightedInputs, int activations, int neurons)
    {
        Columns(weightedInputs, "weightedInputs", neurons, "neurons");
        Same(weightedInputs, "weightedInputs", activations, "activations");
    }

    /// <summary>For <c>Activation.MultiplyByDerivative</c>.</summary>
    public static void Derivative(int weightedInputs, int activations, int gradient, int neurons)
    {
        Activation(weightedInputs, activations, neurons);
        Same(weightedInputs, "weightedInputs", gradient, "gradient");
    }

    /// <summary>For the loss methods: outputs and targets, and one more span (<paramref name="otherName"/>) of the same shape.</summary>
    public static void Loss(int outputs, int targets, int other, string otherName, int outputSize)
    {
        Columns(outputs, "outputs", outputSize, "outputSize");
        Same(outputs, "outputs", targets, "targets");
        Same(outputs, "outputs", other, otherName);
    }

    private static void Columns(int length, string name, int rows, string rowsName)
    {
        if (rows < 1)
        {
            throw new ArgumentOutOfRangeException(rowsName, rows, $"{rowsName} must be at least 1.");
        }

        if (length % rows != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name} holds {length} values, not a whole number of columns of {rowsName} = {rows}."), name);
        }
    }

    private static void Same(int expected, string expectedName, int actual, string actualName)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{actualName} holds {actual} values but {expectedName} holds {expected}; they must be the same length."), actualName);
        }
    }
}
