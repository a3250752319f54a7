// The consumer check of .ci/run: a fresh console app that references the packed Backprop and Backprop.Onnx packages
// by version, as a user's app would, builds a small network, trains a few steps, prints a prediction and exports the
// network to ONNX. It fails (non-zero exit) if anything is missing from the packages or does not work.
using Backprop;
using MathNet.Numerics.LinearAlgebra;

var inputs = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0, 1, 1 }, { 0, 1, 0, 1 } });
var targets = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

var network = new NetworkBuilder<double>(inputSize: 2)
    .AddDense(3, Activation<double>.Sigmoid)
    .AddDense(1, Activation<double>.Sigmoid)
    .WithSeed(7)
    .Build();
var trainer = new Trainer<double>(new SgdOptimizer<double>(3.0)) { MiniBatchSize = 4, Epochs = 3000, Seed = 1 };
var costs = trainer.Fit(network, inputs, targets).Losses;
var predictions = network.Predict(inputs);

Console.WriteLine($"Backprop {typeof(Network<>).Assembly.GetName().Version} on .NET {Environment.Version}");
Console.WriteLine($"cost {costs[0]:F4} -> {costs[^1]:F6}; XOR predictions {string.Join(" ", predictions.Row(0).Select(p => p.ToString("F3")))}");
var learned = predictions[0, 0] < 0.5 && predictions[0, 1] > 0.5 && predictions[0, 2] > 0.5 && predictions[0, 3] < 0.5;

// The ONNX export of the Backprop.Onnx package, to a file (atomically) and to a stream: the same bytes, an ONNX model
// (field 1, ir_version, comes first) with a Gemm node per layer.
var path = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.onnx");
network.SaveOnnx(path);
var file = File.ReadAllBytes(path);
File.Delete(path);
using var stream = new MemoryStream();
network.SaveOnnx(stream);
var gemms = System.Text.Encoding.ASCII.GetString(file).Split("Gemm").Length - 1;
var exported = file.Length > 0 && file.AsSpan().SequenceEqual(stream.ToArray()) && file[0] == 0x08 && file[1] == OnnxExport.IrVersion && gemms >= 2;
Console.WriteLine($"ONNX: {file.Length} bytes, IR {file[1]}, opset {OnnxExport.OpsetVersion}, 'Gemm' {gemms} times (node types and names)");

Console.WriteLine(learned && exported ? "consumer check: PASS" : $"consumer check: FAIL ({(learned ? "the ONNX export is wrong" : "XOR not learned")})");
return learned && exported ? 0 : 1;
