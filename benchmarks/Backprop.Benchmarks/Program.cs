using BenchmarkDotNet.Running;

namespace Backprop.Benchmarks;

/// <summary>
/// Runs any subset of the benchmarks: <c>dotnet run -c Release -- --filter '*Gemm*'</c>
/// (see benchmarks/README.md for the command lines and the goals).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
