using System.Globalization;
using System.Numerics;
using Backprop.Kernels;

namespace Backprop;

/// <summary>The leaky rectified linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>slope·z</c> otherwise.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class LeakyReluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T _slope;

    public LeakyReluActivation(double slope)
    {
        if (!double.IsFinite(slope) || slope < 0 || slope >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "The leaky ReLU slope must be finite and in [0, 1).");
        }

        _slope = T.CreateChecked(slope);
        Slope = slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double Slope { get; }

    public override string Name => string.Create(CultureInfo.InvariantCulture, $"leaky-relu({Slope:R})");

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override T Value(T weightedInput) => weightedInput > T.Zero ? weightedInput : _slope * weightedInput;

    public override T Derivative(T weightedInput) => weightedInput > T.Zero ? T.One : _slope;

    public override void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons)
        => ElementwiseKernels.LeakyRectify(weightedInputs, activations, _slope);

    public override void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons)
        => ElementwiseKernels.ScaleWherePositive(weightedInputs, gradient, _slope);
}
