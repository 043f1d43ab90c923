using System.Text;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Splits one CSV record (its line break removed) into fields by RFC 4180: commas between fields, a field in double
/// quotes may hold commas, quotes written twice and line breaks, which are kept as written. Like common spreadsheet
/// readers, a quote inside an unquoted field is just a character; text after a closing quote is an error, since the
/// writer meant something we cannot guess.
/// </summary>
internal static class CsvFields
{
    public static List<string>? Split(string record, out string? error)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                var (value, end) = Quoted(record, i + 1);
                if (end < 0)
                {
                    error = $"field {fields.Count + 1} opens a quote that is never closed.";
                    return null;
                }
                if (end < record.Length && record[end] != ',')
                {
                    error = $"field {fields.Count + 1} has text after its closing quote; a quote inside a quoted field must be doubled (\"\").";
                    return null;
                }
                fields.Add(value);
                i = end;
            }
            else
            {
                var comma = record.IndexOf(',', i);
                var end = comma < 0 ? record.Length : comma;
                fields.Add(record[i..end]);
                i = end;
            }
            if (i >= record.Length) break;
            i++; // the comma; a record ending in one has an empty last field, which the next turn reads
        }
        error = null;
        return fields;
    }

    /// <summary>The text of a quoted field that starts at <paramref name="start"/>, and the index just after its closing quote (-1 when none).</summary>
    private static (string Value, int End) Quoted(string record, int start)
    {
        var value = new StringBuilder();
        var i = start;
        while (true)
        {
            var quote = record.IndexOf('"', i);
            if (quote < 0) return ("", -1);
            value.Append(record, i, quote - i);
            if (quote + 1 < record.Length && record[quote + 1] == '"')
            {
                value.Append('"');
                i = quote + 2;
                continue;
            }
            return (value.ToString(), quote + 1);
        }
    }
}
