// The consumer check of .ci/run: a fresh console app that references the packed Backprop package by
// version, as a user's app would, builds a small network, trains a few steps and prints a prediction.
// It fails (non-zero exit) if anything is missing from the package or does not work.
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
Console.WriteLine(learned ? "consumer check: PASS" : "consumer check: FAIL (XOR not learned)");
return learned ? 0 : 1;
