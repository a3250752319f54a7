
namespace Backprop;

/// <summary>A built-in learning-rate schedule class as a checkpoint names it, and how to build one from its saved settings.</summary>
/// <param name="name">The name a file gives the class.</param>
/// <param name="scheduleType">The class.</param>
/// <param name="settings">The members of its settings, in the order it writes them.</param>
internal abstract class ScheduleKind(string name, Type scheduleType, params string[] settings) : PartKind(name, scheduleType, settings)
{
    /// <summary>Builds the schedule from its settings through its constructor, so that a file is held to its rules.</summary>
    /// <param name="settings">The saved settings (the members of <see cref="PartKind.Settings"/>).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentException">A setting is out of range (the parameter name names the setting).</exception>
    public abstract LearningRateSchedule Read(ISettingsReader settings);
}
