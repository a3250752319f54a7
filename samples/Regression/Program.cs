// The universal-approximation claim of the texts, made visible: one hidden layer of sigmoid units and an identity
// output can fit any continuous function on a closed interval as closely as we like (Cybenko 1989; Hornik,
// Stinchcombe & White 1989; Nielsen, "Neural Networks and Deep Learning", ch. 4, which builds the fit from steps).
// Here 1-20-1 (20 sigmoid hidden units, identity output, squared error) learns sin x on [−π, π] from 200 evenly
// spaced points, trained full-batch by L-BFGS (scikit-learn's default solver for small data). The output is
// ŷ(x) = b² + Σⱼ w²ⱼ σ(w¹ⱼ x + b¹ⱼ): a sum of 20 scaled, shifted sigmoids, which the right panel of the plot
// draws one by one. Prints the fit's error and an ASCII plot; saves regression.png.
//
//   dotnet run -c Release --project samples/Regression [-- --hidden 20 --iterations 2000 --out DIR]
// Exit codes: 0 when the largest error on a fine grid is below 0.01, 1 otherwise (or on bad arguments).
using System.Globalization;
using Backprop;
using MathNet.Numerics.LinearAlgebra;
using Regression;

const int TrainingPoints = 200;
const int GridPoints = 1001;
const double Tolerance = 0.01;
if (!Options.TryParse(args, out var options))
{
    Console.Error.WriteLine(Options.Usage);
    return 1;
}

// Samples are columns: a 1 × 200 input row and a 1 × 200 target row.
var x = Matrix<double>.Build.Dense(1, TrainingPoints, (_, j) => -Math.PI + (2 * Math.PI * j / (TrainingPoints - 1)));
var y = x.Map(Math.Sin);

var network = new NetworkBuilder<double>(inputSize: 1)
    .AddDense(options.Hidden, Activation<double>.Sigmoid)
    .AddDense(1, Activation<double>.Identity)
    .WithLoss(Loss<double>.SquaredError)
    .WithSeed(1)
    .Build();

// L-BFGS is a full-batch method: one batch of all 200 points, one iteration per epoch.
var trainer = new Trainer<double>(new LbfgsOptimizer<double>()) { MiniBatchSize = TrainingPoints, Epochs = options.Iterations, Shuffle = false };
var clock = System.Diagnostics.Stopwatch.StartNew();
var costs = trainer.Fit(network, x, y).Losses;
clock.Stop();

// The error between the training points too: a fine grid of the whole interval.
var grid = Matrix<double>.Build.Dense(1, GridPoints, (_, j) => -Math.PI + (2 * Math.PI * j / (GridPoints - 1)));
var fit = network.Predict(grid);
var maxError = Enumerable.Range(0, GridPoints).Max(j => Math.Abs(fit[0, j] - Math.Sin(grid[0, j])));
var mse = Metrics.MeanSquaredError(network.Predict(x), y);

Console.WriteLine(Invariant($"sin x on [−π, π]: 1-{options.Hidden}-1, sigmoid hidden, identity output, squared error, L-BFGS full batch, {TrainingPoints} points"));
foreach (var iteration in new[] { 1, 10, 100, 1000, costs.Count }.Where(i => i <= costs.Count).Distinct())
{
    Console.WriteLine(Invariant($"  iteration {iteration,5}: cost ½(ŷ − y)² = {costs[iteration - 1]:E3}"));
}

Console.WriteLine(Invariant($"{costs.Count} iterations in {clock.Elapsed.TotalSeconds:F2} s"));
Console.WriteLine(Invariant($"mean squared error on the {TrainingPoints} training points: {mse:E3}"));
Console.WriteLine(Invariant($"largest |ŷ − sin x| on {GridPoints} grid points: {maxError:E3} (tolerance {Tolerance})"));
Console.WriteLine();
Console.WriteLine(AsciiPlot.Render(Math.Sin, v => network.Predict(Vector<double>.Build.Dense([v]))[0], -Math.PI, Math.PI, width: 72, height: 21));

Directory.CreateDirectory(options.OutputFolder);
var plotPath = Path.GetFullPath(Path.Combine(options.OutputFolder, "regression.png"));
FitPlot.Save(network, x, y, plotPath, Invariant($"1-{options.Hidden}-1 sigmoid network, MSE {mse:E2}, max error {maxError:E2}"));
Console.WriteLine($"plot: {plotPath}");
return maxError < Tolerance ? 0 : 1;

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
