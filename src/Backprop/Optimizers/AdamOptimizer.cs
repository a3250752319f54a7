namespace Backprop;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015, Algorithm 1): <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>,
/// <c>m̂ = m/(1−β₁ᵗ)</c>, <c>v̂ = v/(1−β₂ᵗ)</c>, <c>W ← W − η·m̂/(√v̂ + ε)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public class AdamOptimizer<T> : GradientOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private T[][] _firstMoment = [];
    private T[][] _secondMoment = [];

    /// <summary>Creates Adam with the given learning rate (the paper's default is 0.001).</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public AdamOptimizer(double learningRate = 0.001)
        : base(learningRate)
    {
    }

    /// <summary>The decay rate β₁ of the first moment (default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>The decay rate β₂ of the second moment (default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>The ε added to √v̂ (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <inheritdoc />
    public override string Name => "adam";

    /// <inheritdoc />
    internal override IEnumerable<(string Name, T[][] Segments)> StateArrays => [("firstMoment", _firstMoment), ("secondMoment", _secondMoment)];

    /// <inheritdoc />
    internal override void RestoreStateArrays(IReadOnlyDictionary<string, T[][]> arrays)
    {
        _firstMoment = arrays["firstMoment"];
        _secondMoment = arrays["secondMoment"];
    }

    /// <inheritdoc />
    protected override void CreateState(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1) || !(Epsilon > 0 && double.IsFinite(Epsilon)))
        {
            throw new InvalidOperationException($"Adam needs 0 ≤ β₁, β₂ < 1 and ε > 0; got β₁ = {Format(Beta1)}, β₂ = {Format(Beta2)}, ε = {Format(Epsilon)}.");
        }

        _firstMoment = objective.CreateSegmentArrays();
        _secondMoment = objective.CreateSegmentArrays();
    }

    /// <inheritdoc />
    protected override void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber)
    {
        ApplyDecoupledDecay(parameters, learningRate);
        var beta1 = T.CreateChecked(Beta1);
        var beta2 = T.CreateChecked(Beta2);
        var epsilon = T.CreateChecked(Epsilon);
        var firstCorrection = T.One - T.CreateChecked(Math.Pow(Beta1, stepNumber));
        var secondCorrection = T.One - T.CreateChecked(Math.Pow(Beta2, stepNumber));
        var m = _firstMoment[segment];
        var v = _secondMoment[segment];
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            m[i] = (beta1 * m[i]) + ((T.One - beta1) * g);
            v[i] = (beta2 * v[i]) + ((T.One - beta2) * g * g);
            var mHat = m[i] / firstCorrection;
            var vHat = v[i] / secondCorrection;
            parameters[i] -= learningRate * mHat / (T.Sqrt(vHat) + epsilon);
        }
    }

    /// <summary>A hook for AdamW's decoupled decay, applied before the Adam update; nothing here.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="learningRate">The learning rate of this step.</param>
    protected virtual void ApplyDecoupledDecay(Span<T> parameters, T learningRate)
    {
    }
}
