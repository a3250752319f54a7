namespace Backprop.Fuzzing;

/// <summary>
/// The checkpoint loader on the input: <see cref="Checkpoint{T}.Load(Stream, ModelLoadOptions?)"/> as float64 and
/// float32 without the checksum (so that mutations reach the optimizer, schedule and trainer checks behind it), and
/// float64 with it. Guarantees checked on acceptance: the network predicts, and saving the checkpoint and loading the
/// saved bytes gives the same network, trainer settings, step count and optimizer, and the same bytes when saved again.
/// </summary>
internal static class CheckpointTarget
{
    private static readonly ModelLoadOptions WithoutChecksum = new() { VerifyChecksum = false };

    private static readonly (string Name, Func<byte[], string> Load)[] Settings =
    [
        ("checkpoint<double>", input => Load<double>(input, WithoutChecksum)),
        ("checkpoint<float>", input => Load<float>(input, WithoutChecksum)),
        ("checkpoint<double>, checksum verified", input => Load<double>(input, ModelLoadOptions.Default)),
    ];

    public static string Run(byte[] input) => ModelTarget.Outcomes(Settings, input);

    private static string Load<T>(byte[] input, ModelLoadOptions options)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var checkpoint = Checkpoint<T>.Load(new MemoryStream(input, writable: false), options);
        return ModelTarget.Check<T>((checkpoint.Network, checkpoint.Trainer));
    }
}
