using System.Numerics;
using Backprop.Kernels;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// The library's matrix product <c>Gemm.Multiply</c>, <c>C = A·B</c> on square column-major
/// <c>n × n</c> matrices, one thread (and two at n = 1024). For context, a naive triple loop (n ≤ 256) and
/// MathNet's managed <c>Matrix.Multiply</c> on one thread (n = 256).
/// </summary>
/// <remarks>
/// A product is <c>2n³</c> floating-point operations; the GFLOP/s column divides that by the median time.
/// Goal: at least 80 % of one core's FMA peak (about 115 GFLOP/s float32, 57 float64 on the reference machine).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(GFlopsColumn.Config))]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBenchmarks<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private static readonly int[] Sizes = [64, 128, 256, 512, 1024];

    private readonly Dictionary<int, (T[] A, T[] B, T[] C)> _operands = [];
    private Matrix<T> _mathNetA = null!;
    private Matrix<T> _mathNetB = null!;
    private Matrix<T> _mathNetC = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        foreach (var n in Sizes)
        {
            _operands[n] = (RandomData.Array<T>(random, n * n), RandomData.Array<T>(random, n * n), new T[n * n]);
        }

        Control.UseManaged();
        Control.UseSingleThread();
        var (a, b, _) = _operands[256];
        _mathNetA = Matrix<T>.Build.Dense(256, 256, a);
        _mathNetB = Matrix<T>.Build.Dense(256, 256, b);
        _mathNetC = Matrix<T>.Build.Dense(256, 256);
    }

    [Benchmark]
    [Arguments(64)]
    [Arguments(128)]
    [Arguments(256)]
    [Arguments(512)]
    [Arguments(1024)]
    public void Backprop_Gemm(int n) => Multiply(n, threads: 1);

    [Benchmark]
    [Arguments(1024)]
    public void Backprop_Gemm_TwoThreads(int n) => Multiply(n, threads: 2);

    /// <summary>
    /// The textbook loop in the order that suits column-major storage (j, p, i: the inner loop walks a column
    /// of A and of C with unit stride); no blocking, no explicit SIMD.
    /// </summary>
    [Benchmark]
    [Arguments(64)]
    [Arguments(128)]
    [Arguments(256)]
    public void NaiveTripleLoop(int n)
    {
        var (a, b, c) = _operands[n];
        Array.Clear(c);
        for (var j = 0; j < n; j++)
        {
            var cColumn = c.AsSpan(j * n, n);
            for (var p = 0; p < n; p++)
            {
                var bpj = b[p + (j * n)];
                var aColumn = a.AsSpan(p * n, n);
                for (var i = 0; i < cColumn.Length; i++)
                {
                    cColumn[i] += aColumn[i] * bpj;
                }
            }
        }
    }

    [Benchmark]
    [Arguments(256)]
    public void MathNet_Managed(int n) => _mathNetA.Multiply(_mathNetB, _mathNetC);

    private void Multiply(int n, int threads)
    {
        var (a, b, c) = _operands[n];
        Gemm.Multiply(n, n, n, a, 0, 1, n, b, 0, 1, n, c, 0, n, accumulate: false, maxDegreeOfParallelism: threads);
    }
}
