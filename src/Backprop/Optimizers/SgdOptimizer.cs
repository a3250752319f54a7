using System.Numerics.Tensors;
using Backprop.Kernels;

namespace Backprop;

/// <summary>
/// Stochastic gradient descent, optionally with momentum or Nesterov momentum, in PyTorch's formulation:
/// <c>v ← μ·v + g</c>, then <c>W ← W − η·v</c> (momentum) or <c>W ← W − η·(g + μ·v)</c> (Nesterov);
/// with <c>μ = 0</c> it is plain <c>W ← W − η·g</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// Momentum follows Polyak (1964) and Nesterov momentum Sutskever et al. (2013), as written in
/// <c>torch.optim.SGD</c> (dampening 0). With a constant learning rate this is the same trajectory as the
/// texts' <c>v ← μ·v − η·g; W ← W + v</c>.
/// </remarks>
public sealed class SgdOptimizer<T> : GradientOptimizer<T>
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly double _momentum;
    private T[][] _velocity = [];

    /// <summary>Creates SGD with the given learning rate.</summary>
    /// <param name="learningRate">The learning rate η; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is NaN, infinite, zero or negative.</exception>
    public SgdOptimizer(double learningRate)
        : base(learningRate)
    {
    }

    /// <summary>The momentum coefficient μ in [0, 1) (default 0: plain SGD).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public double Momentum
    {
        get => _momentum;
        init
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Momentum must be in [0, 1).");
            }

            _momentum = value;
        }
    }

    /// <summary>Whether to use Nesterov momentum (needs <see cref="Momentum"/> &gt; 0).</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc />
    public override string Name => _momentum == 0 ? "sgd" : Nesterov ? $"sgd-nesterov({Format(_momentum)})" : $"sgd-momentum({Format(_momentum)})";

    /// <inheritdoc />
    internal override IEnumerable<(string Name, T[][] Segments)> StateArrays => _momentum == 0 ? [] : [("velocity", _velocity)];

    /// <inheritdoc />
    internal override void RestoreStateArrays(IReadOnlyDictionary<string, T[][]> arrays)
        => _velocity = _momentum == 0 ? [] : arrays["velocity"];

    /// <inheritdoc />
    protected override bool IsPlainGradientStep => _momentum == 0;

    /// <inheritdoc />
    protected override void CreateState(TrainingObjective<T> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (Nesterov && _momentum == 0)
        {
            throw new InvalidOperationException("Nesterov momentum needs Momentum > 0.");
        }

        _velocity = _momentum == 0 ? [] : objective.CreateSegmentArrays();
    }

    /// <inheritdoc />
    protected override void UpdateSegment(int segment, Span<T> parameters, ReadOnlySpan<T> gradient, T learningRate, long stepNumber)
    {
        if (_momentum == 0)
        {
            ElementwiseKernels.AddScaled(parameters, gradient, -learningRate);
            return;
        }

        var mu = T.CreateChecked(_momentum);
        var velocity = _velocity[segment].AsSpan();

        // v ← μ·v + g
        TensorPrimitives.MultiplyAdd(velocity, mu, gradient, velocity);
        if (Nesterov)
        {
            // W ← W − η·(g + μ·v)
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= learningRate * (gradient[i] + (mu * velocity[i]));
            }
        }
        else
        {
            // W ← W − η·v
            ElementwiseKernels.AddScaled(parameters, velocity, -learningRate);
        }
    }
}
