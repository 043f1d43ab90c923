using System.Runtime.CompilerServices;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Reads newline-delimited JSON, one object per line, as it streams in. Blank lines are skipped; a line that cannot be
/// read is an error for that line alone, and the next line is read as usual.
/// </summary>
public static class NdjsonReader
{
    public static async IAsyncEnumerable<ImportLine> ReadAsync(
        Stream input, ImportLimits limits, [EnumeratorCancellation] CancellationToken ct = default)
    {
        limits.Check();
        await foreach (var raw in RecordSplitter.ReadAsync(input, new LineBoundary(), limits.MaxRecordBytes, ct))
        {
            if (Read(raw, limits) is { } line) yield return line;
        }
    }

    private static ImportLine? Read(RawRecord raw, ImportLimits limits)
    {
        if (raw.TooLong) return ImportLine.Failed(raw.Line, "", RecordMessages.TooLong($"line {raw.Line}", raw.Length, limits.MaxRecordBytes));
        var bytes = raw.Bytes.Span;
        if (bytes.TrimStart(" \t\r"u8).IsEmpty) return null;
        return JsonLineParser.Parse(raw.Line, bytes, limits.MaxDepth, raw.EndsFile);
    }
}
