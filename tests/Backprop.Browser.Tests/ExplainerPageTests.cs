using System.Globalization;
using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Backprop.Browser.Tests;

/// <summary>
/// The explainer's pages in a real browser: every number a reader sees is the library's, every stage is reachable with
/// the buttons and the keys, the replay slider shows step k, and a screenshot of each stage is kept for a reviewer.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ExplainerPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const double Tolerance = 1e-12;

    [Fact]
    public async Task The_2_2_1_page_shows_the_worked_example_step_by_step()
    {
        // Given Example 1 explained with η = 1 (docs/worked-examples.md, Tables 1.1–1.4)
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        var explainer = Explainer.Capture(network, x, y, 1.0, steps: 10);
        var expected = LibraryValues.Replay(WorkedExampleNetworks.TwoTwoOne().Network, x, y, 1.0, steps: 10);

        // When every stage is shown in turn
        var shown = await WalkAllStagesAsync(explainer, "2-2-1", StageIds(2, 2, 1), hasBiases: false);

        // Then every number equals the library's, and the tables' values are among them
        ShouldAllBeTheLibrarysValues(shown, expected);
        ShouldShow(shown, new()
        {
            ["0|a|1|0|0"] = 0.6802671966986485,
            ["0|a|1|1|0"] = 0.6637386974043528,
            ["0|a|2|0|0"] = 0.6902834929076443,
            ["0|C|0|0|0"] = 0.01810390383656677,
            ["0|nw|2|0|0"] = 0.27232596506128215,
            ["0|nw|2|0|1"] = 0.8729983630089926,
            ["0|nw|1|0|0"] = 0.09907092883919034,
            ["0|nw|1|0|1"] = 0.7976109598722038,
            ["0|nw|1|1|0"] = 0.39713992422755456,
            ["0|nw|1|1|1"] = 0.592645519442283,
        });
    }

    [Fact]
    public async Task The_2_3_2_1_page_shows_the_worked_example_step_by_step()
    {
        // Given Example 2 (Tables 2.1–2.3)
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();
        var explainer = Explainer.Capture(network, x, y, 1.0, steps: 5);
        var expected = LibraryValues.Replay(WorkedExampleNetworks.TwoThreeTwoOne().Network, x, y, 1.0, steps: 5);

        // When every stage is shown in turn
        var shown = await WalkAllStagesAsync(explainer, "2-3-2-1", StageIds(2, 3, 2, 1), hasBiases: true, readmeStage: "bp2-1-1");

        // Then every number equals the library's, and the tables' values are among them
        ShouldAllBeTheLibrarysValues(shown, expected);
        ShouldShow(shown, new()
        {
            ["0|a|1|0|0"] = 0.574442516811659,
            ["0|a|1|2|0"] = 0.7109495026250039,
            ["0|z|2|0|0"] = 1.7584893591113013,
            ["0|a|2|1|0"] = 0.6456243589944032,
            ["0|z|3|0|0"] = 0.9640203243492942,
            ["0|a|3|0|0"] = 0.7239260185576639,
            ["0|delta|3|0|0"] = -0.055175355866110075,
            ["0|delta|2|0|0"] = -0.0027670799368627675,
            ["0|delta|2|1|0"] = -0.0063118826620709315,
            ["0|delta|1|0|0"] = -0.0006278042006911604,
            ["0|delta|1|2|0"] = -0.0009009003478084829,
            ["0|gw|1|2|1"] = -0.00045045017390424146,
            ["0|gw|3|0|0"] = -0.0470657020415736,
            ["0|gw|3|0|1"] = -0.0356225537633454,
            ["0|C|0|0|0"] = 0.03810842161471166,
        });
    }

    [Fact]
    public async Task The_arrow_keys_and_the_buttons_reach_every_stage_both_ways()
    {
        // Given the 2-3-2-1 page
        var (network, x, y) = WorkedExampleNetworks.TwoThreeTwoOne();
        await using var page = await ExplainerPage.OpenAsync(browser.Browser, Explainer.Capture(network, x, y, 1.0, steps: 2));
        var stages = StageIds(2, 3, 2, 1);

        // When → is pressed from the first stage to the last, then ← back, then Previous from End
        var forward = new List<string> { await page.StageAsync() };
        for (var i = 1; i < stages.Count; i++)
        {
            await page.Page.Keyboard.PressAsync("ArrowRight");
            forward.Add(await page.StageAsync());
        }

        await page.Page.Keyboard.PressAsync("ArrowRight"); // past the end: stays
        var atEnd = await page.StageAsync();
        var backward = new List<string> { atEnd };
        for (var i = 1; i < stages.Count; i++)
        {
            await page.Page.Keyboard.PressAsync("ArrowLeft");
            backward.Add(await page.StageAsync());
        }

        await page.Page.Keyboard.PressAsync("End");
        var byButton = new List<string> { await page.StageAsync() };
        while (!await page.Page.IsDisabledAsync("#prev"))
        {
            await page.Page.ClickAsync("#prev");
            byButton.Add(await page.StageAsync());
        }

        // Then each way visits every stage in order, and the buttons are disabled at the ends
        forward.Should().Equal(stages);
        atEnd.Should().Be(stages[^1]);
        backward.Should().Equal(stages.AsEnumerable().Reverse());
        byButton.Should().Equal(stages.AsEnumerable().Reverse());
        (await page.Page.IsDisabledAsync("#prev")).Should().BeTrue();
        (await page.Page.IsEnabledAsync("#next")).Should().BeTrue();
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_replay_slider_shows_step_ks_weights()
    {
        // Given the 2-2-1 page with a replay of 12 steps, and the library's own 12 steps from the same start
        var (network, x, y) = WorkedExampleNetworks.TwoTwoOne();
        await using var page = await ExplainerPage.OpenAsync(browser.Browser, Explainer.Capture(network, x, y, 1.0, steps: 12));
        var expected = LibraryValues.Replay(WorkedExampleNetworks.TwoTwoOne().Network, x, y, 1.0, steps: 12);

        // When the slider is moved to step 7 with the keyboard, on the update stage of layer 1
        await page.Page.Keyboard.PressAsync("End");
        await page.Page.Keyboard.PressAsync("ArrowLeft");
        await page.Page.FocusAsync("#replay");
        for (var i = 0; i < 7; i++)
        {
            await page.Page.Keyboard.PressAsync("ArrowRight");
        }

        // Then the weights shown are step 7's, before and after its update, and the slider says so
        var shown = await page.NumbersAsync();
        var weights = shown.Where(n => n.Key.StartsWith("7|w|", StringComparison.Ordinal) || n.Key.StartsWith("7|nw|", StringComparison.Ordinal)).ToArray();
        weights.Select(n => n.Key).Distinct().Should().HaveCount(12, "W[1] and W[2] before and after, 6 entries each");
        foreach (var number in weights)
        {
            number.Value.Should().BeApproximately(expected.Values[number.Key], Tolerance, number.Key);
        }

        shown.Where(n => !n.Key.StartsWith("7|", StringComparison.Ordinal) && !n.Key.Contains("|C|", StringComparison.Ordinal)).Should().BeEmpty("only step 7's numbers (and the curve's extremes) are shown");
        (await page.Page.TextContentAsync("#replay-value")).Should().StartWith("7 of 11");
        ShouldAllBeTheLibrarysValues(shown, expected);
        await page.ScreenshotAsync("replay", 7, "step-7");
        page.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_softmax_cross_entropy_batch_page_shows_the_library_numbers_at_phone_width()
    {
        // Given a 2-3-3 tanh/softmax network with cross-entropy and a batch of three samples, on a 390 px wide screen
        Network<double> Make() => new NetworkBuilder<double>(2).AddDense(3, Activation<double>.Tanh).AddDense(3, Activation<double>.Softmax)
            .WithLoss(Loss<double>.CategoricalCrossEntropy).WithSeed(11).Build();
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -1.0, 2.0 }, { 1.5, 0.25, -0.5 } });
        var y = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0, 0.0 }, { 0.0, 1.0, 0.0 }, { 0.0, 0.0, 1.0 } });
        var explainer = Explainer.Capture(Make(), x, y, 0.5, steps: 3);

        // When every stage is shown
        var shown = await WalkAllStagesAsync(explainer, "softmax-batch-phone", StageIds(2, 3, 3), hasBiases: true, width: 390, height: 844);

        // Then every number is the library's, the per-sample δ and costs included
        ShouldAllBeTheLibrarysValues(shown, LibraryValues.Replay(Make(), x, y, 0.5, steps: 3));
        shown.Select(n => n.Key).Should().Contain(["0|delta|2|2|2", "0|cs|0|0|2", "0|delta|1|0|1"]);
    }

    [Fact]
    public async Task A_network_too_large_to_draw_gets_a_message_and_the_cost_curve()
    {
        // Given a 100-65-3 network (more than 64 nodes in a layer)
        var network = new NetworkBuilder<double>(100).AddDense(65, Activation<double>.Relu).AddDense(3, Activation<double>.Sigmoid).WithSeed(1).Build();
        var x = Matrix<double>.Build.Dense(100, 2, (i, j) => (i + j) % 7 / 7.0);
        var y = Matrix<double>.Build.Dense(3, 2, (i, j) => (i + j) % 2);
        var costs = Explainer.Capture(network, x, y, 0.1, steps: 5);

        // When its page opens
        await using var page = await ExplainerPage.OpenAsync(browser.Browser, costs);

        // Then it says why there is no drawing, hides the step buttons, and shows the library's costs
        (await page.Page.TextContentAsync("#explain")).Should().Contain("not drawn").And.Contain("100 nodes").And.Contain("64");
        (await page.Page.IsHiddenAsync("#next")).Should().BeTrue();
        var shown = await page.NumbersAsync();
        shown.Where(n => n.Key.EndsWith("|C|0|0|0", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(n => Math.Abs(n.Value - costs.Costs[int.Parse(n.Key.Split('|')[0], CultureInfo.InvariantCulture)]) <= Tolerance);
        await page.ScreenshotAsync("too-large", 0, "summary");
        page.Errors.Should().BeEmpty();
    }

    // The stage ids the page must walk, from the layer sizes as the texts order a step.
    private static List<string> StageIds(params int[] sizes)
    {
        var layers = sizes.Length - 1;
        var ids = new List<string> { "start" };
        for (var l = 1; l <= layers; l++)
        {
            ids.AddRange(Enumerable.Range(1, sizes[l]).Select(j => $"forward-{l}-{j}"));
        }

        ids.Add("cost");
        ids.AddRange(Enumerable.Range(1, sizes[layers]).Select(j => $"bp1-{j}"));
        for (var l = layers - 1; l >= 1; l--)
        {
            ids.AddRange(Enumerable.Range(1, sizes[l]).Select(j => $"bp2-{l}-{j}"));
        }

        ids.AddRange(Enumerable.Range(1, layers).Reverse().Select(l => $"gradients-{l}"));
        ids.AddRange(Enumerable.Range(1, layers).Reverse().Select(l => $"update-{l}"));
        ids.Add("check");
        return ids;
    }

    // Clicks Next through every stage, keeping a screenshot and the numbers of each; checks the order and the console.
    private async Task<List<ShownNumber>> WalkAllStagesAsync(Explainer explainer, string group, List<string> stages, bool hasBiases, int width = 1280, int height = 800, string? readmeStage = null)
    {
        await using var page = await ExplainerPage.OpenAsync(browser.Browser, explainer, width, height);
        var shown = new List<ShownNumber>();
        var visited = new List<string>();
        for (var i = 0; i < stages.Count; i++)
        {
            if (i > 0)
            {
                await page.Page.ClickAsync("#next");
            }

            var stage = await page.StageAsync();
            visited.Add(stage);
            await page.ScreenshotAsync(group, i, stage);
            if (stage == readmeStage)
            {
                await page.ReadmeScreenshotAsync($"readme-{group}-{stage}.png");
            }

            shown.AddRange(await page.NumbersAsync());
        }

        visited.Should().Equal(stages);
        (await page.Page.IsDisabledAsync("#next")).Should().BeTrue();
        var overflow = await page.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        overflow.Should().BeFalse($"the page fits a {width} px wide screen without scrolling sideways");
        page.Errors.Should().BeEmpty();
        shown.Select(n => n.Key).Should().Contain(hasBiases ? ["0|b|1|0|0", "0|gb|1|0|0"] : ["0|w|1|0|0"]);
        output.WriteLine($"{stages.Count} screenshots of {group} in {Path.Combine(BrowserFixture.ScreenshotFolder, group)}");
        return shown;
    }

    // Every number shown carries the library's value, and its short text is that value rounded.
    private static void ShouldAllBeTheLibrarysValues(IEnumerable<ShownNumber> shown, LibraryValues expected)
    {
        var numbers = shown.ToList();
        numbers.Should().NotBeEmpty();
        foreach (var number in numbers)
        {
            expected.Values.Should().ContainKey(number.Key);
            var value = expected.Values[number.Key];
            var tolerance = expected.IsFiniteDifference(number.Key) ? 1e-9 : Tolerance * Math.Max(1, Math.Abs(value));
            number.Value.Should().BeApproximately(value, tolerance, number.Key);
            var text = double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            text.Should().BeApproximately(number.Value, 5e-4 * Math.Abs(number.Value), $"{number.Key} shows {number.Text}");
        }
    }

    private static void ShouldShow(IEnumerable<ShownNumber> shown, Dictionary<string, double> table)
    {
        var byKey = shown.GroupBy(n => n.Key).ToDictionary(g => g.Key, g => g.First().Value);
        foreach (var (key, value) in table)
        {
            byKey.Should().ContainKey(key);
            byKey[key].Should().BeApproximately(value, Tolerance, key);
        }
    }
}
