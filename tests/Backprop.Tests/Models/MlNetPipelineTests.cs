using Backprop.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.Tests.Models;

/// <summary>
/// An exported classifier scored inside an ML.NET pipeline (<c>ApplyOnnxModel</c>, Microsoft.ML.OnnxTransformer):
/// the pipeline's probabilities and class indices are the classifier's own.
/// </summary>
public sealed class MlNetPipelineTests
{
    [Fact]
    public void ApplyOnnxModel_scores_the_exported_breast_cancer_classifier_as_the_classifier_does()
    {
        // Given the breast-cancer classifier exported to ONNX
        var (rows, labels) = TabularTestData.BreastCancer();
        var classifier = Classifier<string>.Fit(rows, labels);
        using var folder = new TemporaryDirectory();
        var path = folder.File("breast-cancer.onnx");
        classifier.SaveOnnx(path);

        // When an ML.NET pipeline applies it to the rows as float vectors
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(rows.Select(row => new Measurements { Input = [.. row.Select(v => (float)v)] }));
        var pipeline = ml.Transforms.ApplyOnnxModel(
            outputColumnNames: [OnnxExport.ProbabilitiesName, OnnxExport.ClassIndexName],
            inputColumnNames: [OnnxExport.InputName],
            modelFile: path,
            shapeDictionary: new Dictionary<string, int[]> { [OnnxExport.InputName] = [1, 30] },
            gpuDeviceId: null,
            fallbackToCpu: false,
            recursionLimit: 100);
        var scored = ml.Data.CreateEnumerable<Diagnosis>(pipeline.Fit(data).Transform(data), reuseRowObject: false).ToArray();

        // Then every row's probabilities and class are the classifier's
        scored.Should().HaveCount(rows.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = classifier.PredictProbabilities(rows[r]);
            scored[r].Probabilities.Should().HaveCount(2);
            scored[r].Probabilities[1].Should().BeApproximately((float)expected[1], 1e-6f);
            if (Math.Abs(expected[1] - 0.5) > 1e-5)
            {
                classifier.Classes[(int)scored[r].ClassIndex.Single()].Should().Be(classifier.Predict(rows[r]));
            }
        }
    }

    private sealed class Measurements
    {
        [ColumnName("input")]
        [VectorType(30)]
        public float[] Input { get; set; } = [];
    }

    private sealed class Diagnosis
    {
        [ColumnName("probabilities")]
        public float[] Probabilities { get; set; } = [];

        [ColumnName("class_index")]
        public long[] ClassIndex { get; set; } = [];
    }
}
