using Backprop.Diagnostics;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// <see cref="ConsoleProgressReporter"/>: the epoch line's layout, the live bar redrawn in place, each warning shown
/// once, the rising-loss warning, and synchronous in-order output during a real <c>Fit</c>. Reports are made by hand
/// (fixed times), so the expected text is exact.
/// </summary>
public sealed class ConsoleProgressReporterTests
{
    [Fact]
    public void An_epoch_line_shows_every_figure_with_the_epochs_own_time()
    {
        // Given a reporter that saw epoch 2 end at 2.5 s
        var output = new StringWriter();
        var reporter = new ConsoleProgressReporter(output);
        reporter.Report(EpochEnd(2, 20, loss: 0.5, elapsed: 2.5));
        output.GetStringBuilder().Clear();

        // When epoch 3 ends at 3.75 s with every figure
        reporter.Report(new TrainingProgress(3, 20, 10, 10, true, 0.412341, 0.87, 0.450123, 0.85, 52_000, TimeSpan.FromSeconds(3.75)) { LearningRate = 0.001 });

        // Then one line, the epoch padded to the width of 20, the time 3.75 − 2.5 s
        output.ToString().Should().Be(
            "epoch  3/20  loss 0.41234  accuracy 0.8700  validation loss 0.45012  validation accuracy 0.8500  learning rate 0.001  1.25 s  52,000 samples/s" + Environment.NewLine);
    }

    [Fact]
    public void Figures_that_do_not_apply_are_left_out()
    {
        var output = new StringWriter();

        new ConsoleProgressReporter(output).Report(EpochEnd(1, 2, loss: 12.5, elapsed: 0.5, samplesPerSecond: 1000));

        output.ToString().Should().Be("epoch 1/2  loss 12.5  0.50 s  1,000 samples/s" + Environment.NewLine);
    }

    [Fact]
    public void The_live_bar_is_redrawn_in_place_and_cleared_before_the_epoch_line()
    {
        // Given a reporter with the bar on, and two batch reports of four, then the epoch end
        var output = new StringWriter();
        var reporter = new ConsoleProgressReporter(output, liveBar: true);

        reporter.Report(Batch(1, 4, loss: 0.5));
        reporter.Report(Batch(2, 4, loss: 0.25));
        reporter.Report(EpochEnd(1, 2, loss: 0.3, elapsed: 1));

        // Then each bar starts with \r (5 of 20 marks per quarter), and the last is blanked out before the line
        const string first = "epoch 1/2 [#####---------------] 1/4  loss 0.5";
        const string second = "epoch 1/2 [##########----------] 2/4  loss 0.25";
        output.ToString().Should().Be(
            "\r" + first + "\r" + second + "\r" + new string(' ', second.Length) + "\r" + "epoch 1/2  loss 0.3  1.00 s  100 samples/s" + Environment.NewLine);
    }

    [Fact]
    public void Without_the_bar_reports_within_an_epoch_write_nothing_and_a_writer_other_than_the_console_has_no_bar()
    {
        var output = new StringWriter();
        var reporter = new ConsoleProgressReporter(output);

        reporter.Report(Batch(1, 4, loss: 0.5));

        reporter.LiveBar.Should().BeFalse();
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public void A_diagnostics_warning_is_shown_once_per_run_and_again_in_a_new_run()
    {
        // Given three epochs that carry the same warning, then a new Fit (epoch 1 again) with it
        var output = new StringWriter();
        var reporter = new ConsoleProgressReporter(output);
        var diagnostics = new TrainingDiagnostics([], ["Layer 0: the gradient norm is 1E+03: gradients are exploding."]);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            reporter.Report(EpochEnd(epoch, 3, loss: 1.0 / epoch, elapsed: epoch) with { Diagnostics = diagnostics });
        }

        reporter.Report(EpochEnd(1, 3, loss: 1, elapsed: 1) with { Diagnostics = diagnostics });

        // Then the warning follows the first epoch line of each run only
        var lines = output.ToString().Split(Environment.NewLine);
        lines.Where(line => line.StartsWith("  warning: ", StringComparison.Ordinal)).Should().HaveCount(2);
        lines[1].Should().Be("  warning: Layer 0: the gradient norm is 1E+03: gradients are exploding.");
        lines[5].Should().Be(lines[1]);
    }

    [Fact]
    public void A_training_loss_rising_three_epochs_in_a_row_is_warned_about_once()
    {
        // Given losses 1.0, 1.1, 1.2, 1.3, 1.4: rises after epochs 2, 3 and 4 (and 5)
        var output = new StringWriter();
        var reporter = new ConsoleProgressReporter(output);
        double[] losses = [1.0, 1.1, 1.2, 1.3, 1.4];
        for (var i = 0; i < losses.Length; i++)
        {
            reporter.Report(EpochEnd(i + 1, 5, losses[i], elapsed: i + 1));
        }

        // Then one warning, after epoch 4's line, naming where the rise began
        var lines = output.ToString().Split(Environment.NewLine);
        lines[4].Should().Be("  warning: the training loss rose 3 epochs in a row (from 1 at epoch 1): training may be diverging; lower the learning rate.");
        lines.Count(line => line.Contains("warning", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public void During_a_real_fit_the_lines_are_written_synchronously_in_epoch_order()
    {
        // Given a small network and SGD for 4 epochs
        var network = TestData.RandomNetwork(new Random(5), "2-3-1", TestActivations.Named<double>("sigmoid"), hasBiases: true);
        var inputs = Matrix<double>.Build.Dense(2, 8, (i, j) => (i + j) % 3 * 0.5);
        var targets = Matrix<double>.Build.Dense(1, 8, (_, j) => j % 2);
        var output = new StringWriter();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 2, Epochs = 4, Seed = 2 };

        // When it trains with the reporter (the bar on, so the batch reports are drawn too)
        trainer.Fit(network, inputs, targets, progress: new ConsoleProgressReporter(output, liveBar: true));

        // Then, as Fit returns, the four epoch lines are there in order, each with the rate of SGD
        var lines = output.ToString().Split(Environment.NewLine).Select(line => line[(line.LastIndexOf('\r') + 1)..]).Where(line => line.Length > 0).ToArray();
        lines.Should().HaveCount(4);
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            lines[epoch - 1].Should().StartWith($"epoch {epoch}/4  loss ").And.Contain("  accuracy ").And.Contain("  learning rate 0.5  ");
        }
    }

    private static TrainingProgress EpochEnd(int epoch, int epochs, double loss, double elapsed, double samplesPerSecond = 100)
        => new(epoch, epochs, 4, 4, true, loss, null, null, null, samplesPerSecond, TimeSpan.FromSeconds(elapsed));

    private static TrainingProgress Batch(int batch, int batches, double loss)
        => new(1, 2, batch, batches, false, loss, null, null, null, 100, TimeSpan.FromSeconds(0.1 * batch));
}
