namespace Backprop.Fuzzing;

/// <summary>
/// The fuzz targets by name. Each takes the raw input bytes, runs a loader on them and returns a one-line
/// outcome; the loader's documented refusal (<see cref="InvalidDataException"/>, or the documented
/// <see cref="ArgumentException"/> naming a column parameter for CSV) is an expected outcome, anything else
/// escapes and is a crash. An accepted input must also keep the loader's guarantees (see each target).
/// </summary>
internal static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Func<byte[], string>> All { get; } = new Dictionary<string, Func<byte[], string>>
    {
        ["model"] = ModelTarget.Run,
        ["checkpoint"] = CheckpointTarget.Run,
        ["model-structured"] = StructuredModelTarget.Run,
        ["idx"] = IdxTarget.Run,
        ["csv"] = CsvTarget.Run,
    };
}
