namespace Backprop;

/// <summary>A built-in optimizer class as a checkpoint names it, and how to build one from its saved settings.</summary>
/// <param name="name">The name a file gives the class.</param>
/// <param name="optimizerType">The class's generic definition, for example <c>typeof(AdamOptimizer&lt;&gt;)</c>.</param>
/// <param name="settings">The members of its settings, in the order it writes them.</param>
internal abstract class OptimizerKind(string name, Type optimizerType, params string[] settings) : PartKind(name, optimizerType, settings)
{
    /// <summary>Builds the optimizer from its settings through its public constructor and setters, so that a file is held to their rules.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="settings">The saved settings (the members of <see cref="PartKind.Settings"/>).</param>
    /// <returns>An optimizer with no running state yet.</returns>
    /// <exception cref="ArgumentException">A setting is out of range (the parameter name names the setting).</exception>
    public abstract Optimizer<T> Read<T>(ISettingsReader settings)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>;
}
