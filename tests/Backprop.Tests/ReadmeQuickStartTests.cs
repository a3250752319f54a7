using System.Runtime.CompilerServices;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests;

/// <summary>
/// The README's quick start, line for line: the test reads the README's first C# block and checks that each of
/// its lines is a line of this file and that it needs only the two <c>using</c> lines it shows, so that the README
/// cannot drift from what compiles and works.
/// </summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void The_readme_quick_start_learns_xor_and_saves_the_model()
    {
        // --- README quick start (keep in sync with README.md) ---
        // XOR: one column per sample.
        var inputs = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { 0, 0, 1, 1 },
            { 0, 1, 0, 1 },
        });
        var targets = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

        var network = new NetworkBuilder<double>(inputSize: 2)
            .AddDense(3, Activation<double>.Sigmoid)
            .AddDense(1, Activation<double>.Sigmoid)
            .WithSeed(7)
            .Build();
        Console.WriteLine(network.Summary());                      // layers, shapes, parameters

        var trainer = new Trainer<double>(new SgdOptimizer<double>(learningRate: 3.0)) { MiniBatchSize = 4, Epochs = 3000, Seed = 1 };
        TrainingHistory history = trainer.Fit(network, inputs, targets); // history.Losses: the cost of each epoch

        Matrix<double> predictions = network.Predict(inputs);      // 1×4, close to 0 1 1 0
        network.Save("xor.json");                                  // versioned JSON, written atomically
        var restored = Network<double>.Load("xor.json");           // predicts the same bits
        // --- end of quick start ---

        try
        {
            history.Losses[^1].Should().BeLessThan(history.Losses[0] / 10);
            predictions.Row(0).Select(p => p > 0.5 ? 1.0 : 0.0).Should().Equal(0, 1, 1, 0);
            restored.Predict(inputs).ToColumnMajorArray().Should().Equal(predictions.ToColumnMajorArray());
        }
        finally
        {
            File.Delete("xor.json");
        }
    }

    [Fact]
    public void Every_line_of_the_readme_quick_start_is_in_this_test_and_it_needs_two_usings()
    {
        // Given the README's quick start (the first C# block under "## Quick start"; the first of all is the app path,
        // which Models/ReadmeAppPathTests checks) and this file
        var readme = File.ReadAllLines(RepositoryFiles.Readme());
        var block = CodeBlock(Array.FindIndex(readme, Array.FindIndex(readme, line => line.Trim() == "## Quick start"), line => line.Trim() == "```csharp"));
        var source = File.ReadAllLines(ThisFile()).Select(line => line.Trim()).ToHashSet();

        // Then its usings are the two a first program needs, and every other line is here
        block.Where(line => line.StartsWith("using ", StringComparison.Ordinal)).Should().Equal("using Backprop;", "using MathNet.Numerics.LinearAlgebra;");
        block.Where(line => !line.StartsWith("using ", StringComparison.Ordinal)).Should().OnlyContain(line => source.Contains(line));
        block.Should().Contain(line => line.Contains("network.Save(", StringComparison.Ordinal));
    }

    /// <summary>The README's line index of its first C# block.</summary>
    internal static int FirstCodeBlockLine() => Array.FindIndex(File.ReadAllLines(RepositoryFiles.Readme()), line => line.Trim() == "```csharp");

    /// <summary>The trimmed, non-empty lines of the README's C# block that starts at line index <paramref name="start"/>.</summary>
    internal static string[] CodeBlock(int start)
    {
        var readme = File.ReadAllLines(RepositoryFiles.Readme());
        start.Should().BeGreaterThanOrEqualTo(0, "the README has the block");
        var end = Array.FindIndex(readme, start + 1, line => line.Trim() == "```");
        return readme[(start + 1)..end].Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
