using Backprop.Data;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="CsvDataset"/> reads rows as samples and columns as features (one column per sample in the
/// result), takes the label by name or index, maps classes to one-hot rows in a stable order, and names the
/// line, row, column and text of anything it cannot read.
/// </summary>
public sealed class CsvDatasetTests : IDisposable
{
    private const string Flowers =
        "sepal length,sepal width,species\n" +
        "5.1,3.5,setosa\n" +
        "7.0,3.2,versicolor\n" +
        "6.3,3.3,virginica\n" +
        "4.9,3.0,setosa\n";

    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static LabeledDataset<double> Classify(string text, CsvColumn label, CsvOptions? options = null)
        => CsvDataset.ReadClassification<double>(new StringReader(text), label, options, "flowers.csv");

    [Fact]
    public void Rows_become_columns_of_features_with_one_hot_targets_in_sorted_class_order()
    {
        // When the flowers are read with the label named
        var data = Classify(Flowers, CsvColumn.Named("species"));

        // Then the inputs are 2 features × 4 samples in file order
        data.Inputs.Should().Be(Matrix<double>.Build.DenseOfArray(new double[,] { { 5.1, 7.0, 6.3, 4.9 }, { 3.5, 3.2, 3.3, 3.0 } }));
        data.FeatureNames.Should().Equal("sepal length", "sepal width");

        // And the classes are sorted, the labels index them, and the targets are their one-hot columns
        data.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        data.Labels.Should().Equal(0, 1, 2, 0);
        data.Targets.Should().Be(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0, 0, 1 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 } }));
        data.ClassIndex("virginica").Should().Be(2);
    }

    [Fact]
    public void The_label_by_index_gives_the_same_dataset_as_by_name_wherever_the_column_is()
    {
        // Given the label as the first column
        const string text = "species,sepal length,sepal width\nsetosa,5.1,3.5\nvirginica,6.3,3.3\n";

        // When it is chosen by name and by index
        var byName = Classify(text, CsvColumn.Named("species"));
        var byIndex = Classify(text, CsvColumn.At(0));

        // Then both give the same features, labels and names
        byIndex.Inputs.Should().Be(byName.Inputs);
        byIndex.Labels.Should().Equal(byName.Labels);
        byIndex.FeatureNames.Should().Equal("sepal length", "sepal width");
        byName.Inputs.Column(1).ToArray().Should().Equal(6.3, 3.3);
    }

    [Fact]
    public void Quoted_fields_with_separators_quotes_and_line_breaks_are_read_as_their_text()
    {
        // Given CRLF line ends, a quoted header name with a comma, and labels with a comma, quotes and a line break
        var text =
            "\"length, cm\",width,kind\r\n" +
            "\"1.5\",2,\"wild, tall\"\r\n" +
            "3,4,\"the \"\"odd\"\" one\r\nspans lines\"\r\n" +
            "5,\"6\",\"wild, tall\"\r\n";

        // When read
        var data = Classify(text, CsvColumn.Named("kind"));

        // Then the names and labels are the unescaped text and the numbers are parsed
        data.FeatureNames.Should().Equal("length, cm", "width");
        data.ClassNames.Should().Equal("the \"odd\" one\r\nspans lines", "wild, tall");
        data.Labels.Should().Equal(1, 0, 1);
        data.Inputs.Should().Be(Matrix<double>.Build.DenseOfArray(new double[,] { { 1.5, 3, 5 }, { 2, 4, 6 } }));
    }

    [Fact]
    public void Numeric_labels_are_ordered_by_value_so_2_comes_before_10()
    {
        // Given labels 10, 2, -1, 2, which sort "-1", "10", "2" as text
        // When read
        var data = Classify("x,y\n1,10\n2,2\n3,-1\n4,2\n", CsvColumn.Named("y"));

        // Then they are ordered by value
        data.ClassNames.Should().Equal("-1", "2", "10");
        data.Labels.Should().Equal(2, 1, 0, 1);
    }

    [Fact]
    public void Given_classes_fix_the_mapping_so_separately_loaded_files_agree()
    {
        // Given the class order of a training file, and a test file that lacks one class
        var options = new CsvOptions { Classes = ["virginica", "setosa", "versicolor"] };

        // When the test file is read with that order
        var data = Classify("a,species\n1,setosa\n2,virginica\n", CsvColumn.Named("species"), options);

        // Then the targets have a row per given class, in the given order
        data.ClassNames.Should().Equal("virginica", "setosa", "versicolor");
        data.Labels.Should().Equal(1, 0);
        data.Targets.RowCount.Should().Be(3);
    }

    [Fact]
    public void A_label_outside_the_given_classes_is_refused_naming_its_line_and_text()
    {
        // Given only "setosa" as a class, and a file whose row 2 says "rosa"
        var options = new CsvOptions { Classes = ["setosa"] };

        // When read, then the message names the line, row, column, label and the classes allowed
        var read = () => Classify("a,species\n1,setosa\n2,rosa\n", CsvColumn.Named("species"), options);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("'flowers.csv' line 3 (row 2), column 'species' (index 1)").And.Contain("'rosa'").And.Contain("'setosa'");
    }

    [Fact]
    public void A_feature_that_is_not_a_number_is_refused_naming_line_row_column_and_text()
    {
        // Given a header, then rows 1 and 2, the second with "3,2" in a quoted field (a decimal comma)
        var text = "sepal length,sepal width,species\n5.1,3.5,setosa\n7.0,\"3,2\",versicolor\n";

        // When read, then the message pinpoints the field
        var read = () => Classify(text, CsvColumn.Named("species"));
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Be("'flowers.csv' line 3 (row 2), column 'sepal width' (index 1): '3,2' is not a number.");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void A_feature_that_is_not_finite_is_refused(string text)
    {
        // Given a feature that parses to NaN or an infinity
        // When read, then it is refused as not finite
        var read = () => Classify($"a,b\n{text},x\n", CsvColumn.At(1));
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("line 2 (row 1), column 'a' (index 0)").And.Contain($"'{text}' is not a finite Double");
    }

    [Fact]
    public void A_row_with_another_number_of_fields_is_refused_naming_its_line_and_the_counts()
    {
        // Given a multi-line quoted field in row 1, so row 2 starts on line 4, and row 2 a field short
        var text = "a,b,c\n1,2,\"x\ny\"\n3,4\n";

        // When read, then the message names line 4, row 2 and both counts
        var read = () => Classify(text, CsvColumn.Named("c"));
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("'flowers.csv' line 4 (row 2) has 2 fields, but the header has 3");
    }

    [Fact]
    public void An_empty_label_is_refused()
    {
        // Given row 2 without a label
        // When read, then the message pinpoints it
        var read = () => Classify("a,b\n1,x\n2,\n", CsvColumn.Named("b"));
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("line 3 (row 2), column 'b' (index 1): the label is empty");
    }

    [Fact]
    public void A_label_name_not_in_the_header_is_refused_listing_the_columns()
    {
        // Given the flowers, whose label column is "species"
        // When the label is asked for as "class", then the message lists the columns there are
        var read = () => Classify(Flowers, CsvColumn.Named("class"));
        read.Should().ThrowExactly<ArgumentException>()
            .Which.Message.Should().Contain("no column named 'class'").And.Contain("'sepal length', 'sepal width', 'species'");
    }

    [Fact]
    public void A_label_index_past_the_last_column_is_refused()
    {
        // Given the flowers' three columns
        // When the label is asked for at index 3, then the message gives the valid range
        var read = () => Classify(Flowers, CsvColumn.At(3));
        read.Should().ThrowExactly<ArgumentException>()
            .Which.Message.Should().Contain("index 3").And.Contain("3 columns (indices 0 to 2)");
    }

    [Fact]
    public void Without_a_header_the_first_row_is_data_and_columns_are_chosen_by_index()
    {
        // Given the flowers without their header
        var text = Flowers[(Flowers.IndexOf('\n', StringComparison.Ordinal) + 1)..];

        // When read without a header, label at index 2
        var data = Classify(text, CsvColumn.At(2), new CsvOptions { HasHeader = false });

        // Then all four rows are samples and the features are named by position
        data.Count.Should().Be(4);
        data.FeatureNames.Should().Equal("column 0", "column 1");
        data.Inputs[0, 0].Should().Be(5.1);

        // And a name cannot be used
        var byName = () => Classify(text, CsvColumn.Named("species"), new CsvOptions { HasHeader = false });
        byName.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("without a header");
    }

    [Fact]
    public void A_semicolon_separator_reads_the_same_numbers()
    {
        // Given semicolon-separated fields
        // When read with that separator
        var data = Classify("a;b;label\n1.25;-2e-3;yes\n", CsvColumn.Named("label"), new CsvOptions { Separator = ';' });

        // Then the numbers still use the invariant decimal point
        data.Inputs.Column(0).ToArray().Should().Equal(1.25, -0.002);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a,b\n", "has a header but no data rows")]
    [InlineData("label\nx\n", "has 1 column in the header")]
    public void A_file_without_data_or_features_is_refused(string text, string expected)
    {
        // Given an empty file, a header alone, or a label column alone
        // When read, then the message says what is missing
        var read = () => Classify(text, CsvColumn.At(0));
        read.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().Contain("'flowers.csv'").And.Contain(expected);
    }

    [Fact]
    public void Regression_reads_the_target_as_a_1_by_n_matrix()
    {
        // When a table with a numeric target in the middle is read for regression
        var data = CsvDataset.ReadRegression<double>(new StringReader("x1,price,x2\n1,10.5,2\n3,-4,5\n"), CsvColumn.Named("price"));

        // Then the targets are 1 × 2 and the features the other columns
        data.Targets.Should().Be(Matrix<double>.Build.DenseOfArray(new double[,] { { 10.5, -4 } }));
        data.Inputs.Should().Be(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 3 }, { 2, 5 } }));
        data.FeatureNames.Should().Equal("x1", "x2");
        data.TargetNames.Should().Equal("price");
    }

    [Fact]
    public void Regression_refuses_a_target_that_is_not_a_number()
    {
        // Given a target "high" in row 2
        // When read for regression, then the message pinpoints it (the text has no name, so "the CSV text")
        var read = () => CsvDataset.ReadRegression<double>(new StringReader("x,y\n1,2\n3,high\n"), CsvColumn.Named("y"));
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Be("the CSV text line 3 (row 2), column 'y' (index 1): 'high' is not a number.");
    }

    [Fact]
    public void LoadClassification_reads_a_UTF8_file_with_a_byte_order_mark_and_names_it_in_errors()
    {
        // Given the flowers in a file with a BOM and CRLF line ends, and a broken copy
        var path = _folder.WriteText("flowers.csv", Flowers.Replace("\n", "\r\n", StringComparison.Ordinal), byteOrderMark: true);
        var broken = _folder.WriteText("broken.csv", Flowers.Replace("3.3", "three", StringComparison.Ordinal));

        // When they are loaded
        var data = CsvDataset.LoadClassification<float>(path, CsvColumn.Named("species"));
        var load = () => CsvDataset.LoadClassification<float>(broken, CsvColumn.Named("species"));

        // Then the BOM is not part of the first column's name, the values are read, and the error names the file
        data.FeatureNames.Should().Equal("sepal length", "sepal width");
        data.Inputs[0, 3].Should().Be(4.9f);
        load.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().StartWith($"'{broken}' line 4 (row 3)");
    }

    [Fact]
    public void The_separator_cannot_be_a_quote_or_line_break()
    {
        // When a double quote is given as the separator, then it is refused
        var create = () => new CsvOptions { Separator = '"' };
        create.Should().ThrowExactly<ArgumentException>();
    }
}
