
namespace Backprop.Fuzzing;

/// <summary>
/// The model loader on the input: <see cref="Network{T}.Load(Stream, ModelLoadOptions?)"/> and
/// <see cref="Checkpoint{T}.Load(Stream, ModelLoadOptions?)"/>, as float64 and float32, without the checksum (so that
/// mutations reach the checks behind it) and once with it. Guarantees checked on acceptance: the network
/// predicts, exports to ONNX, and saving it and loading the saved bytes (checksum verified) gives the same
/// architecture and parameters bit for bit and the same bytes when saved again.
/// </summary>
internal static class ModelTarget
{
    private static readonly ModelLoadOptions WithoutChecksum = new() { VerifyChecksum = false };

    private static readonly (string Name, Func<byte[], string> Load)[] Settings =
    [
        ("network<double>", input => Check(Network<double>.Load(Stream(input), WithoutChecksum))),
        ("network<float>", input => Check(Network<float>.Load(Stream(input), WithoutChecksum))),
        ("checkpoint<double>", input => Check(Checkpoint<double>.Load(Stream(input), WithoutChecksum).Network)),
        ("checkpoint<float>", input => Check(Checkpoint<float>.Load(Stream(input), WithoutChecksum).Network)),
        ("network<double>, checksum verified", input => Check(Network<double>.Load(Stream(input)))),
    ];

    public static string Run(byte[] input) => Outcomes(Settings, input);

    /// <summary>Runs each load on the input: its outcome, or "refused: …" for the documented refusal (anything else escapes).</summary>
    internal static string Outcomes((string Name, Func<byte[], string> Load)[] settings, byte[] input)
    {
        var outcomes = new List<string>(settings.Length);
        foreach (var (name, load) in settings)
        {
            string outcome;
            try
            {
                outcome = load(input);
            }
            catch (ModelFormatException refusal)
            {
                outcome = "refused: " + refusal.Message;
            }

            outcomes.Add($"{name} → {outcome}");
        }

        return string.Join("; ", outcomes);
    }

    private static MemoryStream Stream(byte[] input) => new(input, writable: false);

    internal static string Check<T>(Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        network.Predict(MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(network.InputSize));
        network.SaveOnnx(System.IO.Stream.Null);

        using var saved = new MemoryStream();
        network.Save(saved);
        var reloaded = Network<T>.Load(new MemoryStream(saved.ToArray(), writable: false));
        RequireSame(network, reloaded);
        using var savedAgain = new MemoryStream();
        reloaded.Save(savedAgain);
        FuzzInvariantException.Require(saved.ToArray().AsSpan().SequenceEqual(savedAgain.ToArray()), "saving a reloaded network writes the same bytes");
        return "loaded " + network;
    }

    internal static string Check<T>((Network<T> Network, Trainer<T> Trainer) checkpoint)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var (network, trainer) = checkpoint;
        network.Predict(MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(network.InputSize));

        using var saved = new MemoryStream();
        new Checkpoint<T>(network, trainer).Save(saved);
        var (reloaded, reloadedTrainer) = Checkpoint<T>.Load(new MemoryStream(saved.ToArray(), writable: false));
        RequireSame(network, reloaded);
        FuzzInvariantException.Require(
            reloadedTrainer.State.StepsTaken == trainer.State.StepsTaken && reloadedTrainer.Optimizer.Name == trainer.Optimizer.Name
            && reloadedTrainer.MiniBatchSize == trainer.MiniBatchSize && reloadedTrainer.Epochs == trainer.Epochs && reloadedTrainer.Seed == trainer.Seed,
            "a reloaded checkpoint has the same trainer settings and optimizer");
        using var savedAgain = new MemoryStream();
        new Checkpoint<T>(reloaded, reloadedTrainer).Save(savedAgain);
        FuzzInvariantException.Require(saved.ToArray().AsSpan().SequenceEqual(savedAgain.ToArray()), "saving a reloaded checkpoint writes the same bytes");
        return $"loaded {network} with {trainer.Optimizer}";
    }

    private static void RequireSame<T>(Network<T> expected, Network<T> actual)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        FuzzInvariantException.Require(expected.Layers.Count == actual.Layers.Count && expected.Loss.Name == actual.Loss.Name, "a reloaded network has the same layers and loss");
        for (var l = 0; l < expected.Layers.Count; l++)
        {
            var (a, b) = (expected.Layers[l], actual.Layers[l]);
            FuzzInvariantException.Require(
                a.Activation.Name == b.Activation.Name && a.DropoutRate.Equals(b.DropoutRate) && a.HasBiases == b.HasBiases,
                $"layer {l} has the same activation, dropout and biases after a reload");
            FuzzInvariantException.Require(
                Bits(a.GetWeights().ToColumnMajorArray()).SequenceEqual(Bits(b.GetWeights().ToColumnMajorArray()))
                && (a.GetBiases() is null || Bits(a.GetBiases()!.ToArray()).SequenceEqual(Bits(b.GetBiases()!.ToArray()))),
                $"layer {l} has the same weights and biases bit for bit after a reload");
        }
    }

    // Widening to double keeps every bit of a float (the values are finite), and −0 stays apart from +0.
    private static IEnumerable<long> Bits<T>(T[] values)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => values.Select(value => BitConverter.DoubleToInt64Bits(double.CreateChecked(value)));
}
