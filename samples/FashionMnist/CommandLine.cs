using System.Globalization;

namespace FashionMnistSample;

/// <summary>The parsed command line: <c>textbook|best|fast|check [--epochs N] [--threads N] [--seed N] [--limit N] [--holdout N] [--out DIR] [--data DIR] [--slice DIR]</c>.</summary>
internal sealed record CommandLine(
    Configuration Configuration,
    int Epochs,
    int Threads,
    int Seed,
    int? Limit,
    string OutputFolder,
    string? DataFolder,
    string? SliceFolder = null,
    int? Holdout = null)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project samples/FashionMnist -- textbook|best|fast|check [options]

          textbook        784-100-10 sigmoid, squared error, SGD η = 3.0, mini-batches of 10 (30 epochs)
          best            784-512-256-10 ReLU + dropout, softmax cross-entropy, AdamW with a cosine schedule (40 epochs)
          fast            784-1024-10 ReLU + dropout 0.5, Adam with a cosine schedule, batches of 1,024, standardised
                          pixels, all 60,000 images (20 epochs): 0.90 in the least training time; prints the seconds
          check           checks the installed data set (60,000 + 10,000 images, balanced classes, pixels in [0, 1]),
                          then trains the textbook network for 1 epoch: exit 0 only if all holds and accuracy ≥ 0.75

          --epochs N      epochs to train (default: the configuration's)
          --threads N     threads per matrix product (default: all processors)
          --seed N        seed of the weights, the validation split and the batch order (default 1)
          --limit N       train on the first N training images only (a quick run)
          --holdout N     evaluate on the last N training images instead of the test set, training on the ones
                          before them (for choosing settings; not with check)
          --out DIR       folder for fashion-mnist-<configuration>.png (default: the current folder)
          --data DIR      folder with the MNIST-format files (default: /usr/share/datasets/fashion-mnist)
          --slice DIR     check: also check that the slice in DIR (the tests' TestData/fashion-mnist-slice) is the
                          first images of each split
        """;

    /// <summary>Parses the arguments, or returns the error to print with <see cref="Usage"/>.</summary>
    public static (CommandLine? CommandLine, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || Configuration.Find(args[0]) is not { } configuration)
        {
            return (null, args.Count == 0 ? "Choose a configuration." : $"Unknown configuration '{args[0]}'.");
        }

        var line = new CommandLine(configuration, configuration.DefaultEpochs, Environment.ProcessorCount, Seed: 1, Limit: null, ".", DataFolder: null);
        for (var i = 1; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                return (null, $"{args[i]} needs a value.");
            }

            var value = args[i + 1];
            int Number() => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : -1;
            line = args[i] switch
            {
                "--epochs" => line with { Epochs = Number() },
                "--threads" => line with { Threads = Number() },
                "--seed" => line with { Seed = Number() },
                "--limit" => line with { Limit = Number() },
                "--holdout" => line with { Holdout = Number() },
                "--out" => line with { OutputFolder = value },
                "--data" => line with { DataFolder = value },
                "--slice" => line with { SliceFolder = value },
                _ => null,
            };
            if (line is null)
            {
                return (null, $"Unknown option '{args[i]}'.");
            }

            if (line.Epochs < 1 || line.Threads < 1 || line.Seed < 1 || line.Limit < 1 || line.Holdout < 1)
            {
                return (null, $"{args[i]} needs a whole number ≥ 1, not '{value}'.");
            }
        }

        return line.Holdout is not null && line.Configuration == Configuration.Check
            ? (null, "check trains on the full data and tests on the test set: it takes no --holdout.")
            : (line, null);
    }
}
