namespace Backprop.Diagnostics;

/// <summary>One layer's health over an epoch of training.</summary>
/// <param name="Layer">The 0-based layer index.</param>
/// <param name="ActivationName">The layer's activation.</param>
/// <param name="GradientNorm">The mean over the epoch's batches of the Frobenius norm of ∂C/∂W.</param>
/// <param name="SaturatedFraction">
/// For sigmoid and tanh layers: the fraction of outputs (over neurons and samples) in the flat tails,
/// <c>σ &lt; 0.01</c> or <c>σ &gt; 0.99</c>, <c>|tanh| &gt; 0.99</c>, where <c>f′ &lt; 0.01</c> and learning
/// slows; otherwise null.
/// </param>
/// <param name="DeadFraction">
/// For ReLU and leaky ReLU layers: the fraction of neurons whose weighted input was ≤ 0 for every sample of
/// the epoch (a dead ReLU never learns again); otherwise null.
/// </param>
public sealed record LayerDiagnostics(int Layer, string ActivationName, double GradientNorm, double? SaturatedFraction, double? DeadFraction);
