using System.Runtime.CompilerServices;
using System.Text;

namespace StatementTracker.Api.Imports;

/// <summary>One CSV record: the line it starts on and its fields, or why it could not be read.</summary>
public sealed record CsvRow(long Line, IReadOnlyList<string>? Fields, ImportError? Error);

/// <summary>
/// Reads RFC 4180 CSV as it streams in. Records are split by bytes, aware of quotes, so a record's line number is the
/// line it starts on even after records with line breaks in quoted fields, and a record that cannot be read (bad UTF-8,
/// too long, a stray quote) is an error for that record alone. Blank lines are skipped.
/// </summary>
public static class CsvReader
{
    public const string CutOffMessage = "the record is cut off: a quoted field is not closed before the end of the file";

    public static async IAsyncEnumerable<CsvRow> ReadAsync(
        Stream input, ImportLimits limits, [EnumeratorCancellation] CancellationToken ct = default)
    {
        limits.Check();
        await foreach (var raw in RecordSplitter.ReadAsync(input, new CsvBoundary(), limits.MaxRecordBytes, ct))
        {
            if (Read(raw, limits) is { } row) yield return row;
        }
    }

    private static CsvRow? Read(RawRecord raw, ImportLimits limits)
    {
        if (raw.TooLong) return Failed(raw.Line, RecordMessages.TooLong($"the record on line {raw.Line}", raw.Length, limits.MaxRecordBytes));
        if (raw.CutOff) return Failed(raw.Line, CutOffMessage);
        var bytes = raw.Bytes.Span;
        if (bytes.IsEmpty) return null;
        var invalid = Utf8Check.FirstInvalidByte(bytes);
        if (invalid >= 0) return Failed(raw.Line, RecordMessages.NotUtf8($"the record on line {raw.Line}", invalid));
        var fields = CsvFields.Split(Encoding.UTF8.GetString(bytes), out var error);
        return fields is null ? Failed(raw.Line, $"the record on line {raw.Line}: {error}") : new CsvRow(raw.Line, fields, null);
    }

    private static CsvRow Failed(long line, string message) => new(line, null, new ImportError(line, "", message));
}
