namespace Backprop;

/// <summary>The settings of a <see cref="Regressor"/>: those of <see cref="ModelOptions"/> and target scaling.</summary>
public sealed class RegressorOptions : ModelOptions
{
    /// <summary>
    /// Whether the network learns standardised targets, <c>(y − mean) / std</c> over the training rows, with the
    /// scaling undone at prediction (default true). Targets in the hundreds (the diabetes data) otherwise need
    /// thousands of epochs to be reached from initial outputs near 0.
    /// </summary>
    public bool ScaleTargets { get; init; } = true;
}
