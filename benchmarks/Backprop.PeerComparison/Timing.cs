using System.Diagnostics;

namespace Backprop.PeerComparison;

/// <summary>Repetitions interleaved between the candidates (so background load hits all alike), medians per candidate.</summary>
internal static class Timing
{
    /// <summary>Seconds of single units every candidate runs before it is calibrated.</summary>
    private const double WarmUpSeconds = 0.5;

    /// <summary>
    /// How many units of work make one repetition last about <paramref name="targetSeconds"/>; also warms the
    /// code up (the JIT's tiers, torch's first-call set-up): single units for <see cref="WarmUpSeconds"/> first, so that
    /// a first call still at tier 0 does not set the count (a 1,000-sample batch through 784-100-10 takes about 100 ms
    /// in its first three calls, 80 times its steady time, which once made a repetition two calls long).
    /// </summary>
    public static int Calibrate(Action<int> run, double targetSeconds, int maxUnits = int.MaxValue / 2)
    {
        var warmUp = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warmUp).TotalSeconds < WarmUpSeconds)
        {
            run(1);
        }

        var units = 1;
        while (true)
        {
            var seconds = Seconds(() => run(units));
            if (seconds >= targetSeconds / 4 || units >= maxUnits)
            {
                // One more run at the final size finishes the warm-up.
                var final = (int)Math.Clamp(units * targetSeconds / Math.Max(seconds, 1e-9), 1, maxUnits);
                run(final);
                return final;
            }

            units = (int)Math.Min((long)units * 4, maxUnits);
        }
    }

    /// <summary>
    /// Runs every candidate <paramref name="repetitions"/> times, round-robin, and returns each one's median
    /// seconds per unit (a candidate runs <c>units[i]</c> units per repetition).
    /// </summary>
    public static double[] InterleavedMedians(int repetitions, IReadOnlyList<Action<int>> candidates, IReadOnlyList<int> units)
    {
        var samples = new double[candidates.Count][];
        for (var c = 0; c < candidates.Count; c++)
        {
            samples[c] = new double[repetitions];
        }

        for (var r = 0; r < repetitions; r++)
        {
            for (var c = 0; c < candidates.Count; c++)
            {
                var count = units[c];
                var run = candidates[c];
                samples[c][r] = Seconds(() => run(count)) / count;
            }
        }

        return [.. samples.Select(Median)];
    }

    /// <summary>
    /// As <see cref="InterleavedMedians"/>, but in the process's processor time instead of elapsed time: for candidates that
    /// run on the calling thread alone, a figure that time slices lost to other processes on a loaded machine do not inflate
    /// (the caches they disturb still count).
    /// </summary>
    public static double[] InterleavedProcessorTimeMedians(int repetitions, IReadOnlyList<Action<int>> candidates, IReadOnlyList<int> units)
    {
        var samples = new double[candidates.Count][];
        for (var c = 0; c < candidates.Count; c++)
        {
            samples[c] = new double[repetitions];
        }

        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < repetitions; r++)
        {
            for (var c = 0; c < candidates.Count; c++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                candidates[c](units[c]);
                process.Refresh();
                samples[c][r] = (process.TotalProcessorTime - before).TotalSeconds / units[c];
            }
        }

        return [.. samples.Select(Median)];
    }

    /// <summary>
    /// Runs two candidates once each, taking turns: <paramref name="first"/> first on even repetitions, second on odd
    /// ones, so that a change in background load does not always hit the same one.
    /// </summary>
    public static void InTurns(int repetition, Action first, Action second)
    {
        if (repetition % 2 == 0)
        {
            first();
            second();
        }
        else
        {
            second();
            first();
        }
    }

    /// <summary>The process's processor time, in seconds, that <paramref name="action"/> takes.</summary>
    public static double ProcessorSeconds(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    public static double Seconds(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
