namespace Backprop;

/// <summary>
/// The kind of a <see cref="GradientOptimizer{T}"/>: the settings every one of them has (learning rate, schedule,
/// weight decay, clipping), then its own.
/// </summary>
/// <param name="name">The name a file gives the class.</param>
/// <param name="optimizerType">The class's generic definition.</param>
/// <param name="own">The optimizer's own settings, in the order it writes them after the shared ones.</param>
internal abstract class GradientOptimizerKind(string name, Type optimizerType, params string[] own)
    : OptimizerKind(name, optimizerType, ["learningRate", "schedule", "weightDecay", "gradientClipNorm", .. own])
{
    /// <inheritdoc />
    public sealed override Optimizer<T> Read<T>(ISettingsReader settings)
    {
        var optimizer = Create<T>(settings.Number("learningRate"), settings);
        optimizer.ReadSharedSettings(settings);
        return optimizer;
    }

    /// <summary>Builds the optimizer from its learning rate and its own settings (the shared ones are read afterwards).</summary>
    protected abstract GradientOptimizer<T> Create<T>(double learningRate, ISettingsReader settings)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>;
}
