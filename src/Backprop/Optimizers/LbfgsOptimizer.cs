using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Algorithms 7.4 and 7.5):
/// the search direction <c>−H·g</c> from the two-loop recursion over the last <see cref="HistorySize"/>
/// steps, with <c>H₀ = (sᵀy / yᵀy)·I</c>, and a backtracking line search that halves the step until the
/// Armijo condition <c>C(W + α·d) ≤ C(W) + c₁·α·gᵀd</c> holds. A full-batch method, scikit-learn's default
/// solver for small data: train with the whole data set as one batch; each <see cref="Step"/> is one
/// iteration.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class LbfgsOptimizer<T> : Optimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private const int MaximumHalvings = 30;

    private T[] _position = [];
    private T[] _gradient = [];
    private T[] _direction = [];
    private T[][] _s = [];
    private T[][] _y = [];
    private T[] _rho = [];
    private T[] _alpha = [];
    private int _count;
    private int _newest = -1;
    private int _stateParameterCount = -1;

    /// <summary>The number of past steps kept (default 10).</summary>
    public int HistorySize { get; init; } = 10;

    /// <summary>The Armijo constant c₁ (default 1e-4).</summary>
    public double ArmijoConstant { get; init; } = 1e-4;

    /// <inheritdoc />
    public override string Name => "lbfgs";

    /// <inheritdoc />
    public override T Step(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var cost = objective.Evaluate();
        var n = objective.ParameterCount;
        if (n != _stateParameterCount)
        {
            if (HistorySize < 1 || !(ArmijoConstant > 0 && ArmijoConstant < 1))
            {
                throw new InvalidOperationException("L-BFGS needs HistorySize ≥ 1 and 0 < c₁ < 1.");
            }

            _position = new T[n];
            _gradient = new T[n];
            _direction = new T[n];
            _s = new T[HistorySize][];
            _y = new T[HistorySize][];
            for (var i = 0; i < HistorySize; i++)
            {
                _s[i] = new T[n];
                _y[i] = new T[n];
            }

            _rho = new T[HistorySize];
            _alpha = new T[HistorySize];
            _count = 0;
            _newest = -1;
            _stateParameterCount = n;
        }

        Gather(objective, _position, parameters: true);
        Gather(objective, _gradient, parameters: false);
        ComputeDirection();
        var slope = TensorPrimitives.Dot<T>(_gradient, _direction);
        if (!(slope < T.Zero))
        {
            // Not a descent direction (for example after a poor curvature pair): restart from steepest descent.
            _count = 0;
            TensorPrimitives.Negate<T>(_gradient, _direction);
            slope = TensorPrimitives.Dot<T>(_gradient, _direction);
            if (slope == T.Zero)
            {
                return cost; // a stationary point: nothing to do
            }
        }

        var c1 = T.CreateChecked(ArmijoConstant);
        var step = _count == 0 ? T.Min(T.One, T.One / T.Sqrt(-slope)) : T.One;
        for (var halving = 0; halving <= MaximumHalvings; halving++)
        {
            SetParameters(objective, step);
            if (objective.TryEvaluate(out var trialCost) && trialCost <= cost + (c1 * step * slope))
            {
                RememberStep(objective, step);
                return cost;
            }

            step /= T.CreateChecked(2);
        }

        // No acceptable step: stay where we were (the cost cannot go down along this direction).
        Scatter(objective, _position);
        objective.Evaluate();
        _count = 0;
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

        // Between steps the pairs (s, y), ρ, the count and the newest slot are the whole state; the position,
        // gradient and direction are recomputed at the start of every step.
        var state = new OptimizerState<T>();
        for (var i = 0; i < _s.Length; i++)
        {
            state.ParameterVectors[$"s{i}"] = [.. _s[i]];
            state.ParameterVectors[$"y{i}"] = [.. _y[i]];
        }

        state.Arrays["rho"] = [.. _rho];
        state.Counters["count"] = _count;
        state.Counters["newest"] = _newest;
        return state;
    }

    /// <inheritdoc />
    internal override void ImportState(OptimizerState<T> state, int[] segmentLengths)
    {
        var n = segmentLengths.Sum();
        _position = new T[n];
        _gradient = new T[n];
        _direction = new T[n];
        _s = [.. Enumerable.Range(0, HistorySize).Select(i => state.ParameterVectors[$"s{i}"].ToArray())];
        _y = [.. Enumerable.Range(0, HistorySize).Select(i => state.ParameterVectors[$"y{i}"].ToArray())];
        _rho = [.. state.Arrays["rho"]];
        _alpha = new T[HistorySize];
        _count = (int)state.Counters["count"];
        _newest = (int)state.Counters["newest"];
        _stateParameterCount = n;
    }

    // Two-loop recursion (Nocedal & Wright, Algorithm 7.4): direction = −H·g.
    private void ComputeDirection()
    {
        _gradient.AsSpan().CopyTo(_direction);
        var m = HistorySize;
        for (var k = 0; k < _count; k++)
        {
            var i = ((_newest - k) % m + m) % m;
            _alpha[i] = _rho[i] * TensorPrimitives.Dot<T>(_s[i], _direction);
            TensorPrimitives.MultiplyAdd<T>(_y[i], -_alpha[i], _direction, _direction);
        }

        if (_count > 0)
        {
            var y = _y[_newest];
            var gamma = TensorPrimitives.Dot<T>(_s[_newest], y) / TensorPrimitives.Dot<T>(y, y);
            TensorPrimitives.Multiply<T>(_direction, gamma, _direction);
        }

        for (var k = _count - 1; k >= 0; k--)
        {
            var i = ((_newest - k) % m + m) % m;
            var beta = _rho[i] * TensorPrimitives.Dot<T>(_y[i], _direction);
            TensorPrimitives.MultiplyAdd<T>(_s[i], _alpha[i] - beta, _direction, _direction);
        }

        TensorPrimitives.Negate<T>(_direction, _direction);
    }

    // After an accepted step: s = α·d, y = g_new − g_old; kept only when sᵀy > 0 (so H stays positive definite).
    private void RememberStep(TrainingObjective<T> objective, T step)
    {
        var next = (_newest + 1) % HistorySize;
        var s = _s[next];
        var y = _y[next];
        TensorPrimitives.Multiply<T>(_direction, step, s);
        Gather(objective, y, parameters: false);
        TensorPrimitives.Subtract<T>(y, _gradient, y);
        var curvature = TensorPrimitives.Dot<T>(s, y);
        if (curvature > T.Zero)
        {
            _rho[next] = T.One / curvature;
            _newest = next;
            _count = Math.Min(_count + 1, HistorySize);
        }
    }

    private void SetParameters(TrainingObjective<T> objective, T step)
    {
        var offset = 0;
        for (var s = 0; s < objective.SegmentCount; s++)
        {
            var parameters = objective.GetParameters(s);
            TensorPrimitives.MultiplyAdd<T>(_direction.AsSpan(offset, parameters.Length), step, _position.AsSpan(offset, parameters.Length), parameters);
            offset += parameters.Length;
        }
    }

    private static void Gather(TrainingObjective<T> objective, T[] destination, bool parameters)
    {
        var offset = 0;
        for (var s = 0; s < objective.SegmentCount; s++)
        {
            ReadOnlySpan<T> source = parameters ? objective.GetParameters(s) : objective.GetGradient(s);
            source.CopyTo(destination.AsSpan(offset));
            offset += source.Length;
        }
    }

    private static void Scatter(TrainingObjective<T> objective, T[] source)
    {
        var offset = 0;
        for (var s = 0; s < objective.SegmentCount; s++)
        {
            var parameters = objective.GetParameters(s);
            source.AsSpan(offset, parameters.Length).CopyTo(parameters);
            offset += parameters.Length;
        }
    }
}
