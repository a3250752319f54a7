namespace Backprop.Diagnostics;

/// <summary>One layer's health over an epoch of training.</summary>
/// <param name="Layer">The 0-based layer index.</param>
/// <param name="ActivationName">The layer's activation.</param>
/// <param name="GradientNorm">The mean over the epoch's batches of the Frobenius norm of ∂C/∂W, as the update used it (after any gradient clipping and weight decay).</param>
/// <param name="SaturatedFraction">
/// For layers whose activation has flat tails (<see cref="Activation{T}.SaturatedOutside"/>): the fraction
/// of outputs (over neurons and samples) in them, where <c>|f′|</c> is below about 0.01 and learning slows —
/// <c>σ &lt; 0.01</c> or <c>σ &gt; 0.99</c> for sigmoid, <c>|tanh| &gt; 0.99</c>, <c>z &lt; −6.26</c> for SiLU;
/// otherwise null.
/// </param>
/// <param name="DeadFraction">
/// For layers whose units can die (<see cref="Activation{T}.CanDie"/>: ReLU and leaky ReLU): the fraction
/// of neurons whose weighted input was ≤ 0 for every sample of the epoch (a dead ReLU never learns again); otherwise
/// null.
/// </param>
public sealed record LayerDiagnostics(int Layer, string ActivationName, double GradientNorm, double? SaturatedFraction, double? DeadFraction);
