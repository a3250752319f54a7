using System.Text.Json;
using Backprop.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests.Models;

/// <summary>
/// The whole-model ONNX export (<see cref="OnnxExport.SaveOnnx{TLabel}(Classifier{TLabel}, string)"/>): run in ONNX
/// Runtime on raw rows, it gives <see cref="Classifier{TLabel}.PredictProbabilities(ReadOnlySpan{double})"/>'s
/// probabilities to 1e-6 (float32 inside), the same class indices, and the regressor's unscaled predictions.
/// </summary>
public sealed class TabularOnnxExportTests
{
    [Fact]
    public void The_breast_cancer_classifier_in_ONNX_Runtime_gives_its_probabilities_and_labels()
    {
        // Given the classifier of the Wisconsin data, exported
        var (rows, labels) = TabularTestData.BreastCancer();
        var model = Classifier<string>.Fit(rows, labels);
        using var stream = new MemoryStream();
        model.SaveOnnx(stream);

        // When every row is scored in ONNX Runtime
        using var session = new InferenceSession(stream.ToArray());
        var (probabilities, indices) = Run(session, rows);

        // Then the probabilities agree to 1e-6, the class indices are the predicted labels', and the metadata names the classes
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = model.PredictProbabilities(rows[r]);
            probabilities[r, 0].Should().BeApproximately((float)expected[0], 1e-6f);
            probabilities[r, 1].Should().BeApproximately((float)expected[1], 1e-6f);
            if (Math.Abs(expected[1] - 0.5) > 1e-5)
            {
                model.Classes[(int)indices[r]].Should().Be(model.Predict(rows[r]));
            }
        }

        JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap[OnnxExport.ClassesMetadataKey]).Should().Equal("benign", "malignant");
        JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap[OnnxExport.FeaturesMetadataKey]).Should().HaveCount(30);
    }

    [Fact]
    public void Imputation_and_one_hot_encoding_run_as_ONNX_nodes_in_a_three_class_model()
    {
        // Given a three-class model with a text column, a numeric categorical column and imputation
        using var folder = new TemporaryDirectory();
        var random = new Random(1);
        var lines = Enumerable.Range(0, 60).Select(i =>
            $"{(i % 7 == 0 ? "NA" : (random.NextDouble() * 10).ToString("R", System.Globalization.CultureInfo.InvariantCulture))},{(i % 5 == 0 ? "" : new[] { "red", "green", "blue" }[i % 3])},{i % 4},{new[] { "x", "y", "z" }[i % 3]}");
        var path = folder.WriteText("data.csv", "size,colour,code,label\n" + string.Join("\n", lines) + "\n");
        var model = Classifier<string>.FitCsv(path, "label", new ClassifierOptions<string>
        {
            MissingValues = MissingValuePolicy.Impute,
            CategoricalColumns = ["code"],
            Epochs = 30,
            MiniBatchSize = 10,
        });
        var onnx = folder.File("model.onnx");
        model.SaveOnnx(onnx);

        // When rows with missing values and every category are scored
        double[][] rows = [[1.5, 0, 0], [double.NaN, 2, 3], [7.25, double.NaN, 1], [double.NaN, double.NaN, double.NaN], [4, 1, 2]];
        using var session = new InferenceSession(onnx);
        var (probabilities, indices) = Run(session, rows);

        // Then ONNX Runtime agrees with the model
        model.Preprocessing.EncodedFeatureCount.Should().Be(1 + 3 + 4);
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = model.PredictProbabilities(rows[r]);
            for (var k = 0; k < 3; k++)
            {
                probabilities[r, k].Should().BeApproximately((float)expected[k], 1e-6f, $"row {r}, class {k}");
            }

            model.Classes[(int)indices[r]].Should().Be(model.Predict(rows[r]));
        }
    }

    [Fact]
    public void A_regressor_in_ONNX_Runtime_predicts_in_the_targets_units()
    {
        // Given a two-target regressor with targets in the hundreds
        var random = new Random(2);
        var rows = Enumerable.Range(0, 200).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToArray();
        var model = Regressor.Fit(rows, rows.Select(x => new[] { 300 + (40 * x[0]) - (25 * x[1]), x[2] }).ToArray(), new RegressorOptions { Epochs = 20, MiniBatchSize = 20 });
        using var stream = new MemoryStream();
        model.SaveOnnx(stream);

        // When the rows are scored in ONNX Runtime
        using var session = new InferenceSession(stream.ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, Tensor(rows))]);
        var predictions = results.Single(r => r.Name == OnnxExport.PredictionName).AsTensor<float>();

        // Then each prediction agrees to float32 precision (1e-6 relative)
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = model.PredictTargets(rows[r]);
            for (var t = 0; t < 2; t++)
            {
                predictions[r, t].Should().BeApproximately((float)expected[t], (float)(1e-6 * Math.Max(1, Math.Abs(expected[t]))));
            }
        }

        JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap[OnnxExport.TargetsMetadataKey]).Should().Equal("target 0", "target 1");
    }

    internal static DenseTensor<float> Tensor(double[][] rows)
        => new(rows.SelectMany(row => row.Select(v => (float)v)).ToArray(), [rows.Length, rows[0].Length]);

    private static (Tensor<float> Probabilities, long[] Indices) Run(InferenceSession session, double[][] rows)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, Tensor(rows))]);
        var probabilities = results.Single(r => r.Name == OnnxExport.ProbabilitiesName).AsTensor<float>().ToDenseTensor();
        var indices = results.Single(r => r.Name == OnnxExport.ClassIndexName).AsTensor<long>().ToArray();
        return (probabilities, indices);
    }
}
