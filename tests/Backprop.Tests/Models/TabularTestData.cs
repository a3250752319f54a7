using System.Globalization;
using System.Runtime.CompilerServices;

namespace Backprop.Tests.Models;

/// <summary>The breast-cancer CSV the Tabular sample ships (samples/Tabular/data, CC BY 4.0, see its NOTICE), and small made-up tables.</summary>
internal static class TabularTestData
{
    /// <summary>The full path of samples/Tabular/data/breast-cancer.csv (569 rows, 30 features, "diagnosis").</summary>
    public static string BreastCancerCsv { get; } = Path.Combine(RepositoryRoot(), "samples", "Tabular", "data", "breast-cancer.csv");

    /// <summary>The breast-cancer rows and labels, read independently of the library (split on commas).</summary>
    public static (double[][] Rows, string[] Labels) BreastCancer()
    {
        var lines = File.ReadAllLines(BreastCancerCsv).Skip(1).ToArray();
        var rows = lines.Select(line => line.Split(',')[..^1].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var labels = lines.Select(line => line.Split(',')[^1]).ToArray();
        return (rows, labels);
    }

    /// <summary>A seeded 75/25 split of row indices, every fourth row (after a shuffle) to the test part.</summary>
    public static (int[] Train, int[] Test) Split(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return (order.Where((_, i) => i % 4 != 0).ToArray(), order.Where((_, i) => i % 4 == 0).ToArray());
    }

    /// <summary>Two well-separated blobs in 2-D: label "a" around (−2, −2), "b" around (2, 2).</summary>
    public static (double[][] Rows, string[] Labels) Blobs(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new double[count][];
        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            var b = i % 2 == 1;
            var centre = b ? 2.0 : -2.0;
            rows[i] = [centre + random.NextDouble() - 0.5, centre + random.NextDouble() - 0.5];
            labels[i] = b ? "b" : "a";
        }

        return (rows, labels);
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(path)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Backprop.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Backprop.sln was not found above " + path);
    }
}
