using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Models;

/// <summary>
/// <see cref="Regressor"/>: target scaling fitted on the training rows and undone at prediction, checked against the
/// copied network and the statistics by hand; R² on a function a reader can write down; bad input refused.
/// </summary>
public sealed class RegressorTests
{
    /// <summary>y = 300 + 40·x₀ − 25·x₁ on x uniform in [0, 1)²: a target in the hundreds, as the diabetes data's.</summary>
    private static (double[][] Rows, double[] Targets) Plane(int count, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, count).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
        return (rows, [.. rows.Select(x => 300 + (40 * x[0]) - (25 * x[1]))]);
    }

    [Fact]
    public void A_target_in_the_hundreds_is_learned_through_target_scaling_with_R2_above_0_99()
    {
        // Given rows of a plane and a held-out set
        var (rows, targets) = Plane(400, seed: 1);
        var (testRows, testTargets) = Plane(100, seed: 2);

        // When a regressor is fitted with the defaults (batch 200 → few updates per epoch, so more epochs and smaller batches)
        var model = Regressor.Fit(rows, targets, new RegressorOptions { MiniBatchSize = 20 });

        // Then R² on the unseen rows is above 0.99 and the targets' statistics are the training ones
        model.Score(testRows, testTargets).Should().BeGreaterThan(0.99);
        model.TargetMeans[0].Should().BeApproximately(targets.Average(), 1e-9);
        model.TargetStandardDeviations[0].Should().BeApproximately(Math.Sqrt(targets.Select(y => (y - targets.Average()) * (y - targets.Average())).Average()), 1e-9);
    }

    [Fact]
    public void A_prediction_is_the_mean_plus_the_deviation_times_the_network_output()
    {
        // Given a fitted regressor
        var (rows, targets) = Plane(50, seed: 3);
        var model = Regressor.Fit(rows, targets, new RegressorOptions { HiddenLayers = [6], Epochs = 5 });
        double[] row = [0.25, 0.75];

        // When the row is standardised by hand and given to the copied network
        var means = model.Preprocessing.Standardizer.Means;
        var deviations = model.Preprocessing.Standardizer.StandardDeviations;
        var output = model.CloneNetwork().Predict(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(
            [(row[0] - means[0]) / deviations[0], (row[1] - means[1]) / deviations[1]]))[0];

        // Then the prediction is mean + std · output, with an identity output trained on MSE
        model.Predict(row).Should().BeApproximately(model.TargetMeans[0] + (model.TargetStandardDeviations[0] * output), 1e-12);
        model.CloneNetwork().Layers[^1].Activation.Should().BeSameAs(Activation<double>.Identity);
        model.CloneNetwork().Loss.Should().BeSameAs(Loss<double>.MeanSquaredError);
    }

    [Fact]
    public void Several_targets_are_predicted_together_in_their_own_units()
    {
        // Given two targets: the plane and its negative times 10
        var (rows, plane) = Plane(300, seed: 4);
        var targets = plane.Select(y => new[] { y, -10 * y }).ToArray();

        // When a two-target regressor is fitted
        var model = Regressor.Fit(rows, targets, new RegressorOptions { MiniBatchSize = 20 });

        // Then it predicts both, R² above 0.98, and one-target calls are refused
        model.TargetNames.Should().Equal("target 0", "target 1");
        var predicted = model.PredictTargets([0.5, 0.5]);
        predicted[0].Should().BeApproximately(307.5, 3);
        predicted[1].Should().BeApproximately(-3075, 30);
        model.Score(rows, targets).Should().BeGreaterThan(0.98);
        model.Invoking(m => m.Predict([0.5, 0.5])).Should().Throw<InvalidOperationException>().WithMessage("*predicts 2 targets*");
    }

    [Fact]
    public void The_span_overload_allocates_nothing()
    {
        var (rows, targets) = Plane(40, seed: 5);
        var model = Regressor.Fit(rows, targets, new RegressorOptions { Epochs = 2 });
        double[] row = [0.1, 0.2];
        var target = new double[1];
        model.Predict(row, target);
        _ = model.Predict(row);

        var allocated = Allocations.FewestPerRound(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                model.Predict(row, target);
                _ = model.Predict(row);
            }
        });

        allocated.Should().Be(0);
    }

    [Fact]
    public void A_CSV_file_fits_with_its_target_column_and_refuses_a_missing_target()
    {
        using var folder = new TemporaryDirectory();
        var good = folder.WriteText("good.csv", "x,y\n1,10\n2,20\n3,30\n4,40\n");
        var bad = folder.WriteText("bad.csv", "x,y\n1,10\n2,NA\n");

        var model = Regressor.FitCsv(good, ["y"], new RegressorOptions { Epochs = 1 });

        model.TargetNames.Should().Equal("y");
        model.PredictCsv(good).Should().HaveCount(4);
        FluentActions.Invoking(() => Regressor.FitCsv(bad, ["y"])).Should().Throw<InvalidDataException>()
            .WithMessage("*bad.csv' line 3 (row 2), column 'y': 'NA' is not a finite number (targets cannot be missing).");
    }

    [Fact]
    public void Invalid_targets_and_weights_are_refused()
    {
        var (rows, targets) = Plane(10, seed: 6);

        FluentActions.Invoking(() => Regressor.Fit(rows, [.. targets.Select((y, i) => i == 3 ? double.NaN : y)])).Should().Throw<ArgumentException>().WithMessage("The target 0 of row 3 is NaN*");
        FluentActions.Invoking(() => Regressor.Fit(rows, targets[..4])).Should().Throw<ArgumentException>().WithMessage("Expected 10 targets (one per row) but got 4.*");
        FluentActions.Invoking(() => Regressor.Fit(rows, targets, sampleWeights: [.. targets.Select((_, i) => i == 7 ? -0.5 : 1)])).Should().Throw<ArgumentException>().WithMessage("Sample weight 7 is -0.5*");
    }

    [Fact]
    public void Sample_weights_pull_the_fit_towards_the_heavy_rows()
    {
        // Given one input value with two contradicting targets, 0 and 100, the second weighted 3×
        double[][] rows = [.. Enumerable.Range(0, 40).Select(i => new[] { 1.0 })];
        double[] targets = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 0.0 : 100.0)];
        double[] weights = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 1.0 : 3.0)];

        // When fitted with the weights, long enough to reach the minimum of Σw(y − ŷ)²
        var model = Regressor.Fit(rows, targets, new RegressorOptions { HiddenLayers = [], Epochs = 3000, MiniBatchSize = 40, ValidationFraction = 0, CreateOptimizer = () => new AdamOptimizer<double>(0.01) }, weights);

        // Then the prediction is the weighted mean (0·1 + 100·3) / 4 = 75, not the plain mean 50
        model.Predict([1.0]).Should().BeApproximately(75, 0.5);
    }
}
