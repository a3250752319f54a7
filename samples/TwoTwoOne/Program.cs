// Example 1 of the worked examples (docs/worked-examples.md): the 2-2-1 sigmoid network without biases, one
// sample, η = 1. Every number marked "library" comes from Backprop (ComputeGradients, Trainer.Step, Predict);
// the "expected" column is from the document's Tables 1.2, 1.4, 1.5 and 1.6, computed independently in float64
// by tools/WorkedExamples. The program exits
// with 1 when a value misses the table by more than 1e-12 relative (12 significant digits), so CI can run it.
//
// Conventions: the texts number layers from 1 (W[1] = input → hidden, W[2] = hidden → output); the library
// numbers them from 0, so W[1] is network.Layers[0].GetWeights(). A sample is a column: x is 2×1.
using System.Text;
using Backprop;
using Backprop.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using TwoTwoOne;

Console.OutputEncoding = Encoding.UTF8;
var build = Matrix<double>.Build;
var table = new ComparisonTable(relativeTolerance: 1e-12);

var input = build.DenseOfArray(new[,] { { 0.35 }, { 0.9 } });
var target = build.DenseOfArray(new[,] { { 0.5 } });
var initialW1 = build.DenseOfArray(new[,] { { 0.1, 0.8 }, { 0.4, 0.6 } });
var initialW2 = build.DenseOfArray(new[,] { { 0.3, 0.9 } });
var network = new Network<double>(
    new DenseLayer<double>(initialW1, Activation<double>.Sigmoid),
    new DenseLayer<double>(initialW2, Activation<double>.Sigmoid));
var sgd = new SgdOptimizer<double>(learningRate: 1.0);
var trainer = new Trainer<double>(sgd) { MiniBatchSize = 1 };

Console.WriteLine("Backprop sample: the 2-2-1 network (Example 1 of docs/worked-examples.md)");
Console.WriteLine($"x = [0.35, 0.9], y = 0.5, sigmoid everywhere, C = ½(y − o)², no biases, η = {sgd.LearningRate}");

// 0. The whole first step as the library explains it, equation by equation (ExplainTrace does not change the network).
Console.WriteLine();
Console.WriteLine("The first step, as Backprop's ExplainTrace prints it:");
Console.WriteLine(ExplainTrace.Capture(network, input, target, sgd.LearningRate).ToText());

// The same step as a page to click through (drawing, BP1–BP4 with the numbers plugged in, gradient check, a replay
// of 100 steps); it does not change the network either.
var page = Path.Combine(AppContext.BaseDirectory, "two-two-one.html");
Explainer.Capture(network, input, target, sgd.LearningRate, steps: 100).SaveHtml(page);
Console.WriteLine($"The step as an interactive page: {page}");

// 1. The first forward pass: z = W a_prev, a = σ(z), C = ½(a[2] − y)².
var first = network.ComputeGradients(input, target);
var hiddenBefore = first.Layers[0].Activation.Clone();   // the workspace is reused: keep copies
var outputBefore = first.Layers[1].Activation[0, 0];
ComparisonTable.Section("First forward pass");
table.Row("hidden output a[1] neuron 1", hiddenBefore[0, 0], 0.6802671966986485);
table.Row("hidden output a[1] neuron 2", hiddenBefore[1, 0], 0.6637386974043528);
table.Row("output o = a[2]", outputBefore, 0.6902834929076443);
table.Row("cost C", first.Cost, 0.01810390383656677);

// 2. One SGD step: forward, backward (BP1, BP2, BP4), then W ← W − η dC/dW.
var costs = new List<double> { trainer.Step(network, input, target) };
var w1AfterStep1 = network.Layers[0].GetWeights().Clone();
ComparisonTable.Section("After one SGD step");
PrintWeights("W[2]", network.Layers[1].GetWeights(), [[0.27232596506128215, 0.8729983630089926]]);
PrintWeights("W[1]", w1AfterStep1, [[0.09907092883919034, 0.7976109598722038], [0.39713992422755456, 0.592645519442283]]);
table.Row("output after 2nd forward pass", network.Predict(input)[0, 0], 0.6820185832642942);

// 3. Steps 2..100. Step returns the cost of its own forward pass, before its update:
//    the cost at step k is the cost of the k-th forward pass.
while (costs.Count < 100)
{
    costs.Add(trainer.Step(network, input, target));
}

ComparisonTable.Section("Cost during training (the k-th forward pass, before the k-th update)");
int[] reportedSteps = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
foreach (var step in reportedSteps)
{
    double? expected = step switch { 1 => 0.01810390383656677, 100 => 3.266878922007038e-07, _ => null };
    table.Row($"cost at step {step}", costs[step - 1], expected);
}

ComparisonTable.Section("After 100 SGD steps");
PrintWeights("W[2]", network.Layers[1].GetWeights(), [[-0.3004722542926405, 0.32533602822417995]]);
PrintWeights("W[1]", network.Layers[0].GetWeights(), [[0.09949728657532442, 0.7987073083365487], [0.3565002802682637, 0.48814357783267737]]);
table.Row("output o", network.Predict(input)[0, 0], 0.5007639651525848);

// 4. What the well-known Python listing does to W[1] in its first step (a demonstration, not library code).
var buggyW1 = BroadcastBugListingW1(initialW1, initialW2, input, hiddenBefore, outputBefore, target[0, 0]);
PrintBugComparison(w1AfterStep1, buggyW1);

Console.WriteLine();
Console.WriteLine(table.Failures == 0
    ? $"All {table.Checked} values match the table to 1e-12 (relative)."
    : $"{table.Failures} of {table.Checked} values DO NOT match the table.");
return table.Failures == 0 ? 0 : 1;

// Prints every entry of a weight matrix (neurons × inputs) against the table's rows.
void PrintWeights(string name, Matrix<double> weights, double[][] expected)
{
    for (var i = 0; i < weights.RowCount; i++)
    {
        for (var j = 0; j < weights.ColumnCount; j++)
        {
            table.Row($"{name} row {i + 1}, col {j + 1}", weights[i, j], expected[i][j]);
        }
    }
}

// THE BUG, reproduced on purpose. The listing (NumPy, columns are samples, η = 1) runs per step:
//     l1 = sigmoid(w0 @ x); l2 = sigmoid(w1 @ l1)      # w0 is the texts' W[1], w1 is W[2]
//     l2_delta = (y - l2) * l2 * (1 - l2)              # 1×1, equals −δ[2] (BP1), so "+=" descends
//     l1_error = l2_delta * w1                         # 1×1 times 1×2: a ROW, (W[2]ᵀ(−δ[2]))ᵀ
//     l1_delta = l1_error * l1 * (1 - l1)              # ROW 1×2 "times" COLUMN 2×1: NumPy broadcasts
//                                                      # to the 2×2 B[i, j] = l1_error[j] · σ′(z[1])[i]
//     w1 += l2_delta * l1.T                            # W[2] update: correct (BP4)
//     w0 += l0.T.dot(l1_delta)                         # xᵀB is 1×2, broadcast onto BOTH rows of W[1]
// So every row r of W[1] gets the same increment g[j] = (W[2]ᵀ(−δ[2]))[j] · Σᵢ x[i] σ′(z[1])[i]: the error of
// hidden neuron j lands in input column j (it only fits because there are 2 inputs and 2 hidden neurons),
// and σ′ is summed against x instead of multiplying its own neuron's error. The equations (BP2, BP4) give
// ΔW[1][r, j] = −η δ[1][r] x[j] with δ[1] = (W[2]ᵀ δ[2]) ⊙ σ′(z[1]).
// The forward pass is the same in both programs, so the library's first-pass a[1] and o are used here.
static Matrix<double> BroadcastBugListingW1(
    Matrix<double> w1, Matrix<double> w2, Matrix<double> x, Matrix<double> hidden, double output, double y)
{
    var l2Delta = (y - output) * output * (1 - output);                           // 1×1
    var l1Error = w2 * l2Delta;                                                   // 1×2 row
    var sigmoidPrime = hidden.Map(a => a * (1 - a));                              // 2×1 column
    var l1Delta = Matrix<double>.Build.Dense(2, 2, (i, j) => l1Error[0, j] * sigmoidPrime[i, 0]); // broadcast row ⊙ column
    var increment = x.Transpose() * l1Delta;                                      // l0.T.dot(l1_delta): 1×2
    return Matrix<double>.Build.Dense(w1.RowCount, w1.ColumnCount, (r, j) => w1[r, j] + increment[0, j]); // row broadcast
}

void PrintBugComparison(Matrix<double> correct, Matrix<double> buggy)
{
    var title = "W[1] after one step: the library (BP1–BP4) vs the broadcast-bug Python listing";
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('─', title.Length));
    Console.WriteLine(Columns("entry", "library (correct)", "broadcast-bug listing", "listing − library"));
    for (var i = 0; i < correct.RowCount; i++)
    {
        for (var j = 0; j < correct.ColumnCount; j++)
        {
            Console.WriteLine(Columns(
                $"W[1] row {i + 1}, col {j + 1}",
                ComparisonTable.Format(correct[i, j]),
                ComparisonTable.Format(buggy[i, j]),
                ComparisonTable.Format(buggy[i, j] - correct[i, j])));
        }
    }

    Console.WriteLine("  The listing's W[2] update is right; its W[1] rows move together (same increment per column),");
    Console.WriteLine("  so from step 2 on its whole trajectory departs from the table above.");

    static string Columns(string entry, string correct, string buggy, string difference)
        => $"  {entry,-18} {correct,-24} {buggy,-24} {difference}".TrimEnd();
}
