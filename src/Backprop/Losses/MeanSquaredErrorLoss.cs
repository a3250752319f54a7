using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The mean squared error <c>C = (1/n)‖a − y‖²</c> per sample of <c>n</c> outputs, with <c>dC/da = 2(a − y)/n</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class MeanSquaredErrorLoss<T> : Loss<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "mean-squared-error";

    public override string Formula => "(1/n)‖a − y‖²";

    public override string OutputDeltaFormula => "2({a} − {y})/{n}·{f′(z)}";

    public override T Cost(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        return ElementwiseKernels.SumOfSquaredDifferences(outputs, targets) / T.CreateChecked(outputSize);
    }

    public override void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, gradient.Length, nameof(gradient), outputSize);
        TensorPrimitives.Subtract(outputs, targets, gradient);
        TensorPrimitives.Multiply(gradient, T.CreateChecked(2) / T.CreateChecked(outputSize), gradient);
    }
}
