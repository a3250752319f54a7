using System.Text.Json;
using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Diagnostics;

/// <summary>The explain trace of Example 1 of docs/worked-examples.md (2-2-1, sigmoid, no biases, η = 1).</summary>
public sealed class ExplainTraceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void The_trace_of_the_2_2_1_example_equals_the_worked_example_table()
    {
        // Given the example's network and sample (Table 1.1)
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();

        // When one step is explained with η = 1
        var trace = ExplainTrace.Capture(network, x, y, learningRate: 1.0);

        // Then the forward quantities and the cost are Table 1.2's
        trace.Layers[0].Activation[0][0].Should().BeApproximately(0.6802671966986485, Tolerance);
        trace.Layers[0].Activation[1][0].Should().BeApproximately(0.6637386974043528, Tolerance);
        trace.Layers[1].Activation[0][0].Should().BeApproximately(0.6902834929076443, Tolerance);
        trace.Cost.Should().BeApproximately(0.01810390383656677, Tolerance);

        // And W + ΔW are the weights after one SGD step of Table 1.4
        (0.3 + trace.Layers[1].WeightUpdate[0][0]).Should().BeApproximately(0.27232596506128215, Tolerance);
        (0.9 + trace.Layers[1].WeightUpdate[0][1]).Should().BeApproximately(0.8729983630089926, Tolerance);
        (0.1 + trace.Layers[0].WeightUpdate[0][0]).Should().BeApproximately(0.09907092883919034, Tolerance);
        (0.8 + trace.Layers[0].WeightUpdate[0][1]).Should().BeApproximately(0.7976109598722038, Tolerance);
        (0.4 + trace.Layers[0].WeightUpdate[1][0]).Should().BeApproximately(0.39713992422755456, Tolerance);
        (0.6 + trace.Layers[0].WeightUpdate[1][1]).Should().BeApproximately(0.592645519442283, Tolerance);

        // And the texts' numbering and equations are used, and the network itself is unchanged
        trace.Layers.Select(layer => layer.Layer).Should().Equal(1, 2);
        trace.ToText().Should().Contain("(BP1)").And.Contain("(BP2)").And.Contain("(BP4)").And.Contain("ΔW[1]");
        network.Layers[0].GetWeights()[0, 0].Should().Be(0.1);
    }

    [Fact]
    public void The_json_form_holds_the_same_numbers_as_the_trace()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        var trace = ExplainTrace.Capture(network, x, y, 1.0);

        using var json = JsonDocument.Parse(trace.ToJson());

        var layers = json.RootElement.GetProperty("Layers");
        layers.GetArrayLength().Should().Be(2);
        layers[1].GetProperty("Delta")[0][0].GetDouble().Should().Be(trace.Layers[1].Delta[0][0]);
        json.RootElement.GetProperty("Cost").GetDouble().Should().Be(trace.Cost);
    }
}
