using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Backprop;

/// <summary>
/// An activation function <c>a = f(z)</c> applied to a layer's weighted inputs, with the backward step
/// <c>dC/da → dC/dz</c> beside it. Element-wise activations derive from <see cref="ElementwiseActivation{T}"/>
/// (value and derivative per neuron); derive from this class directly for one that mixes a column's neurons.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// <para>
/// The span methods receive a whole layer of a mini-batch at once: column-major, <c>neurons</c> rows, one
/// column per sample.
/// </para>
/// <para>
/// An activation also describes itself to the rest of the library, so that nothing else switches on its type: its
/// ONNX form (<see cref="TryAddOnnxNodes"/>), what saturated or dead means for it in training diagnostics
/// (<see cref="SaturatedOutside"/>, <see cref="CanDie"/>), and whether an output layer of it makes a classifier
/// (<see cref="IsClassifierOutput"/>). The built-in ones also say how a model file names them and rebuilds them.
/// </para>
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

    /// <summary>
    /// SiLU, also called swish: <c>z·σ(z)</c>, a smooth, slightly non-monotonic ReLU;
    /// <c>f′(z) = σ(z)(1 + z(1 − σ(z)))</c>.
    /// </summary>
    public static ElementwiseActivation<T> Silu { get; } = new SiluActivation<T>();

    /// <summary>The initialiser a layer with this activation gets unless told otherwise (see <see cref="WeightInitializer"/>).</summary>
    public virtual WeightInitializer DefaultInitializer => WeightInitializer.LeCunNormal;

    /// <summary>The unique name of this activation (for example <c>"sigmoid"</c>), used in messages and saved models.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// <c>f(z)</c> written out for a reader, for example <c>1 / (1 + e^(−z))</c> for the sigmoid: the explainer
    /// (<see cref="Diagnostics.Explainer"/>) shows it beside the numbers. The default is the name applied to z.
    /// </summary>
    public virtual string Formula => $"{Name}(z)";

    /// <summary>
    /// <c>f′(z)</c> written out for a reader, for example <c>σ(z)(1 − σ(z))</c>; for an activation that mixes a column's
    /// neurons, its Jacobian. The default is the name with a prime applied to z.
    /// </summary>
    public virtual string DerivativeFormula => $"{Name}′(z)";

    /// <summary>
    /// True when an output layer with this activation makes the network a classifier whose outputs are class
    /// probabilities (sigmoid: one per independent class; softmax: a distribution over the classes), so that training
    /// reports accuracy. False by default.
    /// </summary>
    public virtual bool IsClassifierOutput => false;

    /// <summary>
    /// Where this activation saturates, for <see cref="Diagnostics.TrainingDiagnostics"/>: a weighted input below
    /// <c>Low</c> or above <c>High</c> lies on a flat tail (<c>|f′(z)|</c> below about 0.01), where the weights
    /// feeding the unit barely learn. Null (the default) for an activation without flat tails.
    /// </summary>
    public virtual (T Low, T High)? SaturatedOutside => null;

    /// <summary>
    /// True when a unit whose weighted input is ≤ 0 for every sample of an epoch counts as dead in
    /// <see cref="Diagnostics.TrainingDiagnostics"/>: it passes back no gradient (ReLU) or a tiny one (leaky ReLU) and
    /// may never recover. False by default.
    /// </summary>
    public virtual bool CanDie => false;

    /// <summary>
    /// The one-sample kernel of a small dense layer with this activation (<see cref="SmallLayerKernel{T, TActivation}"/>, with
    /// f and f′ called directly), or null, the default: a layer of any other activation takes the general path. The
    /// built-in element-wise activations that the fused per-sample step supports describe themselves here.
    /// </summary>
    internal virtual SmallLayerKernel<T>? SmallLayerKernel => null;

    /// <summary>
    /// The built-in activations a model file can name, each with its name, parameters and constructor; nothing
    /// else is ever built from a file. Add a new built-in activation here.
    /// </summary>
    internal static IReadOnlyList<ActivationKind<T>> BuiltInKinds { get; } =
    [
        SigmoidActivation<T>.Kind, TanhActivation<T>.Kind, ReluActivation<T>.Kind, IdentityActivation<T>.Kind, SoftplusActivation<T>.Kind,
        GeluActivation<T>.Kind, SoftmaxActivation<T>.Kind, LeakyReluActivation<T>.Kind, EluActivation<T>.Kind, SiluActivation<T>.Kind,
    ];

    /// <summary>The leaky rectified linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>slope·z</c> otherwise.</summary>
    /// <param name="slope">The slope for negative inputs; finite and in [0, 1), also as <typeparamref name="T"/> holds it. The common choice is 0.01.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not finite or not in [0, 1), or rounds to 1 in <typeparamref name="T"/>.</exception>
    public static ElementwiseActivation<T> LeakyRelu(double slope = 0.01) => new LeakyReluActivation<T>(slope);

    /// <summary>The exponential linear unit: <c>z</c> for <c>z &gt; 0</c>, <c>α(e^z − 1)</c> otherwise.</summary>
    /// <param name="alpha">α, finite and greater than 0 (default 1), also as <typeparamref name="T"/> holds it.</param>
    /// <returns>The activation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="alpha"/> is not finite and positive, or not representable in <typeparamref name="T"/> (1E+39 overflows a float, 1E-46 underflows to 0).
    /// </exception>
    public static ElementwiseActivation<T> Elu(double alpha = 1.0) => new EluActivation<T>(alpha);

    /// <summary>Computes <c>a = f(z)</c> for a batch.</summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c>, <c>neurons × batch</c>, column-major.</param>
    /// <param name="activations">
    /// Receives <c>f(z)</c>; the same length as <paramref name="weightedInputs"/>, and possibly the same memory (the
    /// inference pass activates in place), so read each <c>z</c> before writing its <c>a</c>.
    /// </param>
    /// <param name="neurons">The number of neurons (rows); the spans hold whole columns.</param>
    /// <exception cref="ArgumentException">The spans differ in length, or do not hold whole columns (the built-in activations check this first; implementations should too).</exception>
    public abstract void Activate(ReadOnlySpan<T> weightedInputs, Span<T> activations, int neurons);

    /// <summary>
    /// Turns <c>dC/da</c> into <c>δ = dC/dz</c> in place, column by column (the <c>⊙ f′(z)</c> of equations
    /// BP1 and BP2 for an element-wise activation; the Jacobian-vector product for one that is not).
    /// </summary>
    /// <param name="weightedInputs">The weighted inputs <c>z</c> of the forward pass, <c>neurons × batch</c>.</param>
    /// <param name="activations">The activations <c>f(z)</c> of the same pass (some derivatives are cheaper from them).</param>
    /// <param name="gradient">On entry <c>dC/da</c>; on return <c>dC/dz</c>.</param>
    /// <param name="neurons">The number of neurons (rows).</param>
    /// <exception cref="ArgumentException">The spans differ in length, or do not hold whole columns (the built-in activations check this first; implementations should too).</exception>
    public abstract void MultiplyByDerivative(ReadOnlySpan<T> weightedInputs, ReadOnlySpan<T> activations, Span<T> gradient, int neurons);

    /// <summary>
    /// Writes this activation into an ONNX graph as nodes of the standard operators, from the layer's weighted input
    /// <c>z</c> to its activation <c>a</c> (both <c>[batch, neurons]</c>: one row per sample). Every built-in activation
    /// has an ONNX form; override this to make a custom one exportable. The default has none and returns false.
    /// </summary>
    /// <param name="graph">The graph being built (by the Backprop.Onnx package's <c>network.SaveOnnx</c>).</param>
    /// <param name="weightedInput">The name of the weighted input <c>z</c> in the graph.</param>
    /// <param name="activation">The name of the activation <c>a</c> in the graph (for the identity, <paramref name="weightedInput"/>).</param>
    /// <returns>True when the activation was written; false when it has no ONNX form.</returns>
    public virtual bool TryAddOnnxNodes(IOnnxGraphBuilder graph, string weightedInput, [NotNullWhen(true)] out string? activation)
    {
        activation = null;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// True when the graph's tensors are float32: ONNX Runtime has float32 kernels for every standard activation, but
    /// no float64 ones for <c>LeakyRelu</c>, <c>Elu</c> and <c>Softplus</c>, and a float64 <c>Gelu</c> that is only
    /// float-accurate, so a double network writes those as their elementary formulas.
    /// </summary>
    private protected static bool HasNativeOnnxKernels => typeof(T) == typeof(float);
}
