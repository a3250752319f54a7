using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Models;

/// <summary>
/// The other ways in: float32 rows, a <see cref="LabeledDataset{T}"/> and a <see cref="RegressionDataset{T}"/> fit
/// the same models as the float64 rows they hold (same seed, same data, same probabilities).
/// </summary>
public sealed class ModelInputsTests
{
    private static readonly double[][] Rows = [[0.5, 1], [1.5, 0.25], [2.5, 3], [3.5, 1.75], [4.5, 0.5], [5.5, 2.25], [6.5, 1.5], [7.5, 3.5], [8.5, 0.75], [9.5, 2.5]];

    [Fact]
    public void Float_rows_fit_the_model_of_the_same_values_as_doubles()
    {
        // Given rows whose values are exact in float32
        string[] labels = [.. Rows.Select((_, i) => i % 2 == 0 ? "even" : "odd")];
        var options = new ClassifierOptions<string> { Epochs = 5 };

        // When fitted as float[][] and as double[][]
        var fromFloats = Classifier<string>.Fit(Rows.Select(r => r.Select(v => (float)v).ToArray()).ToArray(), labels, options);
        var fromDoubles = Classifier<string>.Fit(Rows, labels, options);

        // Then both predict the same probabilities
        fromFloats.PredictProbabilities([3.0, 1.0]).Should().Equal(fromDoubles.PredictProbabilities([3.0, 1.0]));
    }

    [Fact]
    public void A_labelled_data_set_fits_with_its_class_names_as_labels_and_its_feature_names()
    {
        // Given a data set of the rows (one column per sample) with class indices and names
        var inputs = Matrix<double>.Build.DenseOfColumnArrays(Rows);
        int[] indices = [.. Rows.Select((_, i) => i % 3)];
        var data = new LabeledDataset<double>(inputs, indices, ["low", "mid", "high"], ["x", "y"]);

        // When a classifier is fitted on it and on the rows with the names as labels
        var options = new ClassifierOptions<string> { Epochs = 5 };
        var fromData = Classifier<string>.Fit(data, options);
        var fromRows = Classifier<string>.Fit(Rows, [.. indices.Select(k => new[] { "low", "mid", "high" }[k])], options);

        // Then the classes are the names (sorted), the features keep their names, and the models agree
        fromData.Classes.Should().Equal("high", "low", "mid");
        fromData.Preprocessing.FeatureNames.Should().Equal("x", "y");
        fromData.PredictProbabilities([3.0, 1.0]).Should().Equal(fromRows.PredictProbabilities([3.0, 1.0]));
    }

    [Fact]
    public void A_regression_data_set_fits_with_its_target_names()
    {
        var inputs = Matrix<double>.Build.DenseOfColumnArrays(Rows);
        var targets = Matrix<double>.Build.Dense(1, Rows.Length, (_, j) => 10 * Rows[j][0]);
        var data = new RegressionDataset<double>(inputs, targets, ["x", "y"], ["price"]);

        var fromData = Regressor.Fit(data, new RegressorOptions { Epochs = 5 });
        var fromRecords = Regressor.Fit(Rows, r => r, r => 10 * r[0], new RegressorOptions { Epochs = 5 });

        fromData.TargetNames.Should().Equal("price");
        fromData.Predict([3.0, 1.0]).Should().Be(fromRecords.Predict([3.0, 1.0]));
    }

    [Fact]
    public void A_class_name_that_is_not_of_the_label_type_is_refused()
    {
        var data = new LabeledDataset<double>(Matrix<double>.Build.DenseOfColumnArrays(Rows), [.. Rows.Select((_, i) => i % 2)], ["one", "two"]);

        FluentActions.Invoking(() => Classifier<int>.Fit(data)).Should().Throw<ArgumentException>().WithMessage("The class name 'one' is not a Int32.*");
    }
}
