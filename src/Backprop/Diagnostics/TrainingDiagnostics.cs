namespace Backprop.Diagnostics;

/// <summary>
/// The health of training over one epoch — gradient norms per layer, saturated sigmoid/tanh units, dead
/// ReLUs — with plain-language warnings when gradients vanish or explode or units stop learning.
/// </summary>
/// <param name="Layers">One entry per layer, input side first.</param>
/// <param name="Warnings">What looks wrong, each with its likely cause and a remedy; empty when all is well.</param>
public sealed record TrainingDiagnostics(IReadOnlyList<LayerDiagnostics> Layers, IReadOnlyList<string> Warnings);
