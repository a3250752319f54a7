using System.Numerics;
using Backprop.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>
/// Square matrix products <c>C = A·B</c>, <c>n × n</c>: Backprop's <c>Gemm.Multiply</c> (the kernel every
/// layer's products go through) against <c>torch.matmul</c>, on the same values, one and two threads.
/// A product is <c>2n³</c> floating-point operations.
/// </summary>
internal static class GemmComparison
{
    private const int Repetitions = 5;
    private const double SecondsPerRepetition = 0.25;

    public static void Run()
    {
        Run<float>("f32", ScalarType.Float32, tolerance: 1e-3);
        Run<double>("f64", ScalarType.Float64, tolerance: 1e-9);
    }

    private static void Run<T>(string type, ScalarType dtype, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var n in (int[])[256, 1024])
        {
            Report.Note($"gemm.{type}.n{n}");
            var random = new Random(n);
            var a = RandomValues<T>(random, n * n);
            var b = RandomValues<T>(random, n * n);
            var c = new T[n * n];

            // Backprop's arrays are column-major; the same arrays read row-major by torch are Aᵀ and Bᵀ, so
            // torch computes Bᵀ·Aᵀ = (A·B)ᵀ, whose row-major values are C's column-major values.
            using var torchA = TorchArrays.Tensor(a, [n, n]);
            using var torchB = TorchArrays.Tensor(b, [n, n]);
            if (n == 256)
            {
                Gemm.Multiply(n, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, accumulate: false, maxDegreeOfParallelism: 1);
                using var product = matmul(torchB, torchA);
                var torchC = product.data<T>().ToArray();
                Report.Check(
                    $"gemm.{type}.n{n}",
                    Report.MaxAbsoluteDifference([.. c.Select(double.CreateChecked)], [.. torchC.Select(double.CreateChecked)]),
                    tolerance);
            }

            var oneThreadGflops = 0.0;
            foreach (var threads in (int[])[1, 2])
            {
                torch.set_num_threads(threads);
                Action<int>[] candidates =
                [
                    count =>
                    {
                        for (var i = 0; i < count; i++)
                        {
                            Gemm.Multiply(n, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, accumulate: false, maxDegreeOfParallelism: threads);
                        }
                    },
                    count =>
                    {
                        for (var i = 0; i < count; i++)
                        {
                            using var product = matmul(torchB, torchA);
                        }
                    },
                ];
                int[] units = [.. candidates.Select(run => Timing.Calibrate(run, SecondsPerRepetition))];
                var medians = Timing.InterleavedMedians(Repetitions, candidates, units);
                var flops = 2.0 * n * n * n;
                Report.Figure($"gemm.{type}.n{n}.t{threads}.backprop.gflops", flops / medians[0] / 1e9, "GFLOP/s", "0.#");
                Report.Figure($"gemm.{type}.n{n}.t{threads}.torch.gflops", flops / medians[1] / 1e9, "GFLOP/s", "0.#");
                var gflops = flops / medians[0] / 1e9;
                if (threads == 1)
                {
                    oneThreadGflops = gflops;
                    Report.Figure($"gemm.{type}.n{n}.t1.backprop.fraction_of_ceiling", gflops / PeakFlops.CeilingGflops<T>(), "fraction", "0.000");

                    // Both in processor time as well (one thread each), which a loaded machine's lost time slices do not skew.
                    var processor = Timing.InterleavedProcessorTimeMedians(Repetitions, candidates, units);
                    Report.Figure($"gemm.{type}.n{n}.t1.backprop.cpu_gflops", flops / processor[0] / 1e9, "GFLOP/s", "0.#");
                    Report.Figure(
                        $"gemm.{type}.n{n}.t1.backprop.fraction_of_ceiling.cpu",
                        flops / processor[0] / 1e9 / PeakFlops.CeilingGflopsInProcessorTime<T>(), "fraction", "0.000");
                }
                else
                {
                    Report.Figure($"gemm.{type}.n{n}.t{threads}_vs_t1.backprop.speedup", gflops / oneThreadGflops, "ratio", "0.000");
                }
            }
        }
    }

    private static T[] RandomValues<T>(Random random, int count)
        where T : struct, IFloatingPointIeee754<T>
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = T.CreateChecked((2 * random.NextDouble()) - 1);
        }

        return values;
    }
}
