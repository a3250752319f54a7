using System.Globalization;
using Backprop;
using Spectre.Console;

namespace FashionMnistSample;

/// <summary>
/// Runs <c>Trainer.Fit</c> behind a live Spectre.Console progress bar (one bar per epoch, one for the
/// whole run) and prints a line per finished epoch; on a console that is not a terminal (redirected, CI) it
/// prints the epoch lines only.
/// </summary>
internal static class TrainingView
{
    /// <summary>Trains the setup's network on its data and returns what <c>Trainer.Fit</c> returns.</summary>
    public static TrainingHistory Fit(TrainingSetup setup)
    {
        var (network, trainer, inputs, targets, options, _) = setup;
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return trainer.Fit(network, inputs, targets, options, new SynchronousProgress(report =>
            {
                if (report.IsEpochEnd)
                {
                    AnsiConsole.MarkupLine(EpochLine(report));
                }
            }));
        }

        TrainingHistory? history = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 30 },
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(context =>
            {
                var run = context.AddTask($"all {trainer.Epochs} epochs", maxValue: trainer.Epochs);
                ProgressTask? epoch = null;

                // Fit calls Report on the training thread, in order; Spectre redraws on its own thread.
                var progress = new SynchronousProgress(report =>
                {
                    epoch ??= context.AddTask($"epoch {report.Epoch}", maxValue: report.BatchesPerEpoch);
                    epoch.Value = report.Batch;
                    epoch.Description = string.Create(
                        CultureInfo.InvariantCulture,
                        $"epoch {report.Epoch,2}  loss {report.Loss:F4}  acc {100 * report.Accuracy:F1}%");
                    run.Value = report.Epoch - 1 + ((double)report.Batch / report.BatchesPerEpoch);
                    if (report.IsEpochEnd)
                    {
                        epoch.StopTask();
                        epoch = null;
                        AnsiConsole.MarkupLine(EpochLine(report));
                    }
                });
                history = trainer.Fit(network, inputs, targets, options, progress);
                run.Value = run.MaxValue;
            });
        return history!;
    }

    private static string EpochLine(TrainingProgress report)
    {
        var validation = report.ValidationLoss is { } loss
            ? string.Create(CultureInfo.InvariantCulture, $"  validation loss {loss:F4} acc {100 * report.ValidationAccuracy:F2}%")
            : string.Empty;
        var warnings = report.Diagnostics is { Warnings.Count: > 0 } diagnostics
            ? $"  [yellow]{diagnostics.Warnings.Count} warning(s)[/]"
            : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {report.Epoch,2}/{report.Epochs}  loss {report.Loss:F4} acc {100 * report.Accuracy:F2}%{validation}  {report.Elapsed.TotalSeconds:F0} s{warnings}");
    }

    /// <summary>
    /// Calls the handler on the reporting thread. <see cref="Progress{T}"/> would post to the thread pool
    /// in a console app, so reports could arrive late and out of order.
    /// </summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> handler) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => handler(value);
    }
}
