using System.Globalization;

namespace Backprop.Data;

/// <summary>One record of a CSV file: its fields and the line it starts on (1-based; a quoted field may span lines).</summary>
internal readonly record struct CsvRecord(string[] Fields, int Line);

/// <summary>Receives the fields of a CSV text as <see cref="CsvParser"/> finds them (each field's text is valid only during the call).</summary>
internal interface ICsvSink
{
    /// <summary>A field of the record that starts on <paramref name="line"/>, at column <paramref name="column"/> (0-based).</summary>
    void Field(ReadOnlySpan<char> text, int column, int line);

    /// <summary>The end of a record of <paramref name="fields"/> fields that starts on <paramref name="line"/>.</summary>
    void EndRecord(int fields, int line);
}

/// <summary>
/// Splits CSV text into records as RFC 4180 describes: fields separated by one character, records ended by
/// CRLF, LF or CR, fields optionally in double quotes, inside which separators, line breaks and doubled
/// quotes (<c>""</c> for one <c>"</c>) are literal. Empty lines are skipped. A quote inside an unquoted
/// field, text after a closing quote, an unclosed quote, a NUL character, a field longer than
/// <see cref="CsvOptions.MaxFieldLength"/>, a record of more than <see cref="CsvOptions.MaxColumns"/> fields and text
/// of more than <see cref="CsvOptions.MaxBytes"/> characters throw <see cref="InvalidDataException"/>, each as soon
/// as it is met. Fields are handed over as spans of one reused buffer, so parsing allocates a fixed amount.
/// </summary>
internal static class CsvParser
{
    private enum State
    {
        StartOfField,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>Reads all records as strings (for tests and small texts).</summary>
    public static List<CsvRecord> Read(TextReader reader, char separator, string subject)
    {
        var sink = new RecordSink();
        Parse(reader, new CsvOptions { Separator = separator }, subject, sink);
        return sink.Records;
    }

    /// <summary>Hands every field and record end of the text to <paramref name="sink"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="options">The separator and the limits.</param>
    /// <param name="subject">How messages name the source, quoted (for example <c>'iris.csv'</c>).</param>
    /// <param name="sink">Receives the fields.</param>
    public static void Parse(TextReader reader, CsvOptions options, string subject, ICsvSink sink)
    {
        var separator = options.Separator;
        var field = new char[Math.Min(options.MaxFieldLength, 256)];
        var fieldLength = 0;
        var column = 0;
        var state = State.StartOfField;
        var line = 1;
        var recordLine = 1;
        var quoteLine = 1;
        var recordStarted = false;
        var afterCarriageReturn = false;
        var buffer = new char[1 << 14];
        long total = 0;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > options.MaxBytes)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{subject} is longer than the limit of {options.MaxBytes} characters (CsvOptions.MaxBytes); refused at line {line}."));
            }

            for (var k = 0; k < read; k++)
            {
                var c = buffer[k];
                if (c is '\r' or '\n')
                {
                    // CRLF is one line break: its CR did the work, its LF is only kept inside quotes.
                    var completesCrLf = c == '\n' && afterCarriageReturn;
                    afterCarriageReturn = c == '\r';
                    if (state == State.Quoted)
                    {
                        Append(c);
                        line += completesCrLf ? 0 : 1;
                        continue;
                    }

                    if (completesCrLf)
                    {
                        continue;
                    }

                    if (recordStarted)
                    {
                        EndRecord();
                    }

                    line++;
                    recordLine = line;
                    continue;
                }

                if (c == '\0')
                {
                    // .NET's number parsing ignores trailing NULs ("1\0" would read as 1): a NUL is never text.
                    throw new InvalidDataException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{subject} line {line}, column index {column}: a NUL character (U+0000); a CSV file is text, and NUL is not part of any field."));
                }

                afterCarriageReturn = false;
                recordStarted = true;
                switch (state)
                {
                    case State.StartOfField when c == '"':
                        state = State.Quoted;
                        quoteLine = line;
                        break;
                    case State.StartOfField or State.Unquoted when c == separator:
                        EndField();
                        break;
                    case State.StartOfField or State.Unquoted when c == '"':
                        throw new InvalidDataException(
                            $"{subject} line {line}, column index {column}: a quote inside an unquoted field ('{Shown()}\"…'); a field with quotes must be quoted whole, each quote doubled.");
                    case State.StartOfField or State.Unquoted:
                        Append(c);
                        state = State.Unquoted;
                        break;
                    case State.Quoted when c == '"':
                        state = State.QuoteInQuoted;
                        break;
                    case State.Quoted:
                        Append(c);
                        break;
                    case State.QuoteInQuoted when c == '"':
                        Append('"');
                        state = State.Quoted;
                        break;
                    case State.QuoteInQuoted when c == separator:
                        EndField();
                        break;
                    default:
                        throw new InvalidDataException(
                            $"{subject} line {line}, column index {column}: '{c}' after the closing quote of \"{Shown()}\"; a quoted field ends at a separator or the end of the line (write \"\" for a quote inside it).");
                }
            }
        }

        if (state == State.Quoted)
        {
            throw new InvalidDataException($"{subject}: the quoted field that opens on line {quoteLine} (column index {column}) is never closed.");
        }

        if (recordStarted)
        {
            EndRecord();
        }

        void Append(char c)
        {
            if (fieldLength == field.Length)
            {
                if (fieldLength >= options.MaxFieldLength)
                {
                    throw new InvalidDataException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{subject} line {line}, column index {column}: the field is longer than the limit of {options.MaxFieldLength} characters (CsvOptions.MaxFieldLength)."));
                }

                Array.Resize(ref field, (int)Math.Min(2L * field.Length, options.MaxFieldLength));
            }

            field[fieldLength++] = c;
        }

        string Shown() => new(field, 0, Math.Min(fieldLength, 40));

        void EndField()
        {
            if (column >= options.MaxColumns)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{subject} line {recordLine}: the record has more than {options.MaxColumns} fields (CsvOptions.MaxColumns)."));
            }

            sink.Field(field.AsSpan(0, fieldLength), column, recordLine);
            column++;
            fieldLength = 0;
            state = State.StartOfField;
        }

        void EndRecord()
        {
            EndField();
            sink.EndRecord(column, recordLine);
            column = 0;
            recordStarted = false;
        }
    }

    private sealed class RecordSink : ICsvSink
    {
        private readonly List<string> _fields = [];

        public List<CsvRecord> Records { get; } = [];

        public void Field(ReadOnlySpan<char> text, int column, int line) => _fields.Add(text.ToString());

        public void EndRecord(int fields, int line)
        {
            Records.Add(new CsvRecord([.. _fields], line));
            _fields.Clear();
        }
    }
}
