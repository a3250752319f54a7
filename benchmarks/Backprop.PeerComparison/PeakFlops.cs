using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Backprop.Kernels;

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

    private static (double F32, double F64)? _measured;
    private static (double F32, double F64)? _measuredInProcessorTime;

    /// <summary>One core's FMA ceiling in GFLOP/s for the element type (measured by <see cref="Run"/>, which runs first if it has not).</summary>
    public static double CeilingGflops<T>()
    {
        if (_measured is null)
        {
            Run();
        }

        return typeof(T) == typeof(float) ? _measured!.Value.F32 : _measured!.Value.F64;
    }

    /// <summary>The same ceiling timed in processor time (<see cref="Timing.ProcessorSeconds"/>), robust to a loaded machine.</summary>
    public static double CeilingGflopsInProcessorTime<T>()
    {
        if (_measuredInProcessorTime is null)
        {
            Run();
        }

        return typeof(T) == typeof(float) ? _measuredInProcessorTime!.Value.F32 : _measuredInProcessorTime!.Value.F64;
    }

    public static void Run()
    {
        Report.Note("peak: FMA ceiling, one thread");
        var (f32, cpuF32) = Measure("Vector256<float>", Fma<float, Vector256<float>, Vector256Operations<float>>, Vector256<float>.Count);
        var (f64, cpuF64) = Measure("Vector256<double>", Fma<double, Vector256<double>, Vector256Operations<double>>, Vector256<double>.Count);
        if (Vector512.IsHardwareAccelerated)
        {
            var (wide32, cpuWide32) = Measure("Vector512<float>", Fma<float, Vector512<float>, Vector512Operations<float>>, Vector512<float>.Count);
            var (wide64, cpuWide64) = Measure("Vector512<double>", Fma<double, Vector512<double>, Vector512Operations<double>>, Vector512<double>.Count);
            (f32, cpuF32) = (Math.Max(f32, wide32), Math.Max(cpuF32, cpuWide32));
            (f64, cpuF64) = (Math.Max(f64, wide64), Math.Max(cpuF64, cpuWide64));
        }

        _measured = (f32, f64);
        _measuredInProcessorTime = (cpuF32, cpuF64);
        Report.Figure("peak.f32.gflops_per_core", f32, "GFLOP/s", "0.#");
        Report.Figure("peak.f64.gflops_per_core", f64, "GFLOP/s", "0.#");
        Report.Figure("peak.f32.cpu_gflops_per_core", cpuF32, "GFLOP/s", "0.#");
        Report.Figure("peak.f64.cpu_gflops_per_core", cpuF64, "GFLOP/s", "0.#");
    }

    /// <summary>The rate in elapsed time and in processor time, each the best repetition's.</summary>
    private static (double Elapsed, double Processor) Measure(string name, Func<long, double> kernel, int lanes)
    {
        var sink = 0.0;
        Action<int> run = millions => sink += kernel(millions * 1_000_000L);
        var units = Timing.Calibrate(run, 0.2);
        // A ceiling: background load can only lower a repetition's rate, so the best repetition counts.
        var secondsPerMillion = double.PositiveInfinity;
        var processorSecondsPerMillion = double.PositiveInfinity;
        for (var r = 0; r < Repetitions; r++)
        {
            secondsPerMillion = Math.Min(secondsPerMillion, Timing.Seconds(() => run(units)) / units);
            processorSecondsPerMillion = Math.Min(processorSecondsPerMillion, Timing.ProcessorSeconds(() => run(units)) / units);
        }

        if (double.IsNaN(sink))
        {
            Report.Note("peak: accumulators went NaN");
        }

        // Each iteration: Chains FMAs of `lanes` lanes, 2 flops each.
        var gflops = Chains * lanes * 2.0 * 1e6 / secondsPerMillion / 1e9;
        var processorGflops = Chains * lanes * 2.0 * 1e6 / processorSecondsPerMillion / 1e9;
        Report.Note($"peak: {name} {gflops:0.#} GFLOP/s ({processorGflops:0.#} in processor time)");
        return (gflops, processorGflops);
    }

    /// <summary>
    /// Twelve chains of <c>acc = acc·m + c</c>, <paramref name="iterations"/> steps each, in the vector type of
    /// <typeparamref name="TOps"/> (the library's own operations structs, so the FMA is the one its kernels use).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Fma<T, TVector, TOps>(long iterations)
        where T : struct, IFloatingPointIeee754<T>
        where TVector : struct
        where TOps : struct, IVectorOperations<TVector, T>
    {
        var m = TOps.Broadcast(T.CreateChecked(0.999999));
        var c = TOps.Broadcast(T.CreateChecked(1e-6));
        TVector a0 = c, a1 = Step(c, 2), a2 = Step(c, 3), a3 = Step(c, 4), a4 = Step(c, 5), a5 = Step(c, 6);
        TVector a6 = Step(c, 7), a7 = Step(c, 8), a8 = Step(c, 9), a9 = Step(c, 10), a10 = Step(c, 11), a11 = Step(c, 12);
        for (var i = 0L; i < iterations; i++)
        {
            a0 = TOps.MultiplyAdd(a0, m, c);
            a1 = TOps.MultiplyAdd(a1, m, c);
            a2 = TOps.MultiplyAdd(a2, m, c);
            a3 = TOps.MultiplyAdd(a3, m, c);
            a4 = TOps.MultiplyAdd(a4, m, c);
            a5 = TOps.MultiplyAdd(a5, m, c);
            a6 = TOps.MultiplyAdd(a6, m, c);
            a7 = TOps.MultiplyAdd(a7, m, c);
            a8 = TOps.MultiplyAdd(a8, m, c);
            a9 = TOps.MultiplyAdd(a9, m, c);
            a10 = TOps.MultiplyAdd(a10, m, c);
            a11 = TOps.MultiplyAdd(a11, m, c);
        }

        var total = TOps.Add(TOps.Add(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)), TOps.Add(TOps.Add(a4, a5), TOps.Add(a6, a7))),
            TOps.Add(TOps.Add(a8, a9), TOps.Add(a10, a11)));
        var lanes = new T[TOps.Count];
        TOps.Store(total, ref lanes[0], 0);
        var sum = 0.0;
        foreach (var lane in lanes)
        {
            sum += double.CreateChecked(lane);
        }

        return sum;

        static TVector Step(TVector start, int multiple) => TOps.Multiply(start, TOps.Broadcast(T.CreateChecked(multiple)));
    }
}
