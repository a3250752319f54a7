using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.PeerComparison;

/// <summary>
/// One core's fused multiply-add ceiling, measured: twelve independent accumulator chains of
/// <c>acc = acc·m + c</c> (enough to cover the FMA latency on every port), single thread, in
/// <see cref="Vector256{T}"/> and, where accelerated, <see cref="Vector512{T}"/>; the faster width and the best of
/// seven repetitions count.
/// A product of matrices cannot beat this, so GEMM figures can be read as a fraction of it.
/// </summary>
internal static class PeakFlops
{
    private const int Chains = 12;
    private const int Repetitions = 7;

    public static void Run()
    {
        Report.Note("peak: FMA ceiling, one thread");
        var f32 = Measure("Vector256<float>", Fma256Single, Vector256<float>.Count);
        var f64 = Measure("Vector256<double>", Fma256Double, Vector256<double>.Count);
        if (Vector512.IsHardwareAccelerated)
        {
            f32 = Math.Max(f32, Measure("Vector512<float>", Fma512Single, Vector512<float>.Count));
            f64 = Math.Max(f64, Measure("Vector512<double>", Fma512Double, Vector512<double>.Count));
        }

        Report.Figure("peak.f32.gflops_per_core", f32, "GFLOP/s", "0.#");
        Report.Figure("peak.f64.gflops_per_core", f64, "GFLOP/s", "0.#");
    }

    private static double Measure(string name, Func<long, double> kernel, int lanes)
    {
        var sink = 0.0;
        Action<int> run = millions => sink += kernel(millions * 1_000_000L);
        var units = Timing.Calibrate(run, 0.2);
        // A ceiling: background load can only lower a repetition's rate, so the best repetition counts.
        var secondsPerMillion = double.PositiveInfinity;
        for (var r = 0; r < Repetitions; r++)
        {
            secondsPerMillion = Math.Min(secondsPerMillion, Timing.Seconds(() => run(units)) / units);
        }

        if (double.IsNaN(sink))
        {
            Report.Note("peak: accumulators went NaN");
        }

        // Each iteration: Chains FMAs of `lanes` lanes, 2 flops each.
        var gflops = Chains * lanes * 2.0 * 1e6 / secondsPerMillion / 1e9;
        Report.Note($"peak: {name} {gflops:0.#} GFLOP/s");
        return gflops;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma256Single(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var c = Vector256.Create(1e-6f);
        Vector256<float> a0 = c, a1 = c * 2, a2 = c * 3, a3 = c * 4, a4 = c * 5, a5 = c * 6;
        Vector256<float> a6 = c * 7, a7 = c * 8, a8 = c * 9, a9 = c * 10, a10 = c * 11, a11 = c * 12;
        for (var i = 0L; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma256Double(long iterations)
    {
        var m = Vector256.Create(0.999999);
        var c = Vector256.Create(1e-6);
        Vector256<double> a0 = c, a1 = c * 2, a2 = c * 3, a3 = c * 4, a4 = c * 5, a5 = c * 6;
        Vector256<double> a6 = c * 7, a7 = c * 8, a8 = c * 9, a9 = c * 10, a10 = c * 11, a11 = c * 12;
        for (var i = 0L; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma512Single(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = c, a1 = c * 2, a2 = c * 3, a3 = c * 4, a4 = c * 5, a5 = c * 6;
        Vector512<float> a6 = c * 7, a7 = c * 8, a8 = c * 9, a9 = c * 10, a10 = c * 11, a11 = c * 12;
        for (var i = 0L; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma512Double(long iterations)
    {
        var m = Vector512.Create(0.999999);
        var c = Vector512.Create(1e-6);
        Vector512<double> a0 = c, a1 = c * 2, a2 = c * 3, a3 = c * 4, a4 = c * 5, a5 = c * 6;
        Vector512<double> a6 = c * 7, a7 = c * 8, a8 = c * 9, a9 = c * 10, a10 = c * 11, a11 = c * 12;
        for (var i = 0L; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
