using System.Numerics;

namespace Backprop;

/// <summary>
/// An activation function <c>a = f(z)</c> applied to a layer's weighted inputs, with the backward step
/// <c>dC/da → dC/dz</c> beside it. Element-wise activations derive from <see cref="ElementwiseActivation{T}"/>
/// (value and derivative per neuron); derive from this class directly for one that mixes a column's neurons.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The span methods receive a whole layer of a mini-batch at once: column-major, <c>neurons</c> rows, one
/// column per sample.
/// </remarks>
public abstract class Activation<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>The logistic sigmoid <c>σ(z) = 1 / (1 + e^(−z))</c>; <c>σ′(z) = σ(z)(1 − σ(z))</c>.</summary>
    public static ElementwiseActivation<T> Sigmoid { get; } = new SigmoidActivation<T>();

    /// <summary>The hyperbolic tangent; <c>tanh′(z) = 1 − tanh²(z)</c>.</summary>
    public static ElementwiseActivation<T> Tanh { get; } = new TanhActivation<T>();

    /// <summary>The rectified linear unit <c>max(0, z)</c>; its derivative is taken as 0 at <c>z = 0</c>.</summary>
    public static ElementwiseActivation<T> Relu { get; } = new ReluActivation<T>();

    /// <summary>The identity <c>f(z) = z</c> (a linear output, for regression); <c>f′(z) = 1</c>.</summary>
    public static ElementwiseActivation<T> Identity { get; } = new IdentityActivation<T>();

    /// <summary>
    /// The softmax of each sample's column, <c>aᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)</c>: outputs that are positive and sum to 1.
    /// Use it on the output layer with <see cref="Loss{T}.CategoricalCrossEntropy"/>.
    /// </summary>
    public static Activation<T> Softmax { get; } = new SoftmaxActivation<T>();

    /// <summary>The softplus <c>ln(1 + e^z)</c>, a smooth ReLU; its derivative is the sigmoid.</summary>
    public static ElementwiseActivation<T> Softplus { get; } = new SoftplusActivation<T>();

    /// <summary>
    /// GELU in its tanh approximation (as in BERT and PyTorch's <c>approximate="tanh"</c>):
    /// <c>½z(1 + tanh(√(2/π)(z + 0.044715z³)))</c>.
    /// </summary>
    public static ElementwiseActivation<T> Gelu { get; } = new GeluActivation<T>();

    /// <summary>The initialiser a layer with this activation gets unless told otherwise (see <see cref="WeightInitializer"/>).</summary>
    public virtual WeightInitializer DefaultInitializer => WeightInitializer.LeCunNormal;

    /// <summary>The unique name of this activation (for example <c>"sigmoid"</c>), used in messages and saved models.</summary>
    public abstract string Name { get; }

    /// <summary>The leaky rectified linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>slope·z</c> otherwise.</summary>
    /// <param name="slope">The slope for negative inputs; finite and in [0, 1). The common choice is 0.01.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not finite or not in [0, 1).</exception>
    public static ElementwiseActivation<T> LeakyRelu(double slope = 0.01) => new LeakyReluActivation<T>(slope);

    /// <summary>The exponential linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>α(e^z − 1)</c> otherwise.</summary>
    /// <param name="alpha">α, finite and greater than 0 (default 1).</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite and positive.</exception>
    public static ElementwiseActivation<T> Elu(double alpha = 1.0) => new EluActivation<T>(alpha);

    /// <summary>Computes <c>a = f(z)</c> for a batch.</summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c>, <c>neurons × batch</c>, column-major.</param>
    /// <param name="activations">Receives <c>f(z)</c>; the same length as <paramref name="weightedInputs"/>.</param>
    /// <param name="neurons">The number of neurons (rows); the spans hold whole columns.</param>
    public abstract void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons);

    /// <summary>
    /// Turns <c>dC/da</c> into <c>δ = dC/dz</c> in place, column by column (the <c>⊙ f′(z)</c> of equations
    /// BP1 and BP2 for an element-wise activation; the Jacobian-vector product for one that is not).
    /// </summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c> of the forward pass, <c>neurons × batch</c>.</param>
    /// <param name="activations">The activations <c>f(z)</c> of the same pass (some derivatives are cheaper from them).</param>
    /// <param name="gradient">On entry <c>dC/da</c>; on return <c>dC/dz</c>.</param>
    /// <param name="neurons">The number of neurons (rows).</param>
    public abstract void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons);

    /// <inheritdoc />
    public override string ToString() => Name;
}
