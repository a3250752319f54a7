using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="CsvParser"/> splits text into records as RFC 4180 says (quoted fields may hold separators, line
/// breaks and doubled quotes) and names the line of anything it cannot read.
/// </summary>
public sealed class CsvParserTests
{
    private static List<CsvRecord> Parse(string text, char separator = ',')
        => CsvParser.Read(new StringReader(text), separator, "'test.csv'");

    [Fact]
    public void Quoted_fields_keep_separators_doubled_quotes_and_line_breaks_literally()
    {
        // Given a record whose quoted fields hold a comma, a doubled quote and a CRLF, then one more record
        var text = "\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nx,y,z\r\n";

        // When parsed
        var records = Parse(text);

        // Then the fields are unquoted and unescaped, the line break kept, and the second record starts on line 3
        records.Should().HaveCount(2);
        records[0].Fields.Should().Equal("a,b", "say \"hi\"", "two\r\nlines");
        records[0].Line.Should().Be(1);
        records[1].Fields.Should().Equal("x", "y", "z");
        records[1].Line.Should().Be(3);
    }

    [Theory]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\rc,d\r")]
    [InlineData("a,b\nc,d")]
    public void LF_CRLF_and_CR_all_end_records_and_a_final_line_break_is_optional(string text)
    {
        // Given two records ended by LF, CRLF or CR, with or without a final line break
        // When parsed
        var records = Parse(text);

        // Then each gives the same two records on lines 1 and 2
        records.Select(r => r.Fields).Should().BeEquivalentTo([new[] { "a", "b" }, ["c", "d"]], o => o.WithStrictOrdering());
        records.Select(r => r.Line).Should().Equal(1, 2);
    }

    [Fact]
    public void Empty_fields_are_kept_and_empty_lines_are_skipped()
    {
        // Given empty fields in the middle, at the end and quoted, and blank lines between records
        var records = Parse("a,,c,\n\n\"\",x\n\r\n");

        // Then the empty fields are there, the blank lines are not records, and lines still count them
        records.Should().HaveCount(2);
        records[0].Fields.Should().Equal("a", string.Empty, "c", string.Empty);
        records[1].Fields.Should().Equal(string.Empty, "x");
        records[1].Line.Should().Be(3);
    }

    [Fact]
    public void Another_separator_is_honoured_and_commas_are_then_ordinary()
    {
        // Given a semicolon separator, a decimal comma and a quoted semicolon
        // When parsed, then the comma is text and the quoted semicolon too
        Parse("1,5;\"a;b\"\n", ';').Single().Fields.Should().Equal("1,5", "a;b");
    }

    [Fact]
    public void A_quote_that_is_never_closed_is_refused_naming_the_line_it_opens_on()
    {
        // Given a quote opened on line 2 and never closed
        // When parsed, then the message names the line it opens on
        var parse = () => Parse("a,b\nc,\"open\nmore\n");
        parse.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("'test.csv'").And.Contain("opens on line 2 (column index 1) is never closed");
    }

    [Fact]
    public void Text_after_a_closing_quote_is_refused_naming_the_line_and_column()
    {
        // Given an x right after a closing quote
        // When parsed, then the message names the line, column and character
        var parse = () => Parse("a,b\nc,\"quoted\"x\n");
        parse.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("'test.csv' line 2, column index 1").And.Contain("'x' after the closing quote");
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_refused_naming_the_line_and_column()
    {
        // Given a height written 5'11" without quoting the field
        // When parsed, then the message names the line and column and says how to quote
        var parse = () => Parse("a,b\nc,5'11\"\n");
        parse.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("'test.csv' line 2, column index 1").And.Contain("a quote inside an unquoted field");
    }
}
