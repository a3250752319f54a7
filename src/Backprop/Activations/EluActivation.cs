using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The exponential linear unit (Clevert et al., 2016): <c>z</c> for <c>z &gt; 0</c>, <c>α(e^z − 1)</c>
/// otherwise; the derivative is 1 or <c>α·e^z = a + α</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class EluActivation<T> : ElementwiseActivation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly T _alpha;

    public EluActivation(double alpha)
    {
        if (!(alpha > 0 && double.IsFinite(alpha)))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The ELU α must be finite and greater than 0.");
        }

        Alpha = alpha;
        _alpha = T.CreateChecked(alpha);
    }

    public double Alpha { get; }

    public override string Name => string.Create(CultureInfo.InvariantCulture, $"elu({Alpha:R})");

    public override WeightInitializer DefaultInitializer => WeightInitializer.HeNormal;

    public override T Value(T weightedInput) => weightedInput > T.Zero ? weightedInput : _alpha * (T.Exp(weightedInput) - T.One);

    public override T Derivative(T weightedInput) => weightedInput > T.Zero ? T.One : _alpha * T.Exp(weightedInput);
}
