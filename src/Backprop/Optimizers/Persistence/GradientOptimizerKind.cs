namespace Backprop.Optimizers.Persistence;

/// <summary>
/// The kind of a <see cref="GradientOptimizer{T}"/>: the settings every one of them has (learning rate, schedule,
/// weight decay, clipping), then its own.
/// </summary>
internal abstract class GradientOptimizerKind : OptimizerKind
{
    private static readonly string[] SharedSettings = ["learningRate", "schedule", "weightDecay", "gradientClipNorm"];

    /// <inheritdoc />
    public sealed override Optimizer<T> Read<T>(ISettingsReader settings)
    {
        var optimizer = Create<T>(settings.Number("learningRate"), settings);
        optimizer.ReadSharedSettings(settings);
        return optimizer;
    }

    /// <summary>The shared settings followed by the optimizer's own, for <see cref="PartKind.Settings"/>.</summary>
    protected static string[] WithShared(params string[] own) => [.. SharedSettings, .. own];

    /// <summary>Builds the optimizer from its learning rate and its own settings (the shared ones are read afterwards).</summary>
    protected abstract GradientOptimizer<T> Create<T>(double learningRate, ISettingsReader settings)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>;
}
