using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.PeerComparison;

/// <summary>
/// Cold start: the first <c>Fit</c> + <c>Predict</c> in a fresh process (a child, the program re-invoked with a hidden
/// argument) against the same work again in the same, now warm, process. The work: 500 rows × 30 features, two
/// classes, 30-32-2 (tanh, softmax with cross-entropy), Adam, batches of 32, 200 epochs, then predicting the 500 rows.
/// The child also reports its whole life up to the end of the cold run (runtime start-up included) by the process
/// timer. Run once with the runtime's defaults and once per JIT setting worth comparing (environment variables).
/// </summary>
internal static class ColdStart
{
    public const string ChildArgument = "--cold-start-child";

    private const int Rows = 500;
    private const int Features = 30;

    private static readonly (string Name, string? Variable, string? Value)[] Settings =
    [
        ("default", null, null),
        ("tiered_pgo_off", "DOTNET_TieredPGO", "0"),
        ("tiered_compilation_off", "DOTNET_TieredCompilation", "0"),
    ];

    public static void Run()
    {
        foreach (var (name, variable, value) in Settings)
        {
            Report.Note($"coldstart.{name}: child process{(variable is null ? string.Empty : $" with {variable}={value}")}");
            var figures = RunChild(variable, value);
            if (figures is null)
            {
                continue;
            }

            Report.Figure($"coldstart.{name}.first_fit_predict_s", figures["cold"], "s", "0.000");
            Report.Figure($"coldstart.{name}.warm_fit_predict_s", figures["warm"], "s", "0.000");
            Report.Figure($"coldstart.{name}.process_to_end_of_first_s", figures["process"], "s", "0.000");
            Report.Figure($"coldstart.{name}.first_vs_warm", figures["cold"] / figures["warm"], "ratio", "0.00");
        }
    }

    /// <summary>The child: the work twice, timed, then the process's own age at the end of the first.</summary>
    public static void RunChild()
    {
        var cold = Timing.Seconds(Work);
        var processSeconds = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var warm = Timing.Seconds(Work);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold\t{cold:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm\t{warm:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process\t{processSeconds:R}"));
    }

    private static void Work()
    {
        var random = new Random(3);
        var inputs = Matrix<double>.Build.Dense(Features, Rows, (_, _) => (2 * random.NextDouble()) - 1);
        var targets = Matrix<double>.Build.Dense(2, Rows);
        for (var s = 0; s < Rows; s++)
        {
            var positive = inputs[0, s] + (0.5 * inputs[1, s]) - inputs[2, s] > 0;
            targets[positive ? 1 : 0, s] = 1;
        }

        var network = new NetworkBuilder<double>(Features)
            .AddDense(32, Activation<double>.Tanh)
            .AddDense(2, Activation<double>.Softmax)
            .WithLoss(Loss<double>.CategoricalCrossEntropy)
            .WithSeed(1)
            .Build();
        new Trainer<double>(new AdamOptimizer<double>(0.01)) { MiniBatchSize = 32, Epochs = 200, Seed = 1 }.Fit(network, inputs, targets);
        _ = network.Predict(inputs);
    }

    private static Dictionary<string, double>? RunChild(string? variable, string? value)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(ChildArgument);
        if (variable is not null)
        {
            start.Environment[variable] = value;
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var figures = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
        if (child.ExitCode != 0 || !figures.ContainsKey("cold") || !figures.ContainsKey("warm") || !figures.ContainsKey("process"))
        {
            Report.Note($"coldstart: the child failed (exit code {child.ExitCode})");
            return null;
        }

        return figures;
    }
}
