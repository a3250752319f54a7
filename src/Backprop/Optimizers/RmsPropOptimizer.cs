namespace Backprop;

/// <summary>
/// RMSProp (Hinton, Coursera lecture 6e, 2012), as in <c>torch.optim.RMSprop</c>: <c>v ← α·v + (1−α)·g²</c>,
/// <c>W ← W − η·g/(√v + ε)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class RmsPropOptimizer<T> : GradientOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private T[][] _meanSquare = [];

    /// <summary>Creates RMSProp with the given learning rate (PyTorch's default is 0.01).</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public RmsPropOptimizer(double learningRate = 0.01)
        : base(learningRate)
    {
    }

    /// <summary>The smoothing constant α of the mean square (default 0.99).</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>The ε added to √v (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <inheritdoc />
    internal override IEnumerable<(string Name, T[][] Segments)> StateArrays => [("meanSquare", _meanSquare)];

    /// <inheritdoc />
    internal override void RestoreStateArrays(IReadOnlyDictionary<string, T[][]> arrays) => _meanSquare = arrays["meanSquare"];

    /// <inheritdoc />
    protected override void CreateState(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!(Alpha >= 0 && Alpha < 1) || !(Epsilon > 0 && double.IsFinite(Epsilon)))
        {
            throw new InvalidOperationException($"RMSProp needs 0 ≤ α < 1 and ε > 0; got α = {Format(Alpha)}, ε = {Format(Epsilon)}.");
        }

        _meanSquare = objective.CreateSegmentArrays();
    }

    /// <inheritdoc />
    protected override void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber)
    {
        var alpha = T.CreateChecked(Alpha);
        var epsilon = T.CreateChecked(Epsilon);
        var v = _meanSquare[segment];
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradient[i];
            v[i] = (alpha * v[i]) + ((T.One - alpha) * g * g);
            parameters[i] -= learningRate * g / (T.Sqrt(v[i]) + epsilon);
        }
    }
}
