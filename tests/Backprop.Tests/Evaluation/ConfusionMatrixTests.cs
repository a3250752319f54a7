using System.Text.RegularExpressions;

namespace Backprop.Tests.Evaluation;

/// <summary>
/// <see cref="ConfusionMatrix"/>: counts by target class (rows) and predicted class (columns), their total and
/// diagonal, and the text table. The counts are given by hand (through the internal constructor that
/// <see cref="Metrics.ConfusionMatrix{T}(MathNet.Numerics.LinearAlgebra.Matrix{T}, MathNet.Numerics.LinearAlgebra.Matrix{T})"/> fills; <c>MetricsTests</c> checks that filling).
/// </summary>
public sealed class ConfusionMatrixTests
{
    /// <summary>Three classes, 10 samples: 3 + 2 + 1 on the diagonal.</summary>
    private static readonly ConfusionMatrix ThreeClasses = new(new[,] { { 3, 1, 0 }, { 0, 2, 2 }, { 1, 0, 1 } });

    [Fact]
    public void It_has_a_count_per_target_and_predicted_class_their_total_and_the_fraction_on_the_diagonal()
    {
        ThreeClasses.ClassCount.Should().Be(3);
        ThreeClasses.Total.Should().Be(10);
        ThreeClasses[0, 0].Should().Be(3);
        ThreeClasses[0, 1].Should().Be(1);
        ThreeClasses[1, 2].Should().Be(2);
        ThreeClasses[2, 0].Should().Be(1);
        ThreeClasses[2, 1].Should().Be(0);
        ThreeClasses.Accuracy.Should().Be(0.6);
    }

    [Theory]
    [InlineData(-1, 0, "actual", -1)]
    [InlineData(3, 0, "actual", 3)]
    [InlineData(0, -1, "predicted", -1)]
    [InlineData(1, 3, "predicted", 3)]
    [InlineData(int.MinValue, 0, "actual", int.MinValue)]
    public void A_class_outside_0_to_the_class_count_is_refused_by_name_and_value(int actual, int predicted, string paramName, int value)
    {
        var read = () => ThreeClasses[actual, predicted];

        var exception = read.Should().ThrowExactly<ArgumentOutOfRangeException>().Which;
        exception.ParamName.Should().Be(paramName);
        exception.ActualValue.Should().Be(value);
        exception.Message.Should().Contain("0 to 2").And.Contain($"{paramName} is {value}");
    }

    [Fact]
    public void The_table_has_a_header_of_class_indices_and_a_row_per_target_class()
    {
        // Given two classes with counts (0 → 0) 2, (0 → 1) 1, (1 → 0) 0, (1 → 1) 3
        var confusion = new ConfusionMatrix(new[,] { { 2, 1 }, { 0, 3 } });

        // When it is written as a table without names
        var table = confusion.ToTable();

        // Then the row labels fill 20 characters (the 18 of "actual \ predicted" and two spaces), and each class is
        // a column of 6 characters (the minimum), right-aligned
        table.Should().Be(Lines(
            @"actual \ predicted       0     1",
            @"0                        2     1",
            @"1                        0     3"));
        confusion.ToString().Should().Be(table);
    }

    [Fact]
    public void The_table_labels_rows_and_columns_with_the_class_names()
    {
        // Given the three classes named cat, dog and bird (the longest, 4 characters, leaves the columns at 6)
        var table = ThreeClasses.ToTable(["cat", "dog", "bird"]);

        table.Should().Be(Lines(
            @"actual \ predicted     cat   dog  bird",
            @"cat                      3     1     0",
            @"dog                      0     2     2",
            @"bird                     1     0     1"));
    }

    public static TheoryData<string> WideTables() => new("names longer than the corner text", "a count of seven digits");

    [Theory]
    [MemberData(nameof(WideTables))]
    public void Long_names_and_large_counts_widen_the_columns_so_every_count_ends_under_its_name(string table)
    {
        // Given class names longer than "actual \ predicted" and than 6 characters, or the indices as names and a
        // count wider than the 6 characters of the narrowest column
        var (names, confusion) = table == "a count of seven digits"
            ? (new[] { "0", "1" }, new ConfusionMatrix(new[,] { { 1_000_000, 2 }, { 3, 45 } }))
            : (new[] { "a very long class name", "T-shirt/top" }, new ConfusionMatrix(new[,] { { 1, 2 }, { 3, 45 } }));

        // When it is written as a table
        var lines = confusion.ToTable(names).Split(Environment.NewLine);

        // Then each row's counts end at the columns where the header's names end, each after a space
        lines.Should().HaveCount(4).And.Subject.Last().Should().BeEmpty();
        lines[0].Should().StartWith(@"actual \ predicted ");
        var nameEnds = new List<int>();
        foreach (var name in names)
        {
            var start = lines[0].IndexOf(name, nameEnds.Count == 0 ? 19 : nameEnds[^1], StringComparison.Ordinal);
            lines[0][start - 1].Should().Be(' ', "a space comes before the name {0}", name);
            nameEnds.Add(start + name.Length);
        }

        for (var row = 1; row <= 2; row++)
        {
            var label = names[row - 1];
            lines[row].Should().StartWith(label + "  ", "the row label is followed by at least two spaces");
            var countEnds = Regex.Matches(lines[row][label.Length..], @" \d+").Select(match => label.Length + match.Index + match.Length);
            countEnds.Should().Equal(nameEnds, "the counts of row {0} stand under the names in \n{1}", row, string.Join(Environment.NewLine, lines));
        }
    }

    [Fact]
    public void Class_names_of_another_number_than_the_classes_are_refused()
    {
        var tooFew = () => ThreeClasses.ToTable(["cat", "dog"]);
        var tooMany = () => ThreeClasses.ToTable(["cat", "dog", "bird", "fish"]);

        tooFew.Should().ThrowExactly<ArgumentException>().WithParameterName("classNames").WithMessage("Expected 3 class names*but got 2*");
        tooMany.Should().ThrowExactly<ArgumentException>().WithParameterName("classNames").WithMessage("Expected 3 class names*but got 4*");
    }

    [Fact]
    public void A_null_class_name_is_refused_naming_its_class()
    {
        var table = () => ThreeClasses.ToTable(["cat", null!, "bird"]);

        table.Should().ThrowExactly<ArgumentException>().WithParameterName("classNames").WithMessage("The name of class 1 is null*");
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
