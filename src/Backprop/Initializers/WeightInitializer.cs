namespace Backprop;

/// <summary>
/// How a layer's initial weights are drawn, from its fan-in (inputs) and fan-out (neurons) and a seeded
/// random generator. This is the seam for custom initialisers: override <see cref="Sample"/>.
/// </summary>
/// <remarks>
/// Each activation names its default (<see cref="Activation{T}.DefaultInitializer"/>):
/// <see cref="HeNormal"/> for the ReLU family (ReLU, leaky ReLU, ELU, GELU), whose units pass only half of a
/// symmetric input on; <see cref="LeCunNormal"/> for the rest (sigmoid, tanh, softplus, identity, softmax),
/// the <c>N(0, 1/fan-in)</c> of Nielsen's improved network. Biases always start at 0.
/// </remarks>
public abstract class WeightInitializer
{
    /// <summary>Glorot/Xavier uniform (Glorot &amp; Bengio, 2010): <c>U(−l, l)</c>, <c>l = √(6/(fan-in + fan-out))</c>.</summary>
    public static WeightInitializer GlorotUniform { get; } = new DistributionInitializer("glorot-uniform", uniform: true, (fanIn, fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut)));

    /// <summary>Glorot/Xavier normal: <c>N(0, 2/(fan-in + fan-out))</c>.</summary>
    public static WeightInitializer GlorotNormal { get; } = new DistributionInitializer("glorot-normal", uniform: false, (fanIn, fanOut) => Math.Sqrt(2.0 / (fanIn + fanOut)));

    /// <summary>He/Kaiming normal (He et al., 2015): <c>N(0, 2/fan-in)</c>.</summary>
    public static WeightInitializer HeNormal { get; } = new DistributionInitializer("he-normal", uniform: false, (fanIn, _) => Math.Sqrt(2.0 / fanIn));

    /// <summary>He/Kaiming uniform: <c>U(−l, l)</c>, <c>l = √(6/fan-in)</c>.</summary>
    public static WeightInitializer HeUniform { get; } = new DistributionInitializer("he-uniform", uniform: true, (fanIn, _) => Math.Sqrt(6.0 / fanIn));

    /// <summary>LeCun normal: <c>N(0, 1/fan-in)</c>.</summary>
    public static WeightInitializer LeCunNormal { get; } = new DistributionInitializer("lecun-normal", uniform: false, (fanIn, _) => Math.Sqrt(1.0 / fanIn));

    /// <summary>A short name (for example <c>"he-normal"</c>).</summary>
    public abstract string Name { get; }

    /// <summary>A uniform distribution <c>U(−limit, limit)</c> whatever the fan-in.</summary>
    /// <param name="limit">The half-width; finite and greater than 0.</param>
    /// <returns>The initialiser.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not finite and positive.</exception>
    public static WeightInitializer Uniform(double limit)
    {
        InputValidation.RequirePositiveFinite(limit, nameof(limit));
        return new DistributionInitializer(FormattableString.Invariant($"uniform({limit:R})"), uniform: true, (_, _) => limit);
    }

    /// <summary>A normal distribution <c>N(0, σ²)</c> whatever the fan-in.</summary>
    /// <param name="standardDeviation">σ; finite and greater than 0.</param>
    /// <returns>The initialiser.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is not finite and positive.</exception>
    public static WeightInitializer Normal(double standardDeviation)
    {
        InputValidation.RequirePositiveFinite(standardDeviation, nameof(standardDeviation));
        return new DistributionInitializer(FormattableString.Invariant($"normal({standardDeviation:R})"), uniform: false, (_, _) => standardDeviation);
    }

    /// <summary>Draws one weight.</summary>
    /// <param name="fanIn">The layer's number of inputs.</param>
    /// <param name="fanOut">The layer's number of neurons.</param>
    /// <param name="random">The seeded generator to draw from.</param>
    /// <returns>The weight.</returns>
    public abstract double Sample(int fanIn, int fanOut, Random random);

    /// <inheritdoc />
    public override string ToString() => Name;
}
