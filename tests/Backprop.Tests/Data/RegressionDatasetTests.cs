using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

/// <summary><see cref="RegressionDataset{T}"/> keeps inputs and targets column-aligned, also through a seeded split.</summary>
public sealed class RegressionDatasetTests
{
    [Fact]
    public void Split_keeps_each_samples_inputs_and_target_together_and_is_seeded()
    {
        // Given eight samples with input j and target 2j + 1
        var inputs = Matrix<double>.Build.Dense(1, 8, (_, j) => j);
        var targets = Matrix<double>.Build.Dense(1, 8, (_, j) => (2 * j) + 1);
        var data = new RegressionDataset<double>(inputs, targets, ["x"], ["y"]);

        // When a quarter is held out, twice with the same seed
        var (training, validation) = data.Split(0.25, seed: 3);
        var again = data.Split(0.25, seed: 3);

        // Then 6 and 2 samples, each target still 2x + 1, every index once, and the same split again
        training.Count.Should().Be(6);
        validation.Count.Should().Be(2);
        foreach (var part in new[] { training, validation })
        {
            for (var j = 0; j < part.Count; j++)
            {
                part.Targets[0, j].Should().Be((2 * part.Inputs[0, j]) + 1);
            }

            part.TargetNames.Should().Equal("y");
        }

        training.Inputs.Row(0).Concat(validation.Inputs.Row(0)).Should().BeEquivalentTo(Enumerable.Range(0, 8).Select(j => (double)j));
        again.Training.Inputs.Should().Be(training.Inputs);
        again.Validation.Targets.Should().Be(validation.Targets);
    }

    [Fact]
    public void Names_default_to_x_and_y_with_their_row_index()
    {
        // When a dataset is made without names
        var data = new RegressionDataset<double>(Matrix<double>.Build.Dense(2, 3), Matrix<double>.Build.Dense(2, 3));

        // Then features and targets are named by row
        data.FeatureNames.Should().Equal("x0", "x1");
        data.TargetNames.Should().Equal("y0", "y1");
    }

    [Fact]
    public void The_constructor_refuses_targets_with_another_column_count()
    {
        // When 3 input columns meet 4 target columns, then both shapes are named
        var create = () => new RegressionDataset<double>(Matrix<double>.Build.Dense(2, 3), Matrix<double>.Build.Dense(1, 4));
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("one column per sample (3)").And.Contain("1×4");
    }
}
