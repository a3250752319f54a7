
namespace Backprop;

/// <summary>
/// Where a <see cref="PartKind"/> reads the settings it builds its part from. The reader checks only that each value
/// is there and of its type (a finite number, a whole number that fits); the part's constructor and setters check
/// the ranges, so that a file is held to the same rules as code.
/// </summary>
internal interface ISettingsReader
{
    /// <summary>A finite number.</summary>
    double Number(string name);

    /// <summary>A whole number that fits a <see cref="long"/>.</summary>
    long Integer(string name);

    /// <summary>A whole number that fits an <see cref="int"/>.</summary>
    int Int32(string name);

    /// <summary>A flag.</summary>
    bool Boolean(string name);

    /// <summary>A finite number, or null.</summary>
    double? OptionalNumber(string name);

    /// <summary>A built-in schedule, or null.</summary>
    LearningRateSchedule? OptionalSchedule(string name);

    /// <summary>A built-in schedule.</summary>
    LearningRateSchedule Schedule(string name);
}
