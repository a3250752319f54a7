using System.Text;

namespace Backprop.Data;

/// <summary>One record of a CSV file: its fields and the line it starts on (1-based; a quoted field may span lines).</summary>
internal readonly record struct CsvRecord(string[] Fields, int Line);

/// <summary>
/// Splits CSV text into records as RFC 4180 describes: fields separated by one character, records ended by
/// CRLF, LF or CR, fields optionally in double quotes, inside which separators, line breaks and doubled
/// quotes (<c>""</c> for one <c>"</c>) are literal. Empty lines are skipped. A quote inside an unquoted
/// field, text after a closing quote and an unclosed quote throw <see cref="InvalidDataException"/>.
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

    /// <summary>Reads all records.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="subject">How messages name the source, quoted (for example <c>'iris.csv'</c>).</param>
    public static List<CsvRecord> Read(TextReader reader, char separator, string subject)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var state = State.StartOfField;
        var line = 1;
        var recordLine = 1;
        var quoteLine = 1;
        var recordStarted = false;
        var afterCarriageReturn = false;
        var buffer = new char[1 << 14];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
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
                        field.Append(c);
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
                            $"{subject} line {line}, column index {fields.Count}: a quote inside an unquoted field ('{field}\"…'); a field with quotes must be quoted whole, each quote doubled.");
                    case State.StartOfField or State.Unquoted:
                        field.Append(c);
                        state = State.Unquoted;
                        break;
                    case State.Quoted when c == '"':
                        state = State.QuoteInQuoted;
                        break;
                    case State.Quoted:
                        field.Append(c);
                        break;
                    case State.QuoteInQuoted when c == '"':
                        field.Append('"');
                        state = State.Quoted;
                        break;
                    case State.QuoteInQuoted when c == separator:
                        EndField();
                        break;
                    default:
                        throw new InvalidDataException(
                            $"{subject} line {line}, column index {fields.Count}: '{c}' after the closing quote of \"{field}\"; a quoted field ends at a separator or the end of the line (write \"\" for a quote inside it).");
                }
            }
        }

        if (state == State.Quoted)
        {
            throw new InvalidDataException($"{subject}: the quoted field that opens on line {quoteLine} (column index {fields.Count}) is never closed.");
        }

        if (recordStarted)
        {
            EndRecord();
        }

        return records;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            state = State.StartOfField;
        }

        void EndRecord()
        {
            EndField();
            records.Add(new CsvRecord([.. fields], recordLine));
            fields.Clear();
            recordStarted = false;
        }
    }
}
