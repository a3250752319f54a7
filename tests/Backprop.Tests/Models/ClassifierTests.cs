using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Models;

/// <summary>
/// <see cref="Classifier{TLabel}"/>: fitted from rows, records, a data set or a CSV file; the classes in their
/// documented order; probabilities computed independently from the preprocessing's statistics and a copy of the
/// network; and every bad input refused with a message naming it.
/// </summary>
public sealed class ClassifierTests
{
    public enum Colour
    {
        Red = 3,
        Green = 1,
        Blue = 2,
    }

    [Fact]
    public void Defaults_classify_the_breast_cancer_test_split_at_least_as_well_as_the_published_MLP_figures()
    {
        // Given the Wisconsin data split 75/25 with a seed
        var (rows, labels) = TabularTestData.BreastCancer();
        var (train, test) = TabularTestData.Split(rows.Length, seed: 1);

        // When a classifier is fitted with the defaults
        var model = Classifier<string>.Fit(train.Select(i => rows[i]).ToArray(), train.Select(i => labels[i]).ToArray());

        // Then it scores at least 0.95 on the unseen rows (scikit-learn's MLPClassifier gets 0.95–0.98 on such splits)
        model.Score(test.Select(i => rows[i]).ToArray(), test.Select(i => labels[i]).ToArray()).Should().BeGreaterThanOrEqualTo(0.95);
        model.Classes.Should().Equal("benign", "malignant");
        model.History!.Epochs.Count.Should().BeLessThanOrEqualTo(200);
    }

    [Fact]
    public void Two_labels_make_one_sigmoid_output_whose_value_is_the_probability_of_the_second_class()
    {
        // Given a classifier of two blobs
        var (rows, labels) = TabularTestData.Blobs(60, seed: 2);
        var model = Classifier<string>.Fit(rows, labels, new ClassifierOptions<string> { HiddenLayers = [5], Epochs = 200, MiniBatchSize = 8 });
        var network = model.CloneNetwork();

        // When one row is predicted, and the same row is standardised by hand and given to the copied network
        double[] row = [1.5, 2.5];
        var means = model.Preprocessing.Standardizer.Means;
        var deviations = model.Preprocessing.Standardizer.StandardDeviations;
        double[] standardised = [(row[0] - means[0]) / deviations[0], (row[1] - means[1]) / deviations[1]];
        var p = network.Predict(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(standardised))[0];

        // Then the network has one sigmoid output trained on BCE, and the probabilities are [1 − p, p]
        network.OutputSize.Should().Be(1);
        network.Layers[^1].Activation.Should().BeSameAs(Activation<double>.Sigmoid);
        network.Loss.Should().BeSameAs(Loss<double>.BinaryCrossEntropy);
        model.PredictProbabilities(row).Should().Equal(1 - p, p);
        model.Predict(row).Should().Be(p > 0.5 ? "b" : "a");
        model.Score(rows, labels).Should().Be(1, "the blobs are separable; {0} {1}", model.History!.Losses[0], model.History.Losses[^1]);
        model.Predict(row).Should().Be("b");
    }

    [Fact]
    public void Means_and_deviations_are_those_of_the_training_rows_with_the_population_formula()
    {
        // Given rows whose statistics a reader can compute: column 0 = 1, 2, 3, 4; column 1 constant 7
        double[][] rows = [[1, 7], [2, 7], [3, 7], [4, 7]];
        var model = Classifier<int>.Fit(rows, [0, 1, 0, 1], new ClassifierOptions<int> { Epochs = 1, ValidationFraction = 0 });

        // Then the mean is 2.5 and the deviation √1.25; the constant column is only centred (deviation 0)
        model.Preprocessing.Standardizer.Means.Should().Equal(2.5, 7);
        model.Preprocessing.Standardizer.StandardDeviations[0].Should().BeApproximately(Math.Sqrt(1.25), 1e-15);
        model.Preprocessing.Standardizer.StandardDeviations[1].Should().Be(0);
    }

    [Fact]
    public void Three_labels_make_a_softmax_output_and_probabilities_in_the_order_of_Classes()
    {
        // Given labels 10, 2, 7 (not in order)
        var random = new Random(3);
        int[] classes = [10, 2, 7];
        var labels = Enumerable.Range(0, 90).Select(i => classes[i % 3]).ToArray();
        var rows = labels.Select(label => new[] { label + random.NextDouble(), -label + random.NextDouble() }).ToArray();

        // When a classifier is fitted
        var model = Classifier<int>.Fit(rows, labels, new ClassifierOptions<int> { HiddenLayers = [8], Epochs = 100, MiniBatchSize = 10, ValidationFraction = 0 });

        // Then the classes are sorted by value, the output is a softmax per class, and the probabilities follow Classes
        model.Classes.Should().Equal(2, 7, 10);
        model.CloneNetwork().Layers[^1].Activation.Should().BeSameAs(Activation<double>.Softmax);
        var probabilities = model.PredictProbabilities([10.5, -9.5]);
        probabilities.Should().HaveCount(3);
        probabilities.Sum().Should().BeApproximately(1, 1e-12);
        model.Predict([10.5, -9.5]).Should().Be(model.Classes[Array.IndexOf(probabilities, probabilities.Max())]);
        model.Score(rows, labels).Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Enum_and_bool_labels_are_ordered_by_value()
    {
        var (rows, _) = TabularTestData.Blobs(30, seed: 4);
        var options = new ClassifierOptions<Colour> { Epochs = 1, ValidationFraction = 0 };
        Classifier<Colour>.Fit(rows, rows.Select((_, i) => (Colour)(1 + (i % 3))).ToArray(), options)
            .Classes.Should().Equal(Colour.Green, Colour.Blue, Colour.Red);
        Classifier<bool>.Fit(rows, rows.Select((_, i) => i % 2 == 0).ToArray(), new ClassifierOptions<bool> { Epochs = 1 })
            .Classes.Should().Equal(false, true);
    }

    [Fact]
    public void Records_fit_through_selectors_as_their_rows_do()
    {
        // Given records and the same data as rows
        var (rows, labels) = TabularTestData.Blobs(40, seed: 5);
        var records = rows.Select((row, i) => (X: row[0], Y: row[1], Label: labels[i])).ToList();
        var options = new ClassifierOptions<string> { HiddenLayers = [4], Epochs = 20 };

        // When both are fitted with the same options
        var fromRecords = Classifier<string>.Fit(records, r => new[] { r.X, r.Y }, r => r.Label, options);
        var fromRows = Classifier<string>.Fit(rows, labels, options);

        // Then they predict the same probabilities
        fromRecords.PredictProbabilities([0.3, -0.2]).Should().Equal(fromRows.PredictProbabilities([0.3, -0.2]));
    }

    [Fact]
    public void The_span_overloads_allocate_nothing()
    {
        // Given a fitted classifier of three classes and caller-owned memory
        var (rows, _) = TabularTestData.Blobs(60, seed: 6);
        var model = Classifier<int>.Fit(rows, rows.Select((_, i) => i % 3).ToArray(), new ClassifierOptions<int> { Epochs = 2 });
        double[] row = [0.5, 0.5];
        var probabilities = new double[3];
        model.PredictProbabilities(row, probabilities);
        _ = model.Predict(row);

        // When both are called a thousand times, in each of five rounds
        var allocated = Allocations.FewestPerRound(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                model.PredictProbabilities(row, probabilities);
                _ = model.Predict(row);
            }
        });

        // Then a round allocated not one byte
        allocated.Should().Be(0);
    }

    [Fact]
    public void A_CSV_file_with_a_text_column_and_missing_cells_is_one_hot_encoded_and_imputed()
    {
        // Given a CSV whose "colour" is text, with an empty and an NA cell
        using var folder = new TemporaryDirectory();
        var path = folder.WriteText("data.csv", "size,colour,label\n1,red,yes\n2,blue,no\n,red,yes\n4,NA,no\n5,blue,no\n6,red,yes\n");

        // When it is fitted with imputation
        var model = Classifier<string>.FitCsv(path, "label", new ClassifierOptions<string> { MissingValues = MissingValuePolicy.Impute, Epochs = 5, ValidationFraction = 0 });

        // Then "colour" has the categories blue, red (sorted), size's missing cell took the mean of 1, 2, 4, 5, 6 = 3.6,
        // colour's the most frequent category (red, index 1); and a row is 1 + 2 encoded inputs
        model.Preprocessing.CategoricalColumns.Should().Equal("colour");
        model.Preprocessing.Categories("colour").Should().Equal("blue", "red");
        model.Preprocessing.ImputedValues[0].Should().BeApproximately(3.6, 1e-15);
        model.Preprocessing.ImputedValues[1].Should().Be(1);
        model.Preprocessing.EncodedFeatureCount.Should().Be(3);
        model.PredictCsv(path, "label").Should().HaveCount(6);
        model.Predict([double.NaN, double.NaN]).Should().BeOneOf("yes", "no");
    }

    [Fact]
    public void A_missing_value_is_refused_by_default_naming_the_file_line_and_column()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.WriteText("data.csv", "a,b,label\n1,2,x\n3,NA,y\n");

        var act = () => Classifier<string>.FitCsv(path, "label");

        act.Should().Throw<ArgumentException>().WithMessage("*data.csv' line 3 (row 2), column 'b' (index 1) is missing*MissingValuePolicy.Impute*");
    }

    [Fact]
    public void Bad_rows_at_prediction_are_refused_naming_the_column_or_the_count()
    {
        // Given a classifier of two numeric features and one categorical feature (values 0, 1, 2)
        var random = new Random(7);
        var rows = Enumerable.Range(0, 30).Select(i => new[] { random.NextDouble(), random.NextDouble(), i % 3 }).ToArray();
        var model = Classifier<string>.Fit(rows, rows.Select((_, i) => i % 2 == 0 ? "p" : "q").ToArray(),
            new ClassifierOptions<string> { Epochs = 1, CategoricalColumns = ["column 2"] });

        // Then a short row, a NaN (refused), an infinity and an unseen category are refused with messages naming them
        model.Invoking(m => m.Predict([1.0, 2.0])).Should().Throw<ArgumentException>().WithMessage("Expected a row of 3 features ('column 0', 'column 1', 'column 2') but got 2 values.*");
        model.Invoking(m => m.Predict([1.0, double.NaN, 0])).Should().Throw<ArgumentException>().WithMessage("Column 'column 1' (index 1) is missing (NaN)*");
        model.Invoking(m => m.Predict([double.PositiveInfinity, 1, 0])).Should().Throw<ArgumentException>().WithMessage("Column 'column 0' (index 0) is Infinity*");
        model.Invoking(m => m.Predict([0.5, 0.5, 7])).Should().Throw<ArgumentException>().WithMessage("Column 'column 2' (index 2) is 7, a category the model never saw; its categories are '0', '1', '2'.*");
        model.Invoking(m => m.Predict(new[] { new[] { 0.5, 0.5, 0 }, new[] { 0.5, double.NaN, 0 } })).Should().Throw<ArgumentException>().WithMessage("Row 1, column 'column 1'*missing*");
        model.Invoking(m => m.PredictProbabilities([0.5, 0.5, 0], new double[3])).Should().Throw<ArgumentException>().WithMessage("Expected room for 2 probabilities*");
    }

    [Fact]
    public void Scoring_with_a_label_the_model_never_saw_is_refused_naming_the_row_and_label()
    {
        var (rows, labels) = TabularTestData.Blobs(20, seed: 8);
        var model = Classifier<string>.Fit(rows, labels, new ClassifierOptions<string> { Epochs = 1 });

        model.Invoking(m => m.Score(rows[..2], ["a", "c"])).Should().Throw<ArgumentException>().WithMessage("The label 'c' of row 1 is not one of the model's classes ('a', 'b').*");
    }

    [Fact]
    public void A_CSV_with_a_column_the_model_never_saw_or_without_one_it_needs_is_refused()
    {
        using var folder = new TemporaryDirectory();
        var train = folder.WriteText("train.csv", "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n");
        var model = Classifier<string>.FitCsv(train, "label", new ClassifierOptions<string> { Epochs = 1 });

        model.Invoking(m => m.PredictCsv(folder.WriteText("extra.csv", "a,b,c\n1,2,3\n"))).Should().Throw<InvalidDataException>()
            .WithMessage("*has the column 'c', which the model never saw*");
        model.Invoking(m => m.PredictCsv(folder.WriteText("short.csv", "a\n1\n"))).Should().Throw<InvalidDataException>()
            .WithMessage("*has no column 'b' (a feature the model needs)*");
        model.PredictCsv(folder.WriteText("reordered.csv", "b,a\n2,1\n")).Should().HaveCount(1);
        model.ScoreCsv(train, "label").Should().BeInRange(0, 1);
    }

    [Fact]
    public void Invalid_training_input_is_refused_and_no_model_is_returned()
    {
        var (rows, labels) = TabularTestData.Blobs(20, seed: 9);

        FluentActions.Invoking(() => Classifier<string>.Fit(rows, [.. labels.Select(_ => "a")])).Should().Throw<ArgumentException>().WithMessage("A classifier needs at least two distinct labels*only 'a'*");
        FluentActions.Invoking(() => Classifier<string>.Fit(rows, labels[..5])).Should().Throw<ArgumentException>().WithMessage("Expected 20 labels (one per row) but got 5.*");
        FluentActions.Invoking(() => Classifier<string>.Fit([[1.0, 2.0], [3.0]], ["a", "b"])).Should().Throw<ArgumentException>().WithMessage("Row 1 has 1 values but row 0 has 2*");
        FluentActions.Invoking(() => Classifier<string>.Fit(rows, labels, sampleWeights: [.. rows.Select((_, i) => i == 3 ? -1.0 : 1)])).Should().Throw<ArgumentException>().WithMessage("Sample weight 3 is -1*");
        FluentActions.Invoking(() => Classifier<string>.Fit(rows, labels, sampleWeights: [.. rows.Select((_, i) => i == 4 ? double.NaN : 1)])).Should().Throw<ArgumentException>().WithMessage("Sample weight 4 is NaN*");
        FluentActions.Invoking(() => Classifier<string>.Fit(rows, labels, new ClassifierOptions<string> { ClassWeights = ClassWeights<string>.Of(new Dictionary<string, double> { ["z"] = 2 }) }))
            .Should().Throw<ArgumentException>().WithMessage("ClassWeights names the class 'z', which is not among the training labels ('a', 'b').*");
        FluentActions.Invoking(() => ClassWeights<string>.Of(new Dictionary<string, double> { ["a"] = -2 })).Should().Throw<ArgumentException>().WithMessage("The weight of class 'a' is -2*");
        FluentActions.Invoking(() => Classifier<string>.Fit(rows, labels, new ClassifierOptions<string> { CategoricalColumns = ["colour"] })).Should().Throw<ArgumentException>().WithMessage("CategoricalColumns names 'colour'*");
    }

    [Fact]
    public void Balanced_class_weights_give_a_rare_class_the_weight_of_the_common_one()
    {
        // Given 90 rows of class "common" and 10 of class "rare" that overlap: unweighted, the rare class is mostly lost
        var random = new Random(10);
        var rows = Enumerable.Range(0, 100).Select(i => new[] { (i < 90 ? 0.0 : 0.8) + random.NextDouble() }).ToArray();
        var labels = Enumerable.Range(0, 100).Select(i => i < 90 ? "common" : "rare").ToArray();
        var options = new ClassifierOptions<string> { HiddenLayers = [4], Epochs = 200, MiniBatchSize = 10, ValidationFraction = 0 };

        // When fitted without and with balanced weights (w = 100 / (2·90) and 100 / (2·10))
        var plain = Classifier<string>.Fit(rows, labels, options);
        var balanced = Classifier<string>.Fit(rows, labels, new ClassifierOptions<string> { HiddenLayers = [4], Epochs = 200, MiniBatchSize = 10, ValidationFraction = 0, ClassWeights = ClassWeights<string>.Balanced });

        // Then the balanced model finds more of the rare rows, and its weighted score (rare rows weighted 9×) is higher
        var rare = rows[90..];
        balanced.Predict(rare).Count(l => l == "rare").Should().BeGreaterThan(plain.Predict(rare).Count(l => l == "rare"));
        var weights = labels.Select(l => l == "rare" ? 9.0 : 1.0).ToArray();
        balanced.Score(rows, labels, weights).Should().BeGreaterThan(plain.Score(rows, labels, weights));
    }
}
