using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// A cost function <c>C(a, y)</c> of one sample's output <c>a</c> and target <c>y</c>, with its gradient
/// <c>dC/da</c> beside it. The cost of a mini-batch is the mean of its samples' costs. This is the seam
/// for custom losses: derive from it and override <see cref="Cost"/> and <see cref="Gradient"/>.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Both methods receive whole mini-batches (column-major, one column of the output layer per sample);
/// <see cref="Cost"/> returns the <em>sum</em> of the per-sample costs, which the network divides by the
/// batch size.
/// </remarks>
public abstract class Loss<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The squared error <c>C = ½‖a − y‖²</c> per sample, as in the worked examples and Nielsen's text;
    /// <c>dC/da = a − y</c>.
    /// </summary>
    public static Loss<T> SquaredError { get; } = new SquaredErrorLoss<T>();

    /// <summary>The unique name of this loss (for example <c>"squared-error"</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The sum over all samples of the per-sample cost.</summary>
    /// <param name="outputs">The output activations <c>a[L]</c>, one column per sample.</param>
    /// <param name="targets">The targets <c>y</c>, the same shape as <paramref name="outputs"/>.</param>
    /// <returns>The summed cost; the network reports it divided by the number of samples.</returns>
    public abstract T Cost(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets);

    /// <summary>Writes <c>dC/da</c> of each sample's own cost, element by element.</summary>
    /// <param name="outputs">The output activations <c>a[L]</c>.</param>
    /// <param name="targets">The targets <c>y</c>.</param>
    /// <param name="gradient">Receives <c>dC/da</c>; the same length as <paramref name="outputs"/>.</param>
    public abstract void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient);

    /// <inheritdoc />
    public override string ToString() => Name;
}
