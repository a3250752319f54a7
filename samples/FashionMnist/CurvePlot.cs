using Backprop;
using ScottPlot;

namespace FashionMnistSample;

/// <summary>Saves the learning curves as a PNG: loss on the left, accuracy on the right, training and validation.</summary>
internal static class CurvePlot
{
    /// <summary>
    /// The published multilayer-perceptron test accuracies the accuracy panel marks: scikit-learn's MLPClassifier
    /// (ReLU, hidden layers 100-10) in the Fashion-MNIST paper's benchmark (Xiao et al. 2017, arXiv:1708.07747), and
    /// the MLP 256-128-100 of the benchmark table in github.com/zalandoresearch/fashion-mnist's README (PR #115).
    /// That table's earlier "MLP 256-128-64, 0.900" was a validation accuracy and was removed (issue #113, PR #114).
    /// </summary>
    private static readonly (double Accuracy, string Label, Color Color)[] References =
    [
        (0.870, "0.870 MLPClassifier 100-10 (Xiao et al. 2017)", Colors.Gray),
        (0.8833, "0.8833 MLP 256-128-100 (Fashion-MNIST README benchmark)", Colors.Black),
    ];

    /// <summary>Writes the plot to <paramref name="path"/> (1400 × 560 pixels); the accuracy on the <paramref name="evaluatedOn"/> images is a horizontal line.</summary>
    public static void Save(TrainingHistory history, double testAccuracy, string evaluatedOn, string title, string path)
    {
        double[] epochs = [.. history.Epochs.Select(e => (double)e.Epoch)];
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var loss = multiplot.GetPlot(0);
        AddCurve(loss, epochs, history.Epochs.Select(e => (double?)e.Loss), "training (while training)", Colors.C0);
        AddCurve(loss, epochs, history.Epochs.Select(e => e.ValidationLoss), "validation", Colors.C1);
        loss.Title($"{title}: loss");
        loss.YLabel("mean loss per sample");

        var accuracy = multiplot.GetPlot(1);
        AddCurve(accuracy, epochs, history.Epochs.Select(e => e.Accuracy), "training (while training)", Colors.C0);
        AddCurve(accuracy, epochs, history.Epochs.Select(e => e.ValidationAccuracy), "validation", Colors.C1);
        var test = accuracy.Add.HorizontalLine(testAccuracy, color: Colors.C2);
        test.LegendText = $"{evaluatedOn} {testAccuracy:F4}";
        foreach (var (value, label, color) in References)
        {
            var reference = accuracy.Add.HorizontalLine(value, color: color, pattern: LinePattern.Dotted);
            reference.LegendText = label;
        }

        accuracy.Title($"{title}: accuracy");
        accuracy.YLabel("fraction correct");

        foreach (var plot in new[] { loss, accuracy })
        {
            plot.XLabel("epoch");
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            if (history.BestEpoch is { } best)
            {
                var kept = plot.Add.VerticalLine(best, color: Colors.Gray, pattern: LinePattern.Dashed);
                kept.LegendText = history.RestoredBestWeights ? $"epoch {best}: weights kept" : $"epoch {best}: lowest validation loss";
            }

            plot.ShowLegend(plot == loss ? Alignment.UpperRight : Alignment.LowerRight);
        }

        multiplot.SavePng(path, 1400, 560);
    }

    private static void AddCurve(Plot plot, double[] epochs, IEnumerable<double?> values, string label, Color color)
    {
        var points = epochs.Zip(values).Where(p => p.Second is not null).ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var curve = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second!.Value).ToArray(), color);
        curve.LegendText = label;
    }
}
