namespace Backprop.Diagnostics;

/// <summary>One layer's largest relative errors in a <see cref="GradientCheck"/>.</summary>
/// <param name="Layer">The 0-based layer index.</param>
/// <param name="WeightRelativeError">The largest relative error over the layer's weights.</param>
/// <param name="BiasRelativeError">The largest relative error over its biases, or null when it has none.</param>
public sealed record LayerGradientCheck(int Layer, double WeightRelativeError, double? BiasRelativeError);
