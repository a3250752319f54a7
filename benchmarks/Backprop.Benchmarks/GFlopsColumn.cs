using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Backprop.Benchmarks;

/// <summary>
/// A summary column BenchmarkDotNet does not have: the speed of a square <c>n × n</c> matrix product in
/// GFLOP/s, counting <c>2n³</c> floating-point operations (n³ multiplies and n³ adds) per product and
/// dividing by the <em>median</em> time. Reads <c>n</c> from the benchmark's argument or parameter named n.
/// </summary>
public sealed class GFlopsColumn : IColumn
{
    public string Id => nameof(GFlopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "2n³ floating-point operations divided by the median time (n: the matrix size)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var medianNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        var size = benchmarkCase.Parameters.Items.FirstOrDefault(parameter => parameter.Name == "n")?.Value;
        if (medianNanoseconds is not > 0 || size is not int n)
        {
            return "NA";
        }

        var gigaFlopsPerSecond = 2.0 * n * n * n / medianNanoseconds.Value;
        return gigaFlopsPerSecond.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;

    /// <summary>The configuration that adds this column: <c>[Config(typeof(GFlopsColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new GFlopsColumn());
    }
}
