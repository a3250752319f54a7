using System.Numerics;

namespace Backprop;

/// <summary>
/// A cost function <c>C(a, y)</c> of one sample's output <c>a</c> and target <c>y</c>, and the output error
/// <c>δᴸ = dC/dzᴸ</c> it gives (equation BP1). The cost of a mini-batch is the mean of its samples' costs.
/// This is the seam for custom losses: derive from it and override <see cref="Cost"/> and <see cref="Gradient"/>.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The methods receive whole mini-batches: column-major, <c>outputSize</c> rows, one column per sample.
/// <see cref="Cost"/> returns the <em>sum</em> of the per-sample costs, which the network divides by the batch size.
/// </remarks>
public abstract class Loss<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The squared error <c>C = ½‖a − y‖²</c> per sample, the cost of the worked examples and of Nielsen's text;
    /// <c>dC/da = a − y</c>.
    /// </summary>
    public static Loss<T> SquaredError { get; } = new SquaredErrorLoss<T>();

    /// <summary>
    /// The mean squared error <c>C = (1/n)‖a − y‖²</c> per sample over its <c>n</c> outputs (Keras' and
    /// scikit-learn's "MSE"); <c>dC/da = 2(a − y)/n</c>.
    /// </summary>
    public static Loss<T> MeanSquaredError { get; } = new MeanSquaredErrorLoss<T>();

    /// <summary>
    /// Binary cross-entropy <c>C = −Σ [y·ln a + (1 − y)·ln(1 − a)]</c> on a sigmoid output, computed from the
    /// weighted input as <c>Σ softplus(z) − y·z</c> so it never takes <c>ln 0</c>; the output error is <c>δ = a − y</c>.
    /// </summary>
    public static Loss<T> BinaryCrossEntropy { get; } = new BinaryCrossEntropyLoss<T>();

    /// <summary>
    /// Categorical cross-entropy <c>C = −Σ y·ln a</c> on a softmax output, computed from the weighted input as
    /// <c>logΣexp(z)·Σy − Σ y·z</c> so it stays finite for any finite <c>z</c>; the output error is <c>δ = a − y</c>
    /// (for targets that sum to 1).
    /// </summary>
    public static Loss<T> CategoricalCrossEntropy { get; } = new CategoricalCrossEntropyLoss<T>();

    /// <summary>The unique name of this loss (for example <c>"squared-error"</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// One sample's cost written out for a reader, for example <c>½‖a − y‖²</c>: the explainer
    /// (<see cref="Diagnostics.Explainer"/>) shows it beside the numbers. The default is the name applied to a and y.
    /// </summary>
    public virtual string Formula => $"{Name}(a, y)";

    /// <summary>
    /// The output error <c>δᴸ</c> of one output neuron written out (BP1), with the quantities it uses in braces so that
    /// the explainer can put the numbers in: <c>{a}</c>, <c>{y}</c>, <c>{f′(z)}</c> (of the output activation) and
    /// <c>{n}</c> (the number of outputs); for example <c>({a} − {y})·{f′(z)}</c> for the squared error. The default is
    /// <c>∂C/∂a·{f′(z)}</c>.
    /// </summary>
    public virtual string OutputDeltaFormula => "∂C/∂a·{f′(z)}";

    /// <summary>The sum over the batch of the per-sample cost.</summary>
    /// <param name="weightedInputs">The output layer's weighted inputs <c>zᴸ</c> (for numerically stable forms).</param>
    /// <param name="outputs">The output activations <c>aᴸ</c>.</param>
    /// <param name="targets">The targets <c>y</c>, the same shape as <paramref name="outputs"/>.</param>
    /// <param name="outputSize">The number of outputs per sample (rows).</param>
    /// <returns>The summed cost; the network reports it divided by the number of samples.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, or do not hold whole columns (the built-in losses check this first; implementations should too).</exception>
    public abstract T Cost(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int outputSize);

    /// <summary>Writes <c>dC/da</c> of each sample's own cost.</summary>
    /// <param name="outputs">The output activations <c>aᴸ</c>.</param>
    /// <param name="targets">The targets <c>y</c>.</param>
    /// <param name="gradient">Receives <c>dC/da</c>; the same length as <paramref name="outputs"/>.</param>
    /// <param name="outputSize">The number of outputs per sample (rows).</param>
    /// <exception cref="ArgumentException">The spans differ in length, or do not hold whole columns (the built-in losses check this first; implementations should too).</exception>
    public abstract void Gradient(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradient, int outputSize);

    /// <summary>
    /// Writes the output error <c>δᴸ = dC/dzᴸ</c> (BP1). The default is <c>∇ₐC ⊙ f′(zᴸ)</c> through
    /// <see cref="Gradient"/> and the activation; a loss fused with its activation overrides it with the
    /// closed form.
    /// </summary>
    /// <param name="outputActivation">The output layer's activation.</param>
    /// <param name="weightedInputs">The output layer's weighted inputs <c>zᴸ</c>.</param>
    /// <param name="outputs">The output activations <c>aᴸ</c>.</param>
    /// <param name="targets">The targets <c>y</c>.</param>
    /// <param name="delta">Receives <c>δᴸ</c>.</param>
    /// <param name="outputSize">The number of outputs per sample (rows).</param>
    /// <exception cref="ArgumentException">The spans differ in length, or do not hold whole columns (the built-in losses check this first; implementations should too).</exception>
    public virtual void OutputDelta(
        Activation<T> outputActivation, ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> delta, int outputSize)
    {
        SpanShapes.Loss(outputs.Length, targets.Length, delta.Length, nameof(delta), outputSize);
        SpanShapes.Loss(outputs.Length, targets.Length, weightedInputs.Length, nameof(weightedInputs), outputSize);
        ArgumentNullException.ThrowIfNull(outputActivation);
        Gradient(outputs, targets, delta, outputSize);
        outputActivation.MultiplyByDerivative(weightedInputs, outputs, delta, outputSize);
    }

    /// <summary>
    /// True when the loss has the one-sample form <see cref="SampleOutputDelta"/> that the fused per-sample step uses;
    /// false, the default, for a loss without it (a custom one), whose network's steps take the general path.
    /// </summary>
    internal virtual bool HasSampleOutputDelta => false;

    /// <summary>
    /// For the fused per-sample step: writes one sample's <c>δᴸ</c> into the output layer's step and returns its cost,
    /// with the arithmetic of <see cref="OutputDelta"/> and <see cref="Cost"/> (f′ through the output layer's step) and
    /// without their shape checks (the step's buffers fit by construction). Only called when <see cref="HasSampleOutputDelta"/>.
    /// </summary>
    /// <param name="outputLayer">The output layer's step: its <c>zᴸ</c>, <c>aᴸ</c>, f′, and the δᴸ to write.</param>
    /// <param name="targets">The targets <c>y</c>, one per output.</param>
    /// <returns>The sample's cost.</returns>
    internal virtual T SampleOutputDelta(SmallLayerStep<T> outputLayer, ReadOnlySpan<T> targets)
        => throw new NotSupportedException($"The loss {Name} has no one-sample form.");

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when this loss cannot be used with the given output activation
    /// (cross-entropies need their matching activation). The default accepts every activation.
    /// </summary>
    /// <param name="outputActivation">The output layer's activation.</param>
    /// <exception cref="ArgumentException">The pairing is not supported.</exception>
    public virtual void ValidateOutputActivation(Activation<T> outputActivation)
    {
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
