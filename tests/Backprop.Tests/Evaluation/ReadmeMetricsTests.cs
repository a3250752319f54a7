using System.Runtime.CompilerServices;
using Backprop.Data;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Evaluation;

/// <summary>
/// The README's "Metrics and model selection" example, line for line: the test runs it, and checks that every line of
/// the section's C# block is a line of this file, so the README cannot drift from what compiles and works.
/// </summary>
public sealed class ReadmeMetricsTests
{
    private const string Section = "## Metrics and model selection";

    [Fact]
    public void The_readme_metrics_example_runs_and_gives_the_numbers_it_states()
    {
        // Given 30 samples of three classes, each a cluster around its own point
        var data = Clusters();

        // --- README metrics example (keep in sync with README.md) ---
        string[] actual = ["cat", "dog", "dog", "bird", "cat"];
        string[] predicted = ["cat", "cat", "dog", "bird", "dog"];
        Console.Write(Metrics.ClassificationReport(actual, predicted).ToText());   // precision, recall, f1-score, support
        Console.Write(Metrics.ConfusionMatrix(actual, predicted).ToTable());       // rows: actual, columns: predicted
        double auc = Metrics.RocAuc([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);   // 0.75
        double r2 = Metrics.R2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);                    // 0.9486…

        TrainTestIndices split = ModelSelection.StratifiedSplit(data.Labels, testFraction: 0.25, seed: 1);
        var (training, test) = data.Split(split);                                  // a LabeledDataset per part
        CrossValidationResult scores = ModelSelection.CrossValidate(
            ModelSelection.StratifiedKFold(data.Labels, folds: 3, seed: 1),
            fold => FitAndScore(data.Split(fold)));                                // train on fold.Train, score on fold.Test
        Console.WriteLine(scores);                                                 // mean ± standard deviation over 3 folds
        // --- end of README metrics example ---

        // Then the numbers are those the comments state (worked in ScoreMetricsTests and RegressionMetricsTests)
        auc.Should().Be(0.75);
        r2.Should().BeApproximately(0.9486081370449679, 1e-15);

        // And ⌊30 · 0.25⌋ = 7 test samples aimed at, per class ⌊10 · 0.25⌋ = 2 plus one by remainder: 3, 2, 2
        test.Count.Should().Be(7);
        training.Count.Should().Be(23);
        test.Labels.GroupBy(l => l).Select(g => g.Count()).Order().Should().Equal(2, 2, 3);

        // And the clusters are easy: every fold scores well
        scores.Scores.Should().HaveCount(3).And.OnlyContain(score => score >= 0.9);
    }

    [Fact]
    public void Every_line_of_the_readme_metrics_example_is_in_this_test()
    {
        // Given the first C# block after the section's heading, and this file
        var readme = File.ReadAllLines(RepositoryFiles.Readme());
        var heading = Array.IndexOf(readme, Section);
        heading.Should().BePositive("the README has the section {0}", Section);
        var start = Array.FindIndex(readme, heading, line => line.Trim() == "```csharp");
        var end = Array.FindIndex(readme, start + 1, line => line.Trim() == "```");
        var block = readme[(start + 1)..end].Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        var source = File.ReadAllLines(ThisFile()).Select(line => line.Trim()).ToHashSet();

        // Then every line of it is here
        block.Should().NotBeEmpty().And.OnlyContain(line => source.Contains(line));
    }

    /// <summary>Trains a small softmax network on the training part and returns its accuracy on the other part.</summary>
    private static double FitAndScore((LabeledDataset<double> Training, LabeledDataset<double> Validation) parts)
    {
        var network = new NetworkBuilder<double>(inputSize: 2)
            .AddDense(8, Activation<double>.Tanh)
            .AddDense(3, Activation<double>.Softmax)
            .WithLoss(Loss<double>.CategoricalCrossEntropy)
            .WithSeed(3)
            .Build();
        var trainer = new Trainer<double>(new AdamOptimizer<double>(0.05)) { MiniBatchSize = 8, Epochs = 60, Seed = 2 };
        trainer.Fit(network, parts.Training);
        return Metrics.Accuracy(network.Predict(parts.Validation.Inputs), parts.Validation.Targets);
    }

    /// <summary>10 samples per class k = 0, 1, 2 around (3k, −3k), ±0.5 in a seeded pattern, in class order.</summary>
    private static LabeledDataset<double> Clusters()
    {
        var random = new Random(9);
        var labels = Enumerable.Range(0, 30).Select(j => j / 10).ToArray();
        var inputs = Matrix<double>.Build.Dense(2, 30, (i, j) => ((i == 0 ? 3 : -3) * labels[j]) + random.NextDouble() - 0.5);
        return new LabeledDataset<double>(inputs, labels, ["a", "b", "c"]);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
