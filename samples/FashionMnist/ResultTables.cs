using System.Globalization;
using System.Text.RegularExpressions;
using Backprop;
using Spectre.Console;

namespace FashionMnistSample;

/// <summary>The tables printed after training: the epochs, the diagnostics' warnings and the confusion matrix.</summary>
internal static partial class ResultTables
{
    /// <summary>One row per epoch; the epoch whose weights were kept (lowest validation loss) is starred.</summary>
    public static Table Epochs(TrainingHistory history)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Epochs");
        table.AddColumns("epoch", "loss", "accuracy", "validation loss", "validation accuracy", "seconds");
        foreach (var column in table.Columns)
        {
            column.RightAligned();
        }

        foreach (var epoch in history.Epochs)
        {
            var kept = epoch.Epoch == history.BestEpoch ? "*" : " ";
            table.AddRow(
                Text(epoch.Epoch) + kept,
                Text(epoch.Loss, "F4"),
                Text(epoch.Accuracy, "P2"),
                Text(epoch.ValidationLoss, "F4"),
                Text(epoch.ValidationAccuracy, "P2"),
                Text(epoch.Duration.TotalSeconds, "F1"));
        }

        var ending = history.StoppedEarly ? "early stopping ended training" : "all planned epochs trained";
        var restored = history.RestoredBestWeights ? $"; the weights of epoch {history.BestEpoch} were restored" : string.Empty;
        table.Caption($"* lowest validation loss; {ending}{restored}. Training loss and accuracy are measured while training (with dropout, if any).");
        return table;
    }

    /// <summary>
    /// The warnings of <see cref="Backprop.Diagnostics.TrainingDiagnostics"/>, each kind once (the same text but for
    /// its figures) with the epochs that raised it and the figures of the last of them; null when training looked healthy.
    /// </summary>
    public static Rows? Warnings(TrainingHistory history)
    {
        var warnings = history.Epochs
            .SelectMany(e => (e.Diagnostics?.Warnings ?? []).Select(w => (e.Epoch, Warning: w)))
            .GroupBy(p => Figures().Replace(p.Warning, "#"))
            .Select(g => new Markup(
                $"[yellow]epoch(s) {Markup.Escape(Ranges(g.Select(p => p.Epoch)))}:[/] {Markup.Escape(g.Last().Warning)}"))
            .ToList();
        return warnings.Count == 0 ? null : new Rows(warnings);
    }

    /// <summary>Rows are the actual classes, columns the predicted ones (by index, named in the rows); recall last.</summary>
    public static Table Confusion(ConfusionMatrix confusion, IReadOnlyList<string> classNames, string evaluatedOn)
    {
        // A border without column rules keeps ten classes within 80 columns.
        var table = new Table().Border(TableBorder.Simple).Title($"{char.ToUpperInvariant(evaluatedOn[0])}{evaluatedOn[1..]} images: actual class (rows) by predicted class (columns)");
        table.AddColumn(new TableColumn("class").NoWrap());
        for (var p = 0; p < confusion.ClassCount; p++)
        {
            table.AddColumn(new TableColumn(Text(p)).RightAligned().Padding(1, 0, 0, 0));
        }

        table.AddColumn(new TableColumn("recall").RightAligned().Padding(1, 0, 0, 0));
        for (var a = 0; a < confusion.ClassCount; a++)
        {
            var cells = new List<string> { Markup.Escape($"{a} {classNames[a]}") };
            var total = 0;
            for (var p = 0; p < confusion.ClassCount; p++)
            {
                var count = confusion[a, p];
                total += count;
                cells.Add(a == p ? $"[green]{Text(count)}[/]" : count == 0 ? "[grey]·[/]" : Text(count));
            }

            cells.Add(Text(total == 0 ? null : 100.0 * confusion[a, a] / total, "F1") + "%");
            table.AddRow(cells.ToArray());
        }

        table.Caption(string.Create(CultureInfo.InvariantCulture, $"accuracy {confusion.Accuracy:P2} of {confusion.Total:N0} images"));
        return table;
    }

    /// <summary>"1-3, 7" for 1, 2, 3, 7.</summary>
    private static string Ranges(IEnumerable<int> epochs)
    {
        var parts = new List<string>();
        foreach (var run in epochs.Order().Aggregate(new List<List<int>>(), (runs, e) =>
        {
            if (runs.Count > 0 && runs[^1][^1] == e - 1)
            {
                runs[^1].Add(e);
            }
            else
            {
                runs.Add([e]);
            }

            return runs;
        }))
        {
            parts.Add(run.Count == 1 ? Text(run[0]) : $"{Text(run[0])}-{Text(run[^1])}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>The numbers in a warning, except layer indices.</summary>
    [GeneratedRegex(@"(?<![Ll]ayer )\d+(\.\d+)?(E[-+]?\d+)?")]
    private static partial Regex Figures();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double? value, string format)
        => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
