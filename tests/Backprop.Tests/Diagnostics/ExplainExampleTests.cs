using System.Runtime.CompilerServices;
using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Diagnostics;

/// <summary>
/// The example that samples/Explain ships (example/model.json and example/row.csv): still a model file the library
/// loads, and still the 2-3-2-1 worked example, so <c>dotnet run --project samples/Explain</c> explains Table 2.1's step.
/// </summary>
public sealed class ExplainExampleTests
{
    [Fact]
    public void The_shipped_example_model_is_the_2_3_2_1_worked_example()
    {
        // Given the sample's files
        var folder = Path.Combine(RepositoryRoot(), "samples", "Explain", "example");
        var (example, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        // When the model is loaded and the row read
        var model = Network<double>.Load(Path.Combine(folder, "model.json"));
        var row = File.ReadAllLines(Path.Combine(folder, "row.csv"));

        // Then its weights and biases are Table 2.1's, the row is its sample, and the explained cost is Table 2.2's
        for (var l = 0; l < 3; l++)
        {
            model.Layers[l].GetWeights().Should().Be(example.Layers[l].GetWeights());
            model.Layers[l].GetBiases()!.ToArray().Should().Equal(example.Layers[l].GetBiases()!.ToArray());
        }

        row.Should().Equal("x1,x2,y", "1.0,0.5,1");
        Explainer.Capture(model, x, y, 1.0, steps: 1).Costs[0].Should().BeApproximately(0.03810842161471166, 1e-12);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Backprop.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Backprop.sln was not found above " + thisFile);
    }
}
