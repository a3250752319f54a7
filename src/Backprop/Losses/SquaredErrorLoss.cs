using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The squared error <c>C = ½‖a − y‖²</c> per sample, with <c>dC/da = a − y</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SquaredErrorLoss<T> : Loss<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateChecked(0.5);

    public override string Name => "squared-error";

    public override string Formula => "½‖a − y‖²";

    public override string OutputDeltaFormula => "({a} − {y})·{f′(z)}";

    public override T Cost(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        return HalfSumOfSquares(outputs, targets);
    }

    public override void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, gradient.Length, nameof(gradient), outputSize);
        Difference(outputs, targets, gradient);
    }

    internal override bool HasSampleOutputDelta => true;

    // (BP1) δᴸ = (a − y) ⊙ f′(zᴸ), as OutputDelta computes it through Gradient and the activation, and the cost as Cost does.
    internal override T SampleOutputDelta(SmallLayerStep<T> outputLayer, ReadOnlySpan<T> targets)
    {
        var outputs = outputLayer.Activations;
        var delta = outputLayer.Delta;
        targets = targets[..outputs.Length];
        T cost;
        if (outputs.Length < Vector256<T>.Count)
        {
            // Fewer outputs than one vector: the sum's own scalar loop (from 0, in order), fused with a − y.
            var sum = T.Zero;
            for (var i = 0; i < outputs.Length; i++)
            {
                var difference = outputs[i] - targets[i];
                delta[i] = difference;
                sum += difference * difference;
            }

            cost = Half * sum;
        }
        else
        {
            Difference(outputs, targets, delta);
            cost = HalfSumOfSquares(outputs, targets);
        }

        outputLayer.MultiplyDeltaByDerivative();
        return cost;
    }

    // ½ Σ (a − y)²
    private static T HalfSumOfSquares(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets) => Half * ElementwiseKernels.SumOfSquaredDifferences(outputs, targets);

    // dC/da = a − y
    private static void Difference(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient)
    {
        if (outputs.Length <= 4)
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                gradient[i] = outputs[i] - targets[i];
            }

            return;
        }

        TensorPrimitives.Subtract(outputs, targets, gradient);
    }
}
