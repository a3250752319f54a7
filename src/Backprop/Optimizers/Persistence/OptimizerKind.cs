namespace Backprop.Optimizers.Persistence;

/// <summary>A built-in optimizer class as a checkpoint names it, and how to build one from its saved settings.</summary>
internal abstract class OptimizerKind : PartKind
{
    /// <summary>Builds the optimizer from its settings through its public constructor and setters, so that a file is held to their rules.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="settings">The saved settings (the members of <see cref="PartKind.Settings"/>).</param>
    /// <returns>An optimizer with no running state yet.</returns>
    /// <exception cref="ArgumentException">A setting is out of range (the parameter name names the setting).</exception>
    public abstract Optimizer<T> Read<T>(ISettingsReader settings)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>;
}
