using Backprop;
using MathNet.Numerics.LinearAlgebra;
using ScottPlot;

namespace Regression;

/// <summary>
/// Saves the fit as a PNG: on the left sin x, the training points and the network's output; in the middle the
/// error on a fine grid; on the right the output taken apart into its hidden units' terms w²ⱼ σ(w¹ⱼ x + b¹ⱼ),
/// whose sum plus b² is the fit.
/// </summary>
internal static class FitPlot
{
    /// <summary>Writes the plot to <paramref name="path"/> (1800 × 560 pixels).</summary>
    public static void Save(Network<double> network, Matrix<double> x, Matrix<double> y, string path, string title)
    {
        const int Points = 401;
        double[] grid = [.. Enumerable.Range(0, Points).Select(j => -Math.PI + (2 * Math.PI * j / (Points - 1)))];
        var fit = network.Predict(Matrix<double>.Build.Dense(1, Points, grid)).Row(0).ToArray();

        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var left = multiplot.GetPlot(0);
        var target = left.Add.ScatterLine(grid, [.. grid.Select(Math.Sin)], Colors.Gray);
        target.LegendText = "sin x";
        target.LineWidth = 8;
        var output = left.Add.ScatterLine(grid, fit, Colors.C3);
        output.LegendText = "network output ŷ(x)";
        output.LineWidth = 2;
        var points = left.Add.ScatterPoints(x.Row(0).ToArray(), y.Row(0).ToArray(), Colors.C0);
        points.LegendText = $"{x.ColumnCount} training points";
        points.MarkerSize = 3;
        left.Title(title);
        left.ShowLegend(Alignment.UpperLeft);

        var middle = multiplot.GetPlot(1);
        var error = middle.Add.ScatterLine(grid, [.. grid.Select((v, j) => fit[j] - Math.Sin(v))], Colors.C3);
        error.LegendText = "ŷ(x) − sin x";
        middle.Add.HorizontalLine(0, color: Colors.Gray);
        middle.Title("the error, between the training points too");
        middle.ShowLegend(Alignment.UpperLeft);

        // The hidden layer's contribution, unit by unit: ŷ(x) = b² + Σⱼ w²ⱼ σ(w¹ⱼ x + b¹ⱼ).
        var right = multiplot.GetPlot(2);
        var hidden = network.Layers[0];
        var output2 = network.Layers[1];
        var sigma = (ElementwiseActivation<double>)hidden.Activation;
        for (var j = 0; j < hidden.Neurons; j++)
        {
            var (w1, b1, w2) = (hidden.GetWeights()[j, 0], hidden.GetBiases()![j], output2.GetWeights()[0, j]);
            double[] term = [.. grid.Select(v => w2 * sigma.Value((w1 * v) + b1))];
            var line = right.Add.ScatterLine(grid, term, Colors.Category10[j % 10].WithAlpha(0.6));
            line.LineWidth = 1;
            if (j == 0)
            {
                line.LegendText = "w²ⱼ σ(w¹ⱼ x + b¹ⱼ), one per hidden unit";
            }
        }

        var sum = right.Add.ScatterLine(grid, fit, Colors.Black);
        sum.LegendText = $"their sum + b² (b² = {output2.GetBiases()![0]:F2})";
        sum.LineWidth = 2;
        right.Title("the output as a sum of scaled, shifted sigmoids");
        right.ShowLegend(Alignment.UpperLeft);

        foreach (var plot in new[] { left, middle, right })
        {
            plot.XLabel("x");
        }

        multiplot.SavePng(path, 1800, 560);
    }
}
