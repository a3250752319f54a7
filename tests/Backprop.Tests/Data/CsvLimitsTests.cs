using System.Text;
using Backprop.Data;
using Backprop.Tests.Serialization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="CsvDataset"/> within <see cref="CsvOptions"/>' limits, and the text it refuses (issue 17's findings,
/// reproduced small): too many classes, rows, columns or characters, long fields, NUL, invalid UTF-8.
/// </summary>
public sealed class CsvLimitsTests
{
    [Fact]
    public void Forty_six_thousand_distinct_labels_are_refused_at_the_class_limit_not_by_an_overflow()
    {
        // Given 46,341 rows with distinct labels (the finding: 46,341² overflowed int; 65,536 indexed out of range)
        var text = new StringBuilder("x,label\n");
        for (var i = 0; i < 46_341; i++)
        {
            text.Append("1,c").Append(i).Append('\n');
        }

        // When read with the default limit of 10,000 classes
        var (exception, allocated) = BoundedLoadTests.Measure(() => CsvDataset.ReadClassification<float>(new StringReader(text.ToString()), CsvColumn.At(1)));

        // Then the label that would be class 10,001 is refused, naming its line
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("line 10002 (row 10001)").And.Contain("more than the limit of 10000 (CsvOptions.MaxClasses)");
        allocated.Should().BeLessThan(8L << 20);
    }

    [Fact]
    public void One_hot_targets_beyond_one_array_are_refused_before_they_are_allocated()
    {
        // Given 50,000 distinct labels allowed by the options: 50,000² = 2.5 × 10⁹ targets, more than an array holds
        var text = new StringBuilder("x,label\n");
        for (var i = 0; i < 50_000; i++)
        {
            text.Append("1,c").Append(i).Append('\n');
        }

        var read = () => CsvDataset.ReadClassification<float>(new StringReader(text.ToString()), CsvColumn.At(1), new CsvOptions { MaxClasses = 100_000 });

        // Then the shape is refused by name, not by OverflowException or an attempt to allocate gigabytes
        read.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().Contain("50000 classes and 50000 rows").And.Contain("do not fit one array");
    }

    [Fact]
    public void The_public_LabeledDataset_constructor_refuses_targets_beyond_one_array()
    {
        // Given 65,536 samples and 65,536 classes (the finding: IndexOutOfRangeException from the shared one-hot)
        var inputs = Matrix<float>.Build.Dense(1, 65_536);
        var labels = Enumerable.Range(0, 65_536).ToArray();
        var names = labels.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // When the dataset is made, then ArgumentException names the product
        var make = () => new LabeledDataset<float>(inputs, labels, names);
        make.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("65536 classes × 65536 samples");
    }

    [Fact]
    public void Many_short_rows_cost_about_twice_the_result_not_a_string_per_field()
    {
        // Given 4 MB of rows "1,0\n" … (the finding: 200 MB of short rows peaked at 7.2 GB)
        const long Length = 4L << 20;
        var rows = (int)((Length - 4) / 4);
        var stream = new GeneratedStream("a,b\n", "1,0\n", 4 + (4L * rows));

        // When read for regression as double
        RegressionDataset<double>? data = null;
        var (exception, allocated) = BoundedLoadTests.Measure(() => data = CsvDataset.ReadRegression<double>(new StreamReader(stream), CsvColumn.At(1)));

        // Then every row is there, and the read allocated within twice the result (2 × 8 bytes a row) plus a fixed amount
        exception.Should().BeNull();
        data!.Count.Should().Be(rows);
        allocated.Should().BeLessThan((2L * 16 * rows) + (2L << 20));
    }

    [Fact]
    public void A_field_longer_than_the_limit_is_refused_at_the_first_character_too_many()
    {
        // Given a 64 MB field (the finding: a 500 MB field allocated 2 GB)
        var stream = new GeneratedStream("a,b\n1,", "x", 64L << 20);

        // When read, then it is refused after the field limit, having read little of it
        var (exception, allocated) = BoundedLoadTests.Measure(() => CsvDataset.ReadClassification<double>(new StreamReader(stream), CsvColumn.At(1)));
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("line 2, column index 1: the field is longer than the limit of 4096 characters");
        stream.BytesRead.Should().BeLessThan(1L << 20);
        allocated.Should().BeLessThan(1L << 20);
    }

    [Fact]
    public void A_text_longer_than_the_size_limit_is_refused_after_the_limit()
    {
        // Given endless rows (the finding: /dev/zero grew without bound), read with a limit of 1 MB
        var stream = new GeneratedStream("a,b\n", "1,2\n", long.MaxValue);
        var (exception, _) = BoundedLoadTests.Measure(() => CsvDataset.ReadRegression<double>(new StreamReader(stream), CsvColumn.At(1), new CsvOptions { MaxBytes = 1 << 20 }));

        // Then it is refused by the size limit, having read about the limit
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("CsvOptions.MaxBytes");
        stream.BytesRead.Should().BeLessThan(2L << 20);
    }

    [Theory]
    [InlineData(2, "more than 2 data rows (CsvOptions.MaxRows)")]
    public void Rows_beyond_the_limit_are_refused(int maxRows, string expected)
    {
        var read = () => CsvDataset.ReadRegression<double>(new StringReader("a,b\n1,2\n3,4\n5,6\n"), CsvColumn.At(1), new CsvOptions { MaxRows = maxRows });
        read.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().Contain("line 4").And.Contain(expected);
    }

    [Fact]
    public void Columns_beyond_the_limit_are_refused()
    {
        var read = () => CsvDataset.ReadRegression<double>(new StringReader("a,b,c,d\n1,2,3,4\n"), CsvColumn.At(1), new CsvOptions { MaxColumns = 3 });
        read.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().Contain("line 1: the record has more than 3 fields (CsvOptions.MaxColumns)");
    }

    [Fact]
    public void A_number_followed_by_NUL_is_refused_not_read_as_the_number()
    {
        // Given "1\0" as a feature (the finding: .NET's parser ignores trailing NULs, so it read as 1)
        var read = () => CsvDataset.ReadRegression<double>(new StringReader("a,b\n1\0,2\n"), CsvColumn.At(1));

        // Then the NUL is refused where it is
        read.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().Contain("line 2, column index 0: a NUL character");
    }

    [Fact]
    public void Invalid_UTF8_in_a_file_is_refused_so_distinct_labels_cannot_merge()
    {
        // Given two labels that differ only in an invalid byte each (0xFF and 0xFE), which replacement would make one
        using var folder = new TemporaryDirectory();
        var bytes = Encoding.ASCII.GetBytes("x,label\n1,a?\n2,a?\n");
        bytes[11] = 0xFF;
        bytes[16] = 0xFE;
        var path = folder.Write("labels.csv", bytes);

        // When the file is loaded, then it is refused as not UTF-8
        var load = () => CsvDataset.LoadClassification<double>(path, CsvColumn.At(1));
        load.Should().ThrowExactly<InvalidDataException>().Which.Message.Should().Contain("labels.csv").And.Contain("is not valid UTF-8");
    }

    [Fact]
    public void Character_devices_are_refused_before_they_are_read()
    {
        // Given /dev/zero (endless NULs), when loaded, then IOException names it as a device
        var load = () => CsvDataset.LoadClassification<double>("/dev/zero", CsvColumn.At(1));
        load.Should().ThrowExactly<IOException>().Which.Message.Should().Contain("character device");
    }
}
