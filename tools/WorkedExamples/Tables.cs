namespace WorkedExamples;

/// <summary>One generated table of the document: its id in the markers, its title and its markdown.</summary>
internal sealed record Table(string Id, string Title, string Markdown);

/// <summary>
/// Every table of docs/worked-examples.md, computed here from the examples' parameters with
/// <see cref="SigmoidNetwork"/>. The quantity column uses the texts' notation (layers from 1); the library column
/// names where <c>Network&lt;T&gt;</c> keeps the same number (layers from 0).
/// </summary>
internal static class Tables
{
    /// <summary>All tables, in the order of the document.</summary>
    public static IReadOnlyList<Table> All() => [.. ExampleOne(), .. ExampleTwo()];

    private static IEnumerable<Table> ExampleOne()
    {
        double[] x = [0.35, 0.9];
        double[] y = [0.5];
        double[][][] weights = [[], [[0.1, 0.8], [0.4, 0.6]], [[0.3, 0.9]]];
        const double LearningRate = 1.0;

        var parameters = new MarkdownTable("quantity", "library", "value")
            .Row("x (input, one column)", "inputs, 2 × 1", Numbers(x))
            .Row("y (target)", "targets, 1 × 1", Numbers(y));
        WeightRows(parameters, "W", "Layers[{0}].GetWeights()", weights);
        parameters.Row("η (learning rate)", "SgdOptimizer learningRate", Number(LearningRate));
        yield return new Table("1.1", "Example 1, the parameters", parameters.ToString());

        var network = new SigmoidNetwork(weights, biases: null);
        var first = network.Forward(x, y);
        var forward = new MarkdownTable("quantity", "library", "value");
        ForwardRows(forward, first);
        yield return new Table("1.2", "Example 1, the first forward pass", forward.ToString());

        var gradients = network.Backward(first, y);
        var backward = new MarkdownTable("quantity", "library", "value");
        DeltaRows(backward, gradients, network.Layers);
        for (var l = network.Layers; l >= 1; l--)
        {
            WeightRows(backward, "∂C/∂W", "Layers[{0}].WeightGradient", gradients.Weights, l, "(BP4)");
        }

        yield return new Table("1.3", "Example 1, the first backward pass", backward.ToString());

        // The costs of the 100 forward passes of 100 steps, each before its own update.
        var costs = new List<double>();
        double[][][] afterOne = [];
        var outputAfterOne = 0.0;
        var costAfterOne = 0.0;
        for (var step = 1; step <= 100; step++)
        {
            costs.Add(network.Step(x, y, LearningRate));
            if (step == 1)
            {
                afterOne = [[], network.Weights(1), network.Weights(2)];
                var second = network.Forward(x, y);
                (outputAfterOne, costAfterOne) = (second.Activations[2][0], second.Cost);
            }
        }

        var oneStep = new MarkdownTable("quantity", "library", "value");
        WeightRows(oneStep, "W", "Layers[{0}].GetWeights()", afterOne, 2);
        WeightRows(oneStep, "W", "Layers[{0}].GetWeights()", afterOne, 1);
        oneStep.Row("o = a[2], the second forward pass", "Predict(x)", Number(outputAfterOne))
            .Row("C, the second forward pass", "Cost(x, y); the cost Step returns at step 2", Number(costAfterOne));
        yield return new Table("1.4", "Example 1, after one SGD step", oneStep.ToString());

        var curve = new MarkdownTable("step k", "C of the k-th forward pass (before the k-th update)");
        foreach (var step in new[] { 1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 })
        {
            curve.Row(step.ToString(System.Globalization.CultureInfo.InvariantCulture), Number(costs[step - 1]));
        }

        yield return new Table("1.5", "Example 1, the cost during 100 SGD steps", curve.ToString());

        var last = network.Forward(x, y);
        var hundred = new MarkdownTable("quantity", "library", "value");
        WeightRows(hundred, "W", "Layers[{0}].GetWeights()", [[], network.Weights(1), network.Weights(2)], 2);
        WeightRows(hundred, "W", "Layers[{0}].GetWeights()", [[], network.Weights(1), network.Weights(2)], 1);
        hundred.Row("o = a[2], the 101st forward pass", "Predict(x)", Number(last.Activations[2][0]))
            .Row("C, the 101st forward pass", "Cost(x, y)", Number(last.Cost));
        yield return new Table("1.6", "Example 1, after 100 SGD steps", hundred.ToString());

        yield return BroadcastBug(x, y[0], weights, first, afterOne[1], LearningRate);
    }

    /// <summary>
    /// W[1] after the first step of the well-known NumPy listing, whose hidden delta is a 1 × 2 row times a 2 × 1
    /// column, which NumPy broadcasts to 2 × 2: B[i][j] = (W[2]ᵀ(−δ[2]))ⱼ · σ′(z[1])ᵢ, and the update xᵀB (1 × 2)
    /// is added to both rows of W[1].
    /// </summary>
    private static Table BroadcastBug(double[] x, double y, double[][][] weights, Pass first, double[][] correct, double learningRate)
    {
        var hidden = first.Activations[1];
        var output = first.Activations[2][0];
        var outputDelta = (y - output) * output * (1 - output);   // the listing's l2_delta, −δ[2]
        var increment = new double[hidden.Length];
        for (var j = 0; j < hidden.Length; j++)
        {
            var hiddenError = outputDelta * weights[2][0][j];       // the listing's l1_error, a row
            for (var i = 0; i < x.Length; i++)
            {
                increment[j] += x[i] * (hiddenError * hidden[i] * (1 - hidden[i]));
            }
        }

        var table = new MarkdownTable("entry", "the equations (BP1–BP4)", "the listing", "listing − equations");
        for (var r = 0; r < weights[1].Length; r++)
        {
            for (var j = 0; j < weights[1][r].Length; j++)
            {
                var listing = weights[1][r][j] + (learningRate * increment[j]);
                table.Row($"W[1] row {r + 1}, column {j + 1}", Number(correct[r][j]), Number(listing), Number(listing - correct[r][j]));
            }
        }

        return new Table("1.7", "Example 1, W[1] after one step, by the equations and by the broadcasting listing", table.ToString());
    }

    private static IEnumerable<Table> ExampleTwo()
    {
        double[] x = [1.0, 0.5];
        double[] y = [1.0];
        double[][][] weights = [[], [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [[0.7, 0.8, 0.9], [0.1, 0.2, 0.3]], [[0.4, 0.5]]];
        double[][] biases = [[], [0.1, 0.1, 0.1], [0.2, 0.2], [0.3]];

        var parameters = new MarkdownTable("quantity", "library", "value")
            .Row("x (input, one column)", "inputs, 2 × 1", Numbers(x))
            .Row("y (target)", "targets, 1 × 1", Numbers(y));
        for (var l = 1; l < weights.Length; l++)
        {
            WeightRows(parameters, "W", "Layers[{0}].GetWeights()", weights, l);
            parameters.Row($"b[{l}]", $"Layers[{l - 1}].GetBiases()", Numbers(biases[l]));
        }

        yield return new Table("2.1", "Example 2, the parameters", parameters.ToString());

        var network = new SigmoidNetwork(weights, biases);
        var pass = network.Forward(x, y);
        var forward = new MarkdownTable("quantity", "library", "value");
        ForwardRows(forward, pass);
        yield return new Table("2.2", "Example 2, the forward pass", forward.ToString());

        var gradients = network.Backward(pass, y);
        var backward = new MarkdownTable("quantity", "library", "value");
        DeltaRows(backward, gradients, network.Layers);
        for (var l = network.Layers; l >= 1; l--)
        {
            WeightRows(backward, "∂C/∂W", "Layers[{0}].WeightGradient", gradients.Weights, l, "(BP4)");
        }

        for (var l = network.Layers; l >= 1; l--)
        {
            backward.Row($"∂C/∂b[{l}] (BP3)", $"Layers[{l - 1}].BiasGradient", Numbers(gradients.Biases[l]));
        }

        yield return new Table("2.3", "Example 2, the backward pass", backward.ToString());
    }

    /// <summary>z[l] and a[l] of every layer, then the cost.</summary>
    private static void ForwardRows(MarkdownTable table, Pass pass)
    {
        var layers = pass.Activations.Length - 1;
        for (var l = 1; l <= layers; l++)
        {
            table.Row($"z[{l}]", $"Layers[{l - 1}].WeightedInput", Numbers(pass.WeightedInputs[l]))
                .Row(l == layers ? $"a[{l}] (the output o)" : $"a[{l}]", $"Layers[{l - 1}].Activation", Numbers(pass.Activations[l]));
        }

        table.Row($"C = ½(a[{layers}] − y)²", "Gradients.Cost", Number(pass.Cost));
    }

    /// <summary>δ[L] (BP1) down to δ[1] (BP2).</summary>
    private static void DeltaRows(MarkdownTable table, Gradients gradients, int layers)
    {
        for (var l = layers; l >= 1; l--)
        {
            table.Row($"δ[{l}] ({(l == layers ? "BP1" : "BP2")})", $"Layers[{l - 1}].Delta", Numbers(gradients.Deltas[l]));
        }
    }

    /// <summary>One row per row of each matrix (or of matrix <paramref name="only"/>), named "W[l] row i".</summary>
    private static void WeightRows(MarkdownTable table, string name, string library, double[][][] matrices, int only = 0, string equation = "")
    {
        for (var l = 1; l < matrices.Length; l++)
        {
            if (only != 0 && l != only)
            {
                continue;
            }

            for (var i = 0; i < matrices[l].Length; i++)
            {
                var quantity = $"{name}[{l}] row {i + 1}{(equation.Length > 0 ? " " + equation : string.Empty)}";
                table.Row(quantity, string.Format(System.Globalization.CultureInfo.InvariantCulture, library, l - 1) + $" row {i}", Numbers(matrices[l][i]));
            }
        }
    }

    private static string Number(double value) => MarkdownTable.Number(value);

    private static string Numbers(IEnumerable<double> values) => MarkdownTable.Numbers(values);
}
