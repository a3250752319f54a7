// Compares optimizers on one problem: the same 2-3-2-1 sigmoid network (same seeded start, same
// batch order) learning XOR with plain SGD, SGD with momentum, Nesterov and Adam, printing the cost
// curves side by side. Usage: dotnet run --project samples/OptimizerComparison [seed] Full-batch L-BFGS and iRprop− are shown too, since on a four-sample problem they are the
// natural choice (scikit-learn's default solver for small data is L-BFGS).
using System.Globalization;
using Backprop;
using MathNet.Numerics.LinearAlgebra;

const int Epochs = 2000;
var seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7; // the start; try others: XOR has local minima

const int ReportEvery = 100;

var inputs = Matrix<double>.Build.DenseOfArray(new double[,]
{
    { 0, 0, 1, 1 },
    { 0, 1, 0, 1 },
});
var targets = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 1, 0 } });

var contenders = new (string Name, Func<Optimizer<double>> Create)[]
{
    ("SGD η=0.5", () => new SgdOptimizer<double>(0.5)),
    ("momentum 0.9", () => new SgdOptimizer<double>(0.5) { Momentum = 0.9 }),
    ("Nesterov 0.9", () => new SgdOptimizer<double>(0.5) { Momentum = 0.9, Nesterov = true }),
    ("Adam η=0.05", () => new AdamOptimizer<double>(0.05)),
    ("L-BFGS", () => new LbfgsOptimizer<double>()),
    ("iRprop−", () => new IRpropMinusOptimizer<double>()),
};

var curves = new List<IReadOnlyList<double>>();
var finalNetworks = new List<Network<double>>();
foreach (var (_, create) in contenders)
{
    // Same architecture, same seed: every optimizer starts from the very same weights.
    var network = new NetworkBuilder<double>(inputSize: 2)
        .AddDense(3, Activation<double>.Sigmoid)
        .AddDense(2, Activation<double>.Sigmoid)
        .AddDense(1, Activation<double>.Sigmoid)
        .WithSeed(seed)
        .Build();
    var trainer = new Trainer<double>(create()) { MiniBatchSize = 4, Epochs = Epochs, Seed = 1 };
    curves.Add(trainer.Fit(network, inputs, targets).Losses);
    finalNetworks.Add(network);
}

Console.WriteLine(FormattableString.Invariant($"XOR, 2-3-2-1 sigmoid, squared error, full batch of 4, same start (seed {seed}); cost per epoch:"));
Console.WriteLine();
Console.Write("  epoch");
foreach (var (name, _) in contenders)
{
    Console.Write($" {name,14}");
}

Console.WriteLine();
for (var epoch = 1; epoch <= Epochs; epoch = epoch == 1 ? ReportEvery : epoch + ReportEvery)
{
    Console.Write($"  {epoch,5}");
    foreach (var curve in curves)
    {
        Console.Write(epoch <= curve.Count ? $" {curve[epoch - 1].ToString("E3", CultureInfo.InvariantCulture),14}" : $" {"(stopped)",14}");
    }

    Console.WriteLine();
}

Console.WriteLine();
Console.WriteLine("  first epoch with cost below 1e-3, and the final predictions for (0,0) (0,1) (1,0) (1,1):");
for (var i = 0; i < contenders.Length; i++)
{
    var reached = curves[i].Select((cost, index) => (cost, index)).FirstOrDefault(p => p.cost < 1e-3);
    var when = reached.cost < 1e-3 && reached.cost > 0 ? (reached.index + 1).ToString(CultureInfo.InvariantCulture) : "never";
    var predictions = finalNetworks[i].Predict(inputs).Row(0).Select(p => p.ToString("F3", CultureInfo.InvariantCulture));
    Console.WriteLine($"  {contenders[i].Name,-14} {when,6}   {string.Join("  ", predictions)}");
}
