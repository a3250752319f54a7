using System.Runtime.CompilerServices;

namespace Backprop.Tests.Models;

/// <summary>
/// The README's app path, line for line: the README's first C# block runs here for real on the shipped
/// breast-cancer CSV (copied beside the tests), and the test checks that each line of the block is a line of this
/// file and that it needs one <c>using</c>.
/// </summary>
public sealed class ReadmeAppPathTests
{
    [Fact]
    public void The_readme_app_path_fits_the_breast_cancer_csv_predicts_a_row_and_saves_the_model()
    {
        // --- README app path (keep in sync with README.md) ---
        // breast-cancer.csv: a header, 30 numeric columns and "diagnosis"; an empty or NA cell would be refused (or imputed).
        var model = Classifier<string>.FitCsv("breast-cancer.csv", labelColumn: "diagnosis");
        Console.WriteLine(model.Summary());                           // classes, preprocessing, layers, how training ended

        double[] row = [17.99, 10.38, 122.8, 1001, 0.1184, 0.2776, 0.3001, 0.1471, 0.2419, 0.07871, 1.095, 0.9053, 8.589, 153.4, 0.006399,
            0.04904, 0.05373, 0.01587, 0.03003, 0.006193, 25.38, 17.33, 184.6, 2019, 0.1622, 0.6656, 0.7119, 0.2654, 0.4601, 0.1189];
        string label = model.Predict(row);                            // "malignant"
        double[] probabilities = model.PredictProbabilities(row);     // in the order of model.Classes: benign, malignant

        model.Save("breast-cancer.model.json");                       // preprocessing, classes and network in one checked file
        var loaded = Classifier<string>.Load("breast-cancer.model.json");
        model.SaveOnnx("breast-cancer.onnx");                         // Backprop.Onnx: preprocessing as ONNX nodes, probabilities and class index
        // --- end of app path ---

        try
        {
            // The row is the file's first, labelled "malignant"
            label.Should().Be("malignant");
            model.Classes.Should().Equal("benign", "malignant");
            probabilities[1].Should().BeGreaterThan(0.5);
            probabilities.Sum().Should().BeApproximately(1, 1e-15);
            loaded.PredictProbabilities(row).Should().Equal(probabilities);
            new FileInfo("breast-cancer.onnx").Length.Should().BeGreaterThan(0);
            model.ScoreCsv("breast-cancer.csv", "diagnosis").Should().BeGreaterThan(0.97, "the model is scored on its own training rows");
        }
        finally
        {
            File.Delete("breast-cancer.model.json");
            File.Delete("breast-cancer.onnx");
        }
    }

    [Fact]
    public void Every_line_of_the_readme_app_path_is_in_this_test_and_it_needs_one_using()
    {
        // Given the README's first C# block and this file
        var block = ReadmeQuickStartTests.CodeBlock(ReadmeQuickStartTests.FirstCodeBlockLine());
        var source = File.ReadAllLines(ThisFile()).Select(line => line.Trim()).ToHashSet();

        // Then it is the app path, its one using is Backprop's, and every other line is here
        block.Where(line => line.StartsWith("using ", StringComparison.Ordinal)).Should().Equal("using Backprop;");
        block.Where(line => !line.StartsWith("using ", StringComparison.Ordinal)).Should().OnlyContain(line => source.Contains(line));
        block.Should().Contain(line => line.Contains("Classifier<string>.FitCsv(", StringComparison.Ordinal));
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
