using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// Binary cross-entropy on a sigmoid output, in the fused stable form: <c>C = Σ softplus(z) − y·z</c>
/// (equal to <c>−Σ [y·ln σ(z) + (1 − y)·ln(1 − σ(z))]</c>), with <c>δ = σ(z) − y = a − y</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class BinaryCrossEntropyLoss<T> : Loss<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "binary-cross-entropy";

    public override string Formula => "−Σ [y ln a + (1 − y) ln(1 − a)]";

    public override string OutputDeltaFormula => "{a} − {y}";

    public override T Cost(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        var sum = T.Zero;
        for (var i = 0; i < weightedInputs.Length; i++)
        {
            var z = weightedInputs[i];

            // softplus(z) = ln(1 + e^z), with no overflow for any finite z.
            sum += ElementwiseKernels.Softplus(z) - (targets[i] * z);
        }

        return sum;
    }

    // dC/da = (a − y) / (a(1 − a)); only used if the fused OutputDelta is bypassed.
    public override void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, gradient.Length, nameof(gradient), outputSize);
        for (var i = 0; i < outputs.Length; i++)
        {
            var a = outputs[i];
            gradient[i] = (a - targets[i]) / (a * (T.One - a));
        }
    }

    // (BP1) fused with the sigmoid: δ = a − y.
    public override void OutputDelta(
        Activation<T> outputActivation, ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> delta, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, delta.Length, nameof(delta), outputSize);
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        TensorPrimitives.Subtract(outputs, targets, delta);
    }

    public override void ValidateOutputActivation(Activation<T> outputActivation)
    {
        ArgumentNullException.ThrowIfNull(outputActivation);
        if (outputActivation is not SigmoidActivation<T>)
        {
            throw new ArgumentException(
                $"Binary cross-entropy needs a sigmoid output layer, but the output activation is {outputActivation.Name}.",
                nameof(outputActivation));
        }
    }
}
