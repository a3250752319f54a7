// Backprop's side of benchmarks/Tabular/compare.py, and single-row prediction timings (see benchmarks/README.md).
//
//   dotnet run -c Release --project benchmarks/Tabular -- compare MANIFEST.json   (run by compare.py)
//   dotnet run -c Release --project benchmarks/Tabular -- timings
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Backprop;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

return args switch
{
    ["compare", var manifest] => Compare(manifest, null),
    ["compare", var manifest, "--batch", var batch] => Compare(manifest, int.Parse(batch, CultureInfo.InvariantCulture)),
    ["timings"] => Timings(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: compare MANIFEST.json | timings");
    return 2;
}

// Every data set and split of the manifest, fitted with every option at its default (Seed = the split's seed; a
// batch size when asked, to try another default);
// prints one JSON line: data set → test scores (accuracy or R²) in seed order.
static int Compare(string manifestPath, int? miniBatchSize)
{
    using var document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
    var results = new Dictionary<string, List<double>>();
    foreach (var set in document.RootElement.EnumerateArray())
    {
        var name = set.GetProperty("name").GetString()!;
        var rows = set.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var classification = set.GetProperty("task").GetString() == "classification";
        var scores = results[name] = [];
        foreach (var split in set.GetProperty("splits").EnumerateArray())
        {
            var seed = split.GetProperty("seed").GetInt32();
            var train = split.GetProperty("train").EnumerateArray().Select(i => i.GetInt32()).ToArray();
            var test = split.GetProperty("test").EnumerateArray().Select(i => i.GetInt32()).ToArray();
            if (classification)
            {
                var labels = set.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
                var model = Classifier<string>.Fit([.. train.Select(i => rows[i])], [.. train.Select(i => labels[i])], new ClassifierOptions<string> { Seed = seed, MiniBatchSize = miniBatchSize });
                scores.Add(model.Score([.. test.Select(i => rows[i])], [.. test.Select(i => labels[i])]));
            }
            else
            {
                var targets = set.GetProperty("labels").EnumerateArray().Select(l => l.GetDouble()).ToArray();
                var model = Regressor.Fit([.. train.Select(i => rows[i])], [.. train.Select(i => targets[i])], new RegressorOptions { Seed = seed, MiniBatchSize = miniBatchSize });
                scores.Add(model.Score([.. test.Select(i => rows[i])], [.. test.Select(i => targets[i])]));
            }
        }
    }

    Console.WriteLine(JsonSerializer.Serialize(results));
    return 0;
}

// One row at a time on the breast-cancer classifier: Predict (label), PredictProbabilities (new array), the span
// overload (caller's array), and ONNX Runtime running the exported model (float32) on a one-row tensor.
static int Timings()
{
    var csv = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "Tabular", "data", "breast-cancer.csv");
    var lines = File.ReadAllLines(csv)[1..];
    var rows = lines.Select(line => line.Split(',')[..^1].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    var labels = lines.Select(line => line.Split(',')[^1]).ToArray();
    var model = Classifier<string>.Fit(rows, labels);
    var row = rows[0];
    var probabilities = new double[2];

    using var onnx = new MemoryStream();
    model.SaveOnnx(onnx);
    using var session = new InferenceSession(onnx.ToArray());
    var inputValues = row.Select(v => (float)v).ToArray();
    var tensor = new DenseTensor<float>(inputValues, [1, row.Length]);
    var inputs = new[] { NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, tensor) };

    // OrtValue over pinned caller memory and pre-allocated outputs: ONNX Runtime's fastest managed path.
    var outputProbabilities = new float[2];
    var outputIndex = new long[1];
    using var runOptions = new RunOptions();
    using var inputValue = OrtValue.CreateTensorValueFromMemory(inputValues, [1, row.Length]);
    using var probabilitiesValue = OrtValue.CreateTensorValueFromMemory(outputProbabilities, [1, 2]);
    using var indexValue = OrtValue.CreateTensorValueFromMemory(outputIndex, [1]);
    string[] inputNames = [OnnxExport.InputName];
    string[] outputNames = [OnnxExport.ProbabilitiesName, OnnxExport.ClassIndexName];
    OrtValue[] inputOrt = [inputValue];
    OrtValue[] outputOrt = [probabilitiesValue, indexValue];

    Console.WriteLine($"Breast-cancer classifier 30-100-1, one row per call; {Environment.ProcessorCount} cores, .NET {Environment.Version}, ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}");
    Console.WriteLine("| call | ns per call | bytes allocated per call |");
    Console.WriteLine("|---|---:|---:|");
    Measure("Backprop `Predict(row)` → label", () => _ = model.Predict(row));
    Measure("Backprop `PredictProbabilities(row)` → new double[]", () => _ = model.PredictProbabilities(row));
    Measure("Backprop `PredictProbabilities(row, probabilities)` (span)", () => model.PredictProbabilities(row, probabilities));
    Measure("ONNX Runtime `Run` (NamedOnnxValue, results disposed)", () =>
    {
        using var results = session.Run(inputs);
    });
    Measure("ONNX Runtime `Run` (OrtValue over caller memory)", () => session.Run(runOptions, inputNames, inputOrt, outputNames, outputOrt));
    return 0;
}

static void Measure(string name, Action call)
{
    const int Warmup = 2_000;
    const int Calls = 20_000;
    for (var i = 0; i < Warmup; i++)
    {
        call();
    }

    var best = double.MaxValue;
    long bytes = 0;
    for (var repeat = 0; repeat < 5; repeat++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        clock.Stop();
        bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        best = Math.Min(best, clock.Elapsed.TotalNanoseconds / Calls);
    }

    Console.WriteLine($"| {name} | {best:N0} | {bytes:N0} |");
}
