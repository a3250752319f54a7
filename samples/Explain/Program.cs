// Explains one backpropagation step of a saved model on one CSV row, as a page to open in a browser:
//
//     dotnet run --project samples/Explain -- model.json row.csv out.html [learning-rate] [steps]
//
// model.json is a file of network.Save(path) (Network<double>.Load reads it); row.csv holds one sample: its first
// InputSize columns are x, the next OutputSize columns y, with or without a header line. The page replays `steps`
// SGD steps (default 20) with the learning rate (default 1) from the model's weights; the model file is not changed.
// Without arguments it explains the shipped example (example/model.json, the 2-3-2-1 network of
// docs/worked-examples.md, and example/row.csv, its sample x = (1, 0.5), y = 1) into explain.html beside the program.
using System.Globalization;
using Backprop;
using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;

if (args.Length is not (0 or 3 or 4 or 5))
{
    Console.Error.WriteLine("usage: Explain [model.json row.csv out.html [learning-rate] [steps]]");
    return 2;
}

var example = Path.Combine(AppContext.BaseDirectory, "example");
var modelPath = args.Length > 0 ? args[0] : Path.Combine(example, "model.json");
var rowPath = args.Length > 0 ? args[1] : Path.Combine(example, "row.csv");
var pagePath = args.Length > 0 ? args[2] : Path.Combine(AppContext.BaseDirectory, "explain.html");
var learningRate = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1.0;
var steps = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : Explainer.DefaultSteps;

try
{
    var network = Network<double>.Load(modelPath);
    var (x, y) = ReadRow(rowPath, network.InputSize, network.OutputSize);
    var explainer = Explainer.Capture(network, x, y, learningRate, steps);
    explainer.SaveHtml(pagePath);
    Console.WriteLine($"{network} on {rowPath}: cost {explainer.Costs[0].ToString("R", CultureInfo.InvariantCulture)} before the step, " +
        $"{explainer.Costs[^1].ToString("R", CultureInfo.InvariantCulture)} at step {steps - 1} of the replay (η = {learningRate.ToString(CultureInfo.InvariantCulture)}).");
    Console.WriteLine($"The step as an interactive page: {Path.GetFullPath(pagePath)}");
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or ModelFormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Explain: {e.Message}");
    return 1;
}

// One sample from a CSV file: the first data line (a header line, if any, is the line before it that is not numbers).
static (Matrix<double> X, Matrix<double> Y) ReadRow(string path, int inputs, int outputs)
{
    var lines = File.ReadLines(path).Where(line => line.Trim().Length > 0).Take(2).ToArray();
    double[]? values = null;
    foreach (var line in lines)
    {
        var fields = line.Split(',');
        if (fields.All(field => double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            values = fields.Select(field => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            break;
        }
    }

    if (values is null)
    {
        throw new InvalidDataException($"{path}: no line of numbers among its first two lines (a header line may come first).");
    }

    if (values.Length != inputs + outputs)
    {
        throw new InvalidDataException(
            $"{path}: the row has {values.Length} values, but the model needs {inputs + outputs}: {inputs} inputs x, then {outputs} targets y.");
    }

    return (Matrix<double>.Build.Dense(inputs, 1, values[..inputs]), Matrix<double>.Build.Dense(outputs, 1, values[inputs..]));
}
