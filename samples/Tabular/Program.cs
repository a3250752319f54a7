// The app path on real data: a CSV of 30 measurements and a "malignant"/"benign" label → a trained classifier that
// keeps its preprocessing and class names → a classification report → one model file → a fresh process that loads
// it and predicts one row given as double[] → the same model exported to ONNX and scored in ONNX Runtime.
//
//   dotnet run --project samples/Tabular                 train, report, save, predict in a fresh process, export ONNX
//   dotnet run --project samples/Tabular -- predict MODEL v1,v2,…,v30    load a saved model and predict one row
using System.Diagnostics;
using System.Globalization;
using Backprop;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

if (args is ["predict", var modelPath, var values])
{
    return Predict(modelPath, values);
}

var csv = Path.Combine(AppContext.BaseDirectory, "data", "breast-cancer.csv");
var folder = Directory.CreateTempSubdirectory("backprop-tabular-").FullName;

// 1. The CSV as rows and labels, split 75/25 with the classes in proportion (seed 1).
var lines = File.ReadAllLines(csv);
var rows = lines[1..].Select(line => line.Split(',')[..^1].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
var labels = lines[1..].Select(line => line.Split(',')[^1]).ToArray();
var split = ModelSelection.StratifiedSplit(labels, testFraction: 0.25, seed: 1);
double[][] Rows(IReadOnlyList<int> indices) => [.. indices.Select(i => rows[i])];
string[] Labels(IReadOnlyList<int> indices) => [.. indices.Select(i => labels[i])];
Console.WriteLine($"{csv}: {rows.Length} rows, {rows[0].Length} features; training {split.Train.Count}, test {split.Test.Count}");

// 2. Fit with the defaults (100 ReLU, Adam, early stopping on a stratified 10 % of the training rows).
var options = new ClassifierOptions<string> { Progress = new ConsoleProgressReporter() };  // one line per epoch, warnings shown
var classifier = Classifier<string>.Fit(Rows(split.Train), Labels(split.Train), options);
Console.WriteLine();
Console.WriteLine(classifier.Summary());

// 3. How it does on the test rows.
var actual = Labels(split.Test);
var predicted = classifier.Predict(Rows(split.Test));
Console.WriteLine();
Console.WriteLine(Metrics.ClassificationReport(actual, predicted));
Console.WriteLine(Metrics.ConfusionMatrix(actual, predicted, classifier.Classes).ToTable([.. classifier.Classes]));

// 4. One file: preprocessing, classes and network.
var modelFile = Path.Combine(folder, "breast-cancer.model.json");
classifier.Save(modelFile);
Console.WriteLine($"Saved {modelFile} ({new FileInfo(modelFile).Length:N0} bytes)");

// 5. A fresh process loads it and predicts the first test row, given as double[] on its command line.
var row = rows[split.Test[0]];
var rowText = string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
var (fileName, prefix) = Environment.ProcessPath is { } self && !Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
    ? (self, Array.Empty<string>())
    : ("dotnet", new[] { typeof(Classifier<>).Assembly.Location.Replace("Backprop.dll", "Tabular.dll", StringComparison.Ordinal) });
var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true };
foreach (var argument in prefix.Concat(["predict", modelFile, rowText]))
{
    start.ArgumentList.Add(argument);
}

using (var child = Process.Start(start)!)
{
    Console.Write(child.StandardOutput.ReadToEnd());
    child.WaitForExit();
    if (child.ExitCode != 0)
    {
        Console.Error.WriteLine($"The predicting process exited with {child.ExitCode}.");
        return 1;
    }
}

Console.WriteLine($"  (this process: {classifier.Predict(row)}; the label in the file: {labels[split.Test[0]]})");

// 6. The whole model in ONNX (float32; preprocessing as nodes), scored in ONNX Runtime on the test rows.
var onnxFile = Path.Combine(folder, "breast-cancer.onnx");
classifier.SaveOnnx(onnxFile);
using var session = new InferenceSession(onnxFile);
var testRows = Rows(split.Test);
var input = new DenseTensor<float>(testRows.SelectMany(r => r.Select(v => (float)v)).ToArray(), [testRows.Length, testRows[0].Length]);
using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
var probabilities = results.Single(r => r.Name == OnnxExport.ProbabilitiesName).AsTensor<float>();
var indices = results.Single(r => r.Name == OnnxExport.ClassIndexName).AsTensor<long>().ToArray();
var largest = Enumerable.Range(0, testRows.Length).Max(r => Math.Abs(probabilities[r, 1] - classifier.PredictProbabilities(testRows[r])[1]));
var agreeing = Enumerable.Range(0, testRows.Length).Count(r => classifier.Classes[(int)indices[r]] == predicted[r]);
Console.WriteLine($"ONNX Runtime on {onnxFile}: {agreeing} of {testRows.Length} labels agree; largest probability difference {largest:E2}");
Console.WriteLine($"Classes in the ONNX metadata: {session.ModelMetadata.CustomMetadataMap[OnnxExport.ClassesMetadataKey]}");
return agreeing == testRows.Length ? 0 : 1;

static int Predict(string modelPath, string values)
{
    var model = Classifier<string>.Load(modelPath);
    double[] row = [.. values.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
    var p = model.PredictProbabilities(row);
    Console.WriteLine($"Process {Environment.ProcessId} loaded {Path.GetFileName(modelPath)} and predicts '{model.Predict(row)}' "
        + $"({string.Join(", ", model.Classes.Select((c, k) => $"P({c}) = {p[k]:F4}"))})");
    return 0;
}
