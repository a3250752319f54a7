using System.Numerics;

namespace Backprop.Activations;

/// <summary>
/// The softplus <c>ln(1 + e^z)</c>, a smooth ReLU, computed as <c>max(z, 0) + ln(1 + e^(−|z|))</c> so it never
/// overflows; its derivative is the sigmoid <c>σ(z)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class SoftplusActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    public override string Name => "softplus";

    public override T Value(T weightedInput) => T.Max(weightedInput, T.Zero) + T.LogP1(T.Exp(-T.Abs(weightedInput)));

    public override T Derivative(T weightedInput) => T.One / (T.One + T.Exp(-weightedInput));
}
