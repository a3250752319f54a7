using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.PeerComparison;

/// <summary>
/// Cold start: the first <c>Fit</c> + <c>Predict</c> in a fresh process (a child, the program re-invoked with a hidden
/// argument) against the same work again in the same, now warm, process: the second run, and the steady state (the
/// median of the runs after <see cref="WarmUpRuns"/> more; tiered compilation is still promoting the hot methods
/// during the second run, so the second run is slower than the steady state). The work: 500 rows × 30 features, two
/// classes, 30-32-2 (tanh, softmax with cross-entropy), Adam, batches of 32, 200 epochs, then predicting the 500 rows.
/// The child also reports its whole life up to the end of the cold run (runtime start-up included) by the process
/// timer. Run once with the runtime's defaults and once per JIT setting worth comparing (environment variables), each
/// in <see cref="Children"/> fresh processes, medians reported. Besides the elapsed times, the process's processor time
/// (all threads: the JIT's background compilations included), which a loaded machine disturbs less.
/// </summary>
internal static class ColdStart
{
    public const string ChildArgument = "--cold-start-child";

    private const int Rows = 500;
    private const int Features = 30;

    /// <summary>Fresh processes per setting; the figures are their medians.</summary>
    private const int Children = 5;

    /// <summary>The figures every child prints (<see cref="RunChild()"/>), each on a line of its own.</summary>
    private static readonly string[] ChildFigures = ["cold", "warm", "steady", "process", "cold_cpu", "warm_cpu", "steady_cpu"];

    /// <summary>Runs after the second before the steady-state ones.</summary>
    private const int WarmUpRuns = 2;

    /// <summary>Steady-state runs per child; their median is the child's steady-state figure.</summary>
    private const int SteadyRuns = 3;

    /// <summary>
    /// The runtime's settings compared: its defaults, and the environment variables an application can also set in
    /// its project (<c>TieredPGO</c>, <c>TieredCompilation</c>) or its runtimeconfig.json
    /// (<c>System.Runtime.TieredCompilation.CallCountingDelayMs</c>).
    /// </summary>
    private static readonly (string Name, (string Variable, string Value)[] Environment)[] Settings =
    [
        ("default", []),
        ("tiered_pgo_off", [("DOTNET_TieredPGO", "0")]),
        ("call_counting_delay_0", [("DOTNET_TC_CallCountingDelayMs", "0")]),
        ("tiered_pgo_off_call_counting_delay_0", [("DOTNET_TieredPGO", "0"), ("DOTNET_TC_CallCountingDelayMs", "0")]),
        ("tiered_compilation_off", [("DOTNET_TieredCompilation", "0")]),
    ];

    public static void Run()
    {
        foreach (var (name, environment) in Settings)
        {
            var with = environment.Length == 0 ? string.Empty : " with " + string.Join(" ", environment.Select(e => $"{e.Variable}={e.Value}"));
            Report.Note($"coldstart.{name}: child process{with}");
            var runs = Enumerable.Range(0, Children).Select(_ => RunChild(environment)).OfType<Dictionary<string, double>>().ToArray();
            if (runs.Length == 0)
            {
                continue;
            }

            double Median(string key) => Timing.Median([.. runs.Select(r => r[key])]);
            double MedianRatio(string numerator, string denominator) => Timing.Median([.. runs.Select(r => r[numerator] / r[denominator])]);
            Report.Figure($"coldstart.{name}.first_fit_predict_s", Median("cold"), "s", "0.000");
            Report.Figure($"coldstart.{name}.warm_fit_predict_s", Median("warm"), "s", "0.000");
            Report.Figure($"coldstart.{name}.process_to_end_of_first_s", Median("process"), "s", "0.000");
            Report.Figure($"coldstart.{name}.first_vs_warm", MedianRatio("cold", "warm"), "ratio", "0.00");
            Report.Figure($"coldstart.{name}.first_fit_predict_cpu_s", Median("cold_cpu"), "s", "0.000");
            Report.Figure($"coldstart.{name}.warm_fit_predict_cpu_s", Median("warm_cpu"), "s", "0.000");
            Report.Figure($"coldstart.{name}.first_vs_warm_cpu", MedianRatio("cold_cpu", "warm_cpu"), "ratio", "0.00");
            Report.Figure($"coldstart.{name}.steady_fit_predict_s", Median("steady"), "s", "0.000");
            Report.Figure($"coldstart.{name}.first_vs_steady", MedianRatio("cold", "steady"), "ratio", "0.00");
            Report.Figure($"coldstart.{name}.steady_fit_predict_cpu_s", Median("steady_cpu"), "s", "0.000");
            Report.Figure($"coldstart.{name}.first_vs_steady_cpu", MedianRatio("cold_cpu", "steady_cpu"), "ratio", "0.00");
        }
    }

    /// <summary>
    /// The child: the work timed once cold, once more (the second run), then <see cref="WarmUpRuns"/> untimed and
    /// <see cref="SteadyRuns"/> timed; the process's own age at the end of the first.
    /// </summary>
    public static void RunChild()
    {
        var (cold, coldCpu) = Measure(Work);
        var processSeconds = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var (warm, warmCpu) = Measure(Work);
        for (var run = 0; run < WarmUpRuns; run++)
        {
            Work();
        }

        var steady = Enumerable.Range(0, SteadyRuns).Select(_ => Measure(Work)).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady\t{Timing.Median([.. steady.Select(s => s.Elapsed)]):R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steady_cpu\t{Timing.Median([.. steady.Select(s => s.Processor)]):R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold\t{cold:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm\t{warm:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process\t{processSeconds:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_cpu\t{coldCpu:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm_cpu\t{warmCpu:R}"));
    }

    /// <summary>Elapsed and processor seconds (all the process's threads) of <paramref name="action"/>.</summary>
    private static (double Elapsed, double Processor) Measure(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var elapsed = Timing.Seconds(action);
        process.Refresh();
        return (elapsed, (process.TotalProcessorTime - before).TotalSeconds);
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

    private static Dictionary<string, double>? RunChild((string Variable, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(ChildArgument);
        foreach (var (variable, value) in environment)
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
        if (child.ExitCode != 0 || !ChildFigures.All(figures.ContainsKey))
        {
            Report.Note($"coldstart: the child failed (exit code {child.ExitCode})");
            return null;
        }

        return figures;
    }
}
