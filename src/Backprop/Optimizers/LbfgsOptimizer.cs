using Backprop;
using System.Numerics.Tensors;

[assembly: BuiltInKind(typeof(LbfgsKind))]

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
    /// <summary>The largest <see cref="HistorySize"/>: a checkpoint holds two parameter vectors per remembered step.</summary>
    internal const int MaxHistorySize = 1000;

    private const int MaximumHalvings = 30;

    private readonly int _historySize = 10;
    private readonly double _armijoConstant = 1e-4;
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

    /// <summary>The number of past steps kept, from 1 to 1000 (default 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 or more than 1000.</exception>
    public int HistorySize { get => _historySize; init => _historySize = SettingRules.Within(value, 1, MaxHistorySize, nameof(HistorySize)); }

    /// <summary>The Armijo constant c₁, in (0, 1) (default 1e-4).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1), or not so as a <typeparamref name="T"/>.</exception>
    public double ArmijoConstant { get => _armijoConstant; init => _armijoConstant = SettingRules.OpenUnit<T>(value, nameof(ArmijoConstant)); }

    /// <inheritdoc />
    public override string Name => "lbfgs";

    /// <inheritdoc />
    internal override bool HasState => _stateParameterCount >= 0;

    /// <inheritdoc />
    public override T Step(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var cost = objective.Evaluate();
        var n = objective.ParameterCount;
        if (n != _stateParameterCount)
        {
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

        var c1 = T.CreateChecked(_armijoConstant);
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
    internal override void WriteSettings(ISettingsWriter settings)
    {
        settings.Integer("historySize", _historySize);
        settings.Number("armijoConstant", _armijoConstant);
    }

    /// <inheritdoc />
    internal override void WriteState(IStateWriter<T> state)
    {
        // Between steps the pairs (s, y), ρ, the count and the newest slot are the whole state; the position,
        // gradient and direction are recomputed at the start of every step.
        state.Counter("count", _count);
        state.Counter("newest", _newest);
        state.Values("rho", _rho);
        foreach (var (prefix, pairs) in new[] { ("s", _s), ("y", _y) })
        {
            for (var i = 0; i < pairs.Length; i++)
            {
                state.Parameters(FormattableString.Invariant($"{prefix}{i}"), pairs[i]);
            }
        }
    }

    /// <inheritdoc />
    internal override void ReadState(IStateReader<T> state)
    {
        // The pairs first, so that a state saved with another history size is reported as its first missing pair.
        _s = [.. Enumerable.Range(0, _historySize).Select(i => state.Parameters(FormattableString.Invariant($"s{i}")))];
        _y = [.. Enumerable.Range(0, _historySize).Select(i => state.Parameters(FormattableString.Invariant($"y{i}")))];
        _rho = state.Values("rho", _historySize, "one per remembered pair", ValueRule<T>.NonNegative);
        _count = (int)state.Counter("count", 0, _historySize);
        _newest = (int)state.Counter("newest", _count > 0 ? 0 : -1, _historySize - 1); // remembered pairs need a newest slot
        RequireConsistentPairs(state);
        var n = state.ParameterCount;
        _position = new T[n];
        _gradient = new T[n];
        _direction = new T[n];
        _alpha = new T[_historySize];
        _stateParameterCount = n;
    }

    // A remembered pair is one RememberStep would keep: sᵀy finite and > 0, and ρ its reciprocal (within 1%, for another
    // machine's summation order). A file's ρ of 1e300 beside ordinary pairs would send the next direction to infinity.
    private void RequireConsistentPairs(IStateReader<T> state)
    {
        for (var k = 0; k < _count; k++)
        {
            var i = ((_newest - k) % _historySize + _historySize) % _historySize;
            var curvature = TensorPrimitives.Dot<T>(_s[i], _y[i]);
            var agreement = double.CreateChecked(_rho[i] * curvature);
            if (!(T.IsFinite(curvature) && curvature > T.Zero && Math.Abs(agreement - 1) <= 0.01))
            {
                throw state.Refuse("rho", FormattableString.Invariant(
                    $"value {i} is {_rho[i]}, but the remembered pair s{i}, y{i} has sᵀy = {curvature}; ρ must be 1/(sᵀy), with sᵀy finite and greater than 0."));
            }
        }
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

    // After an accepted step: s = α·d, y = g_new − g_old; kept only when sᵀy is finite and > 0 (so H stays positive
    // definite, and no pair holds an overflowed difference) and ρ = 1/sᵀy is finite (a subnormal sᵀy would make it infinite, and the next direction NaN).
    private void RememberStep(TrainingObjective<T> objective, T step)
    {
        var next = (_newest + 1) % HistorySize;
        var s = _s[next];
        var y = _y[next];
        TensorPrimitives.Multiply<T>(_direction, step, s);
        Gather(objective, y, parameters: false);
        TensorPrimitives.Subtract<T>(y, _gradient, y);
        var curvature = TensorPrimitives.Dot<T>(s, y);
        var rho = T.One / curvature;
        if (curvature > T.Zero && T.IsFinite(curvature) && T.IsFinite(rho))
        {
            _rho[next] = rho;
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

/// <summary>L-BFGS in a checkpoint: <c>"lbfgs"</c>, with its history size and Armijo constant.</summary>
file sealed class LbfgsKind() : OptimizerKind("lbfgs", typeof(LbfgsOptimizer<>), "historySize", "armijoConstant")
{
    public override Optimizer<T> Read<T>(ISettingsReader settings)
        => new LbfgsOptimizer<T> { HistorySize = settings.Int32("historySize"), ArmijoConstant = settings.Number("armijoConstant") };
}
