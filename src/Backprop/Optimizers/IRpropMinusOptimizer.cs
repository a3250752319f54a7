
namespace Backprop;

/// <summary>
/// iRprop− (Igel &amp; Hüsken, 2000, "Improving the Rprop learning algorithm", Fig. 2), the resilient
/// propagation of Encog and Accord.NET: every parameter has its own step size Δ, grown by η⁺ while its
/// gradient keeps its sign and shrunk by η⁻ when the sign flips (the gradient is then taken as 0 for that
/// step); the parameter moves by <c>−sign(g)·Δ</c>. Uses only gradient signs, so it is a full-batch method:
/// train with the whole data set as one batch.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class IRpropMinusOptimizer<T> : Optimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private T[][] _stepSizes = [];
    private T[][] _previousGradients = [];
    private T[][] _backup = [];
    private int _stateParameterCount = -1;

    /// <summary>The initial step size Δ₀ (default 0.1, as in Riedmiller and Braun, 1993).</summary>
    public double InitialStep { get; init; } = 0.1;

    /// <summary>The growth factor η⁺ (default 1.2).</summary>
    public double IncreaseFactor { get; init; } = 1.2;

    /// <summary>The shrink factor η⁻ (default 0.5).</summary>
    public double DecreaseFactor { get; init; } = 0.5;

    /// <summary>The largest step size Δmax (default 50).</summary>
    public double MaximumStep { get; init; } = 50;

    /// <summary>The smallest step size Δmin (default 1e-6).</summary>
    public double MinimumStep { get; init; } = 1e-6;

    /// <inheritdoc />
    public override string Name => "irprop-";

    /// <inheritdoc />
    public override T Step(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var cost = objective.Evaluate();
        if (objective.ParameterCount != _stateParameterCount)
        {
            if (!(DecreaseFactor > 0 && DecreaseFactor < 1 && IncreaseFactor > 1 && MinimumStep > 0 && MaximumStep >= MinimumStep && InitialStep > 0))
            {
                throw new InvalidOperationException("iRprop− needs 0 < η⁻ < 1 < η⁺ and 0 < Δmin ≤ Δmax, Δ₀ > 0.");
            }

            _stepSizes = objective.CreateSegmentArrays();
            foreach (var segment in _stepSizes)
            {
                segment.AsSpan().Fill(T.CreateChecked(InitialStep));
            }

            _previousGradients = objective.CreateSegmentArrays();
            _backup = objective.CreateSegmentArrays();
            _stateParameterCount = objective.ParameterCount;
        }

        var increase = T.CreateChecked(IncreaseFactor);
        var decrease = T.CreateChecked(DecreaseFactor);
        var maximum = T.CreateChecked(MaximumStep);
        var minimum = T.CreateChecked(MinimumStep);
        objective.CopyParametersTo(_backup);
        for (var s = 0; s < objective.SegmentCount; s++)
        {
            var parameters = objective.GetParameters(s);
            var gradient = objective.GetGradient(s);
            var steps = _stepSizes[s];
            var previous = _previousGradients[s];
            for (var i = 0; i < parameters.Length; i++)
            {
                var g = gradient[i];
                var agreement = g * previous[i];
                if (agreement > T.Zero)
                {
                    steps[i] = T.Min(steps[i] * increase, maximum);
                }
                else if (agreement < T.Zero)
                {
                    // The sign flipped: a minimum was jumped over. Shrink the step and skip this update.
                    steps[i] = T.Max(steps[i] * decrease, minimum);
                    g = T.Zero;
                }

                // W ← W − sign(g)·Δ
                if (g > T.Zero)
                {
                    parameters[i] -= steps[i];
                }
                else if (g < T.Zero)
                {
                    parameters[i] += steps[i];
                }

                previous[i] = g;
            }
        }

        if (!objective.ParametersAreFinite())
        {
            objective.RestoreParametersFrom(_backup);
            throw new TrainingDivergedException(objective.Epoch, objective.Batch, double.CreateChecked(cost), "the update would make a weight NaN or infinite");
        }

        return cost;
    }

    /// <inheritdoc />
    public override void Reset() => _stateParameterCount = -1;

    /// <inheritdoc />
    internal override OptimizerState<T>? ExportState()
    {
        if (_stateParameterCount < 0)
        {
            return null;
        }

        var state = new OptimizerState<T>();
        state.ParameterVectors["stepSizes"] = OptimizerState<T>.Concatenate(_stepSizes);
        state.ParameterVectors["previousGradients"] = OptimizerState<T>.Concatenate(_previousGradients);
        return state;
    }

    /// <inheritdoc />
    internal override void ImportState(OptimizerState<T> state, int[] segmentLengths)
    {
        _stepSizes = OptimizerState<T>.Split(state.ParameterVectors["stepSizes"], segmentLengths);
        _previousGradients = OptimizerState<T>.Split(state.ParameterVectors["previousGradients"], segmentLengths);
        _backup = [.. segmentLengths.Select(length => new T[length])];
        _stateParameterCount = segmentLengths.Sum();
    }
}
