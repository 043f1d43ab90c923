using System.Runtime.CompilerServices;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Reads a CSV import whose header names the API's JSON fields (see <see cref="CsvHeader"/>) and yields each row as
/// the JSON object it stands for, ready for the same validation as an NDJSON line. A header that cannot be used is one
/// error and the end of the file: no row could be read right without it.
/// </summary>
public static class CsvRecords
{
    public static async IAsyncEnumerable<ImportLine> ReadAsync(
        Stream input, ImportLimits limits, [EnumeratorCancellation] CancellationToken ct = default)
    {
        CsvHeader? header = null;
        await foreach (var row in CsvReader.ReadAsync(input, limits, ct))
        {
            if (header is not null)
            {
                yield return row.Error is null ? header.ToRecord(row) : new ImportLine(row.Line, null, row.Error);
                continue;
            }
            if (row.Error is not null)
            {
                yield return ImportLine.Failed(row.Line, "", $"the header cannot be read: {row.Error.Message}");
                yield break;
            }
            header = CsvHeader.Read(row, out var error);
            if (error is not null)
            {
                yield return new ImportLine(error.Line, null, error);
                yield break;
            }
        }
        if (header is null) yield return ImportLine.Failed(1, "", NoHeader);
    }

    internal const string NoHeader = "the file is empty: a CSV import starts with a header row naming its columns.";
}
