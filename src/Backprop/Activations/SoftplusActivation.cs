using System.Numerics;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// The softplus <c>ln(1 + e^z)</c>, a smooth ReLU, computed as <c>max(z, 0) + log1p(e^(−|z|))</c> so it never
/// overflows and keeps full relative precision far below 0; its derivative is the sigmoid <c>σ(z)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SoftplusActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "softplus";

    public override T Value(T weightedInput) => ElementwiseKernels.Softplus(weightedInput);

    public override T Derivative(T weightedInput) => T.One / (T.One + T.Exp(-weightedInput));
}
