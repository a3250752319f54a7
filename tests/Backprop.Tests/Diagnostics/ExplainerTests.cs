using System.Text.Json;
using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

/// <summary>
/// The explainer page's data (the worked examples' tables, docs/worked-examples.md), its limits and its refusals.
/// The page itself is opened in a browser by tests/Backprop.Browser.Tests.
/// </summary>
public sealed class ExplainerTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void The_2_2_1_page_data_holds_the_worked_example_tables()
    {
        // Given Example 1 (Table 1.1), explained with η = 1
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();

        // When its page data is written
        using var json = JsonDocument.Parse(Explainer.Capture(network, x, y, learningRate: 1.0, steps: 100).ToJson());
        var steps = json.RootElement.GetProperty("steps");

        // Then step 0 has Table 1.2's forward pass and cost, and Table 1.4's weights after the update
        var first = steps[0].GetProperty("layers");
        first[0].GetProperty("a")[0][0].GetDouble().Should().BeApproximately(0.6802671966986485, Tolerance);
        first[0].GetProperty("a")[1][0].GetDouble().Should().BeApproximately(0.6637386974043528, Tolerance);
        first[1].GetProperty("a")[0][0].GetDouble().Should().BeApproximately(0.6902834929076443, Tolerance);
        steps[0].GetProperty("cost").GetDouble().Should().BeApproximately(0.01810390383656677, Tolerance);
        Values(first[1].GetProperty("nw")).Should().Equal([0.27232596506128215, 0.8729983630089926], Close);
        Values(first[0].GetProperty("nw")).Should().Equal([0.09907092883919034, 0.7976109598722038, 0.39713992422755456, 0.592645519442283], Close);

        // And the 100th step's cost is Table 1.5's, its new weights Table 1.6's
        steps.GetArrayLength().Should().Be(100);
        steps[99].GetProperty("cost").GetDouble().Should().BeApproximately(3.266878922007038e-07, Tolerance);
        Values(steps[99].GetProperty("layers")[1].GetProperty("nw")).Should().Equal([-0.3004722542926405, 0.32533602822417995], Close);
        Values(steps[99].GetProperty("layers")[0].GetProperty("nw"))
            .Should().Equal([0.09949728657532442, 0.7987073083365487, 0.3565002802682637, 0.48814357783267737], Close);

        // And the layer without biases says so, and the input is Table 1.1's
        first[0].GetProperty("b").ValueKind.Should().Be(JsonValueKind.Null);
        Values(json.RootElement.GetProperty("x")).Should().Equal(0.35, 0.9);
    }

    [Fact]
    public void The_2_3_2_1_page_data_holds_the_worked_example_tables()
    {
        // Given Example 2 (Table 2.1)
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        // When its page data is written
        using var json = JsonDocument.Parse(Explainer.Capture(network, x, y, learningRate: 1.0).ToJson());
        var layers = json.RootElement.GetProperty("steps")[0].GetProperty("layers");

        // Then z, a and δ per layer are Tables 2.2 and 2.3's
        Values(layers[0].GetProperty("a")).Should().Equal([0.574442516811659, 0.6456563062257954, 0.7109495026250039], Close);
        Values(layers[1].GetProperty("z")).Should().Equal([1.7584893591113013, 0.5998603637138262], Close);
        Values(layers[1].GetProperty("a")).Should().Equal([0.8530203621302314, 0.6456243589944032], Close);
        Values(layers[2].GetProperty("a")).Should().Equal([0.7239260185576639], Close);
        Values(layers[2].GetProperty("delta")).Should().Equal([-0.055175355866110075], Close);
        Values(layers[1].GetProperty("delta")).Should().Equal([-0.0027670799368627675, -0.0063118826620709315], Close);
        Values(layers[0].GetProperty("delta")).Should().Equal([-0.0006278042006911604, -0.0007952632814490914, -0.0009009003478084829], Close);
        Values(layers[2].GetProperty("gw")).Should().Equal([-0.0470657020415736, -0.0356225537633454], Close);
        json.RootElement.GetProperty("steps")[0].GetProperty("cost").GetDouble().Should().BeApproximately(0.03810842161471166, Tolerance);

        // And BP3 is δ itself for one sample, and BP2's first factor is (W³)ᵀδ³ by hand: 0.4·δ³ and 0.5·δ³
        Values(layers[2].GetProperty("gb")).Should().Equal([-0.055175355866110075], Close);
        Values(layers[1].GetProperty("back")).Should().Equal([0.4 * -0.055175355866110075, 0.5 * -0.055175355866110075], Close);

        // And f′(z) of the sigmoid is a(1 − a) of Table 2.2's a
        var a3 = 0.7239260185576639;
        layers[2].GetProperty("fp")[0][0].GetDouble().Should().BeApproximately(a3 * (1 - a3), Tolerance);
    }

    [Fact]
    public void Each_replayed_step_is_the_trainers_own_and_the_finite_differences_agree_with_backprop()
    {
        // Given Example 2 and an independent replay: a fresh copy stepped by SGD with η = 0.5
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();
        var (reference, _, _) = WorkedExampleNetworks.TwoThreeTwoOne();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 1 };

        // When the explainer replays 5 steps
        var explainer = Explainer.Capture(network, x, y, learningRate: 0.5, steps: 5);
        using var json = JsonDocument.Parse(explainer.ToJson());

        // Then step k's weights before and after are the reference's after k and k + 1 updates, bit for bit
        for (var k = 0; k < 5; k++)
        {
            var step = json.RootElement.GetProperty("steps")[k].GetProperty("layers");
            for (var l = 0; l < 3; l++)
            {
                Values(step[l].GetProperty("w")).Should().Equal(reference.Layers[l].GetWeights().ToRowMajorArray());
            }

            trainer.Step(reference, x, y);
            for (var l = 0; l < 3; l++)
            {
                Values(step[l].GetProperty("nw")).Should().Equal(reference.Layers[l].GetWeights().ToRowMajorArray());
                Values(step[l].GetProperty("nb")).Should().Equal(reference.Layers[l].GetBiases()!.ToArray());
                Values(step[l].GetProperty("fdw")).Should().Equal(Values(step[l].GetProperty("gw")), (numeric, analytic) => Math.Abs(numeric - analytic) <= 1e-9);
                Values(step[l].GetProperty("fdb")).Should().Equal(Values(step[l].GetProperty("gb")), (numeric, analytic) => Math.Abs(numeric - analytic) <= 1e-9);
            }
        }

        // And the costs fall, and the network given is unchanged
        explainer.Costs.Should().BeInDescendingOrder();
        network.Layers[0].GetWeights()[0, 0].Should().Be(0.1);
    }

    [Fact]
    public void A_batch_gets_per_sample_deltas_and_costs_and_mean_gradients()
    {
        // Given a 2-3-2 softmax network with cross-entropy and three one-hot samples
        var network = new NetworkBuilder<double>(2).AddDense(3, Activation<double>.Tanh).AddDense(2, Activation<double>.Softmax)
            .WithLoss(Loss<double>.CategoricalCrossEntropy).WithSeed(3).Build();
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -1.0, 2.0 }, { 1.5, 0.25, -0.5 } });
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0, 1.0 }, { 0.0, 1.0, 0.0 } });

        // When it is explained
        using var json = JsonDocument.Parse(Explainer.Capture(network, x, y, 0.1, steps: 2).ToJson());
        var root = json.RootElement;
        var step = root.GetProperty("steps")[0];
        var output = step.GetProperty("layers")[1];

        // Then each sample has its own δ = a − y and its own cost −ln a_true (by hand from a), and C is their mean
        for (var s = 0; s < 3; s++)
        {
            for (var i = 0; i < 2; i++)
            {
                output.GetProperty("delta")[i][s].GetDouble().Should().BeApproximately(output.GetProperty("a")[i][s].GetDouble() - y[i, s], Tolerance);
            }

            var trueClass = y[0, s] == 1 ? 0 : 1;
            step.GetProperty("sampleCosts")[s].GetDouble().Should().BeApproximately(-Math.Log(output.GetProperty("a")[trueClass][s].GetDouble()), 1e-12);
        }

        step.GetProperty("cost").GetDouble().Should().BeApproximately(Values(step.GetProperty("sampleCosts")).Average(), Tolerance);

        // And ∂C/∂b is the mean of the samples' δ (BP3), and ∂C/∂w the mean of δ·a (BP4)
        for (var i = 0; i < 2; i++)
        {
            var deltas = Values(output.GetProperty("delta")[i]);
            output.GetProperty("gb")[i].GetDouble().Should().BeApproximately(deltas.Average(), Tolerance);
            var hidden = step.GetProperty("layers")[0].GetProperty("a");
            var expected = Enumerable.Range(0, 3).Average(s => deltas[s] * hidden[1][s].GetDouble());
            output.GetProperty("gw")[i][1].GetDouble().Should().BeApproximately(expected, Tolerance);
        }

        // And the formulas are the parts' own: softmax has no element-wise f′, the loss's δ is a − y
        output.GetProperty("fp").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("loss").GetProperty("outputDelta").GetString().Should().Be(Loss<double>.CategoricalCrossEntropy.OutputDeltaFormula);
        root.GetProperty("layers")[1].GetProperty("formula").GetString().Should().Be(Activation<double>.Softmax.Formula);
        root.GetProperty("layers")[0].GetProperty("derivative").GetString().Should().Be(Activation<double>.Tanh.DerivativeFormula);
    }

    [Fact]
    public void A_float_network_is_explained_in_its_own_precision()
    {
        // Given Example 1's network in float32
        var network = new Network<float>(
            new DenseLayer<float>(Matrix<float>.Build.DenseOfArray(new[,] { { 0.1f, 0.8f }, { 0.4f, 0.6f } }), Activation<float>.Sigmoid),
            new DenseLayer<float>(Matrix<float>.Build.DenseOfArray(new[,] { { 0.3f, 0.9f } }), Activation<float>.Sigmoid));
        var x = Matrix<float>.Build.DenseOfArray(new[,] { { 0.35f }, { 0.9f } });
        var y = Matrix<float>.Build.DenseOfArray(new[,] { { 0.5f } });

        // When it is explained
        var explainer = Explainer.Capture(network, x, y, 1.0, steps: 2);
        using var json = JsonDocument.Parse(explainer.ToJson());

        // Then the output is Table 1.2's to float precision, the weights are the floats given, and the check used h = 1e-3
        var output = json.RootElement.GetProperty("steps")[0].GetProperty("layers")[1];
        output.GetProperty("a")[0][0].GetDouble().Should().BeApproximately(0.6902834929076443, 1e-6);
        output.GetProperty("w")[0][0].GetDouble().Should().Be((double)0.3f);
        json.RootElement.GetProperty("gradientCheckStep").GetDouble().Should().Be(1e-3);
        Values(output.GetProperty("fdw")).Should().Equal(Values(output.GetProperty("gw")), (numeric, analytic) => Math.Abs(numeric - analytic) <= 1e-4);
    }

    [Fact]
    public void Capturing_changes_neither_the_network_nor_its_dropout_position()
    {
        // Given two identical networks with dropout
        Network<double> Make() => new NetworkBuilder<double>(3).AddDense(8, Activation<double>.Relu).AddDropout(0.5).AddDense(1, Activation<double>.Sigmoid).WithSeed(5).Build();
        var explained = Make();
        var untouched = Make();
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.9 }, { -0.4, 0.3 }, { 0.7, -0.2 } });
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 } });

        // When one is explained (its replay trains a copy with the same masks)
        var explainer = Explainer.Capture(explained, x, y, 0.5, steps: 3);

        // Then the next training step of each is the same, bit for bit: same weights, same dropout masks
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 2 };
        trainer.Step(explained, x, y).Should().Be(new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 2 }.Step(untouched, x, y));
        explained.Layers[0].GetWeights().Should().Be(untouched.Layers[0].GetWeights());

        // And the step explained used the masks of that next step: its W + ΔW is what the step made
        using var json = JsonDocument.Parse(explainer.ToJson());
        var first = json.RootElement.GetProperty("steps")[0].GetProperty("layers")[0];
        var after = untouched.Layers[0].GetWeights().ToRowMajorArray();
        Values(first.GetProperty("nw")).Should().Equal(after);
        Values(first.GetProperty("w")).Zip(Values(first.GetProperty("dw")), (w, dw) => w + dw).Should().Equal(after, (a, b) => Math.Abs(a - b) <= 1e-15);
    }

    [Fact]
    public void The_2_3_2_1_page_is_self_contained_and_under_200_KB()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();

        var html = Explainer.Capture(network, x, y, 1.0).ToHtml();

        System.Text.Encoding.UTF8.GetByteCount(html).Should().BeLessThan(200 * 1024);
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<script type=\"application/json\" id=\"explain-data\">");
        html.Should().NotContain("http://").And.NotContain("https://").And.NotContain("src=");
    }

    [Fact]
    public void A_custom_activation_whose_name_is_markup_cannot_break_out_of_the_page()
    {
        // Given a network whose activation calls itself "</script><b>" and writes "<i>" as its formula
        var network = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 1, 0.5), new MarkupActivation()));
        var x = Matrix<double>.Build.Dense(1, 1, 1.0);

        // When its page is made
        var html = Explainer.Capture(network, x, x, 0.1, steps: 1).ToHtml();

        // Then only the page's own two scripts close, and the names are in the data and the title escaped
        html.Split("</script>").Should().HaveCount(3);
        html.Should().NotContain("<b>").And.NotContain("<i>").And.Contain("&lt;/script&gt;&lt;b&gt;");
    }

    [Fact]
    public void A_network_with_more_than_64_nodes_in_a_layer_gets_a_summary_instead_of_a_drawing()
    {
        // Given a 100-input network (one layer too wide to draw)
        var network = new NetworkBuilder<double>(100).AddDense(65, Activation<double>.Relu).AddDense(3, Activation<double>.Sigmoid).WithSeed(1).Build();
        var x = Matrix<double>.Build.Dense(100, 2, (i, j) => (i + j) % 7 / 7.0);
        var y = Matrix<double>.Build.Dense(3, 2, (i, j) => (i + j) % 2);

        // When it is explained
        var explainer = Explainer.Capture(network, x, y, 0.1, steps: 5);
        using var json = JsonDocument.Parse(explainer.ToJson());

        // Then it is not drawn: no per-weight data, only costs and gradient norms, and the page stays small
        explainer.IsDrawn.Should().BeFalse();
        json.RootElement.GetProperty("drawn").GetBoolean().Should().BeFalse();
        var layer = json.RootElement.GetProperty("steps")[0].GetProperty("layers")[0];
        layer.TryGetProperty("w", out _).Should().BeFalse();
        layer.GetProperty("gradientNorm").GetDouble().Should().BeGreaterThan(0);
        System.Text.Encoding.UTF8.GetByteCount(explainer.ToHtml()).Should().BeLessThan(100 * 1024);
    }

    [Fact]
    public void Bad_input_throws_the_documented_exception_and_writes_nothing()
    {
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        var build = Matrix<double>.Build;
        var folder = Directory.CreateTempSubdirectory("explainer-");
        try
        {
            Explain(build.Dense(3, 1, 0.5), y).Should().Throw<ArgumentException>().WithMessage("*inputs*2 rows*3×1*");
            Explain(x, build.Dense(1, 2, 0.5)).Should().Throw<ArgumentException>().WithMessage("*targets*1 columns*got 2*");
            Explain(build.DenseOfArray(new[,] { { double.NaN }, { 0.9 } }), y).Should().Throw<ArgumentException>().WithMessage("*NaN*");
            Explain(build.Dense(2, 17, 0.5), build.Dense(1, 17, 0.5)).Should().Throw<ArgumentException>().WithMessage("*at most 16 samples*17*");
            FluentActions.Invoking(() => Explainer.Capture(network, x, y, 0.0)).Should().Throw<ArgumentOutOfRangeException>();
            FluentActions.Invoking(() => Explainer.Capture(network, x, y, 1.0, steps: 0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1 to 200*");
            FluentActions.Invoking(() => Explainer.Capture(network, x, y, 1.0, steps: 201)).Should().Throw<ArgumentOutOfRangeException>();
            FluentActions.Invoking(() => Explainer.Capture(network, null!, y, 1.0)).Should().Throw<ArgumentNullException>();

            var explainer = Explainer.Capture(network, x, y, 1.0, steps: 1);
            FluentActions.Invoking(() => explainer.SaveHtml(" ")).Should().Throw<ArgumentException>();
            FluentActions.Invoking(() => explainer.SaveHtml(Path.Combine(folder.FullName, "missing", "page.html"))).Should().Throw<DirectoryNotFoundException>();
            folder.EnumerateFileSystemInfos().Should().BeEmpty();

            explainer.SaveHtml(Path.Combine(folder.FullName, "page.html"));
            folder.EnumerateFiles().Select(file => file.Name).Should().Equal("page.html");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        Func<Explainer> Explain(Matrix<double> inputs, Matrix<double> targets) => () => Explainer.Capture(network, inputs, targets, 1.0);
    }

    [Fact]
    public void A_batch_without_samples_is_refused()
    {
        var (network, _, _) = WorkedExampleNetworks.TwoTwoOne();
        var empty = Matrix<double>.Build.Dense(2, 1).RemoveColumn(0);

        FluentActions.Invoking(() => Explainer.Capture(network, empty, Matrix<double>.Build.Dense(1, 1).RemoveColumn(0), 1.0))
            .Should().Throw<ArgumentException>().WithMessage("*no columns*");
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= Tolerance;

    // The numbers of a JSON array or array of rows, row by row.
    private static double[] Values(JsonElement element)
        => element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0 && element[0].ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().SelectMany(row => row.EnumerateArray().Select(value => value.GetDouble())).ToArray()
            : element.EnumerateArray().Select(value => value.GetDouble()).ToArray();

    private sealed class MarkupActivation : ElementwiseActivation<double>
    {
        public override string Name => "</script><b>";

        public override string Formula => "<i>";

        public override double Value(double weightedInput) => weightedInput;

        public override double Derivative(double weightedInput) => 1;
    }
}
