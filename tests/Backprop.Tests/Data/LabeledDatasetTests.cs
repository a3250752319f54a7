using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="LabeledDataset{T}"/> builds one-hot targets from class indices, maps class names to target rows,
/// and splits by a seeded shuffle that keeps inputs, targets and labels of a sample together.
/// </summary>
public sealed class LabeledDatasetTests
{
    private static readonly string[] Classes = ["cat", "dog", "fox"];

    /// <summary>Ten samples: input row 0 is the sample's index, row 1 ten times it; labels cycle 0, 1, 2.</summary>
    private static LabeledDataset<double> TenSamples()
    {
        var inputs = Matrix<double>.Build.Dense(2, 10, (i, j) => i == 0 ? j : 10 * j);
        var labels = Enumerable.Range(0, 10).Select(j => j % 3).ToArray();
        return new LabeledDataset<double>(inputs, labels, Classes, ["index", "ten times"]);
    }

    [Fact]
    public void The_constructor_builds_one_hot_targets_with_a_row_per_class()
    {
        // Given labels 2, 0, 1 of the classes cat, dog, fox
        var inputs = Matrix<double>.Build.Dense(1, 3);
        var data = new LabeledDataset<double>(inputs, [2, 0, 1], Classes);

        // Then the targets are the 3 × 3 one-hot columns (0 0 1), (1 0 0), (0 1 0)
        data.Targets.Should().Be(Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 0 }, { 0, 0, 1 }, { 1, 0, 0 } }));
        data.ClassCount.Should().Be(3);
        data.FeatureNames.Should().Equal("x0");
        data.ClassIndex("fox").Should().Be(2);
    }

    [Fact]
    public void ClassIndex_of_an_unknown_name_lists_the_classes()
    {
        // Given the classes cat, dog, fox
        var data = TenSamples();

        // When "cow" is looked up, then the message lists the classes
        var find = () => data.ClassIndex("cow");
        find.Should().ThrowExactly<KeyNotFoundException>().Which.Message.Should().Contain("'cow'").And.Contain("'cat', 'dog', 'fox'");
    }

    [Fact]
    public void Split_partitions_the_samples_keeping_each_samples_inputs_target_and_label_together()
    {
        // Given ten samples whose first input is their index
        var data = TenSamples();

        // When 30 % is held out
        var (training, validation) = data.Split(0.3, seed: 4);

        // Then validation has ⌊10 · 0.3⌋ = 3 samples, training 7, together each index once
        validation.Count.Should().Be(3);
        training.Count.Should().Be(7);
        var indices = training.Inputs.Row(0).Concat(validation.Inputs.Row(0)).Select(x => (int)x).ToArray();
        indices.Should().BeEquivalentTo(Enumerable.Range(0, 10));

        // And every column still carries its own second input, label and one-hot target
        foreach (var part in new[] { training, validation })
        {
            for (var j = 0; j < part.Count; j++)
            {
                var index = (int)part.Inputs[0, j];
                part.Inputs[1, j].Should().Be(10 * index);
                part.Labels[j].Should().Be(index % 3);
                part.Targets.Column(j).MaximumIndex().Should().Be(index % 3);
                part.Targets.Column(j).Sum().Should().Be(1);
            }

            part.ClassNames.Should().Equal(Classes);
            part.FeatureNames.Should().Equal("index", "ten times");
        }
    }

    [Fact]
    public void Split_with_the_same_seed_is_the_same_and_another_seed_shuffles_differently()
    {
        // Given one dataset
        var data = TenSamples();

        // When it is split twice with seed 7 and once with seed 8
        var first = data.Split(0.5, seed: 7);
        var again = data.Split(0.5, seed: 7);
        var other = data.Split(0.5, seed: 8);

        // Then the same seed gives the same order and another one a different order
        again.Training.Inputs.Should().Be(first.Training.Inputs);
        again.Validation.Inputs.Should().Be(first.Validation.Inputs);
        again.Training.Labels.Should().Equal(first.Training.Labels);
        other.Training.Inputs.Row(0).Concat(other.Validation.Inputs.Row(0))
            .Should().NotEqual(first.Training.Inputs.Row(0).Concat(first.Validation.Inputs.Row(0)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(0.05)]
    public void Split_refuses_a_fraction_outside_0_1_or_one_that_leaves_a_part_empty(double fraction)
    {
        // Given ten samples (a fraction of 0.05 holds out ⌊0.5⌋ = 0 of them)
        var data = TenSamples();

        // When split, then the fraction is refused
        var split = () => data.Split(fraction, seed: 1);
        split.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("validationFraction");
    }

    [Fact]
    public void The_constructor_refuses_a_label_outside_the_classes()
    {
        // When label 3 is given with three classes, then it is refused with the valid range
        var create = () => new LabeledDataset<double>(Matrix<double>.Build.Dense(1, 2), [0, 3], Classes);
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("Label 1 is 3").And.Contain("[0, 3)");
    }

    [Fact]
    public void The_constructor_refuses_a_label_count_other_than_the_sample_count()
    {
        // When one label is given for two samples, then both counts are named
        var create = () => new LabeledDataset<double>(Matrix<double>.Build.Dense(1, 2), [0], Classes);
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("one label per sample (2)").And.Contain("got 1");
    }

    [Fact]
    public void The_constructor_refuses_two_classes_with_the_same_name()
    {
        // When two classes are both named "cat", then the name mapping would be ambiguous and is refused
        var create = () => new LabeledDataset<double>(Matrix<double>.Build.Dense(1, 2), [0, 1], ["cat", "cat"]);
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("'cat'");
    }
}
