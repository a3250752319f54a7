
namespace Backprop;

/// <summary>
/// Where an optimizer or a schedule writes its settings for a checkpoint: named values, in the order its
/// <see cref="PartKind.Settings"/> declares. A neutral writer: the part does not know the file's encoding.
/// </summary>
internal interface ISettingsWriter
{
    /// <summary>Writes a number.</summary>
    void Number(string name, double value);

    /// <summary>Writes a whole number.</summary>
    void Integer(string name, long value);

    /// <summary>Writes a flag.</summary>
    void Boolean(string name, bool value);

    /// <summary>Writes a number, or that there is none.</summary>
    void OptionalNumber(string name, double? value);

    /// <summary>Writes a schedule (its kind and its own settings), or that there is none.</summary>
    /// <exception cref="NotSupportedException">The schedule's class is not built in.</exception>
    void Schedule(string name, LearningRateSchedule? schedule);
}
