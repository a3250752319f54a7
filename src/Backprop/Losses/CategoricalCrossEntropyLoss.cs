using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// Categorical cross-entropy on a softmax output, in the fused stable form: per sample
/// <c>C = −Σ y·ln softmax(z) = logΣexp(z)·Σy − Σ y·z</c>, with <c>δ = a·Σy − y</c> (<c>a − y</c> for one-hot targets).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class CategoricalCrossEntropyLoss<T> : Loss<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "categorical-cross-entropy";

    public override string Formula => "−Σ y ln a";

    public override string OutputDeltaFormula => "{a} − {y}";

    public override T Cost(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        var sum = T.Zero;
        for (var offset = 0; offset < weightedInputs.Length; offset += outputSize)
        {
            var z = weightedInputs.Slice(offset, outputSize);
            var y = targets.Slice(offset, outputSize);
            sum += (SoftmaxActivation<T>.LogSumExp(z) * TensorPrimitives.Sum(y)) - TensorPrimitives.Dot(y, z);
        }

        return sum;
    }

    // dC/da = −y / a; only used if the fused OutputDelta is bypassed.
    public override void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, gradient.Length, nameof(gradient), outputSize);
        for (var i = 0; i < outputs.Length; i++)
        {
            gradient[i] = -targets[i] / outputs[i];
        }
    }

    // (BP1) fused with the softmax: δ = a·Σy − y, which is a − y for targets that sum to 1.
    public override void OutputDelta(
        Activation<T> outputActivation, ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> delta, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, delta.Length, nameof(delta), outputSize);
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        for (var offset = 0; offset < outputs.Length; offset += outputSize)
        {
            var y = targets.Slice(offset, outputSize);
            var column = delta.Slice(offset, outputSize);
            TensorPrimitives.Multiply(outputs.Slice(offset, outputSize), TensorPrimitives.Sum(y), column);
            TensorPrimitives.Subtract(column, y, column);
        }
    }

    public override void ValidateOutputActivation(Activation<T> outputActivation)
    {
        ArgumentNullException.ThrowIfNull(outputActivation);
        if (outputActivation is not SoftmaxActivation<T>)
        {
            throw new ArgumentException(
                $"Categorical cross-entropy needs a softmax output layer, but the output activation is {outputActivation.Name}.",
                nameof(outputActivation));
        }
    }
}
