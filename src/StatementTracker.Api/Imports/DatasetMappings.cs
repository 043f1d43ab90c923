using System.Runtime.CompilerServices;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Reads a public dataset's CSV with one of the mappings and yields its import records, each with the line of the row
/// it came from, or one error for a row that is skipped or cannot be read. A header without the columns the mapping
/// needs is one error and the end of the file.
/// </summary>
public static class DatasetMappings
{
    public static IReadOnlyList<string> Formats { get; } = ["liar2", "trump-tweets"];

    /// <summary>A new mapping for one file; <paramref name="fileName"/> is cited in the records' sources where the dataset has no page to link to.</summary>
    public static IDatasetMapping Create(string format, string fileName) => format switch
    {
        "liar2" => new Liar2Mapping(fileName),
        "trump-tweets" => new TrumpTweetsMapping(),
        _ => throw new ArgumentException($"format must be one of: {string.Join(", ", Formats)}.", nameof(format)),
    };

    public static IAsyncEnumerable<ImportLine> ReadAsync(
        string format, string fileName, Stream input, ImportLimits limits, CancellationToken ct = default) =>
        ReadAsync(Create(format, fileName), input, limits, ct);

    /// <summary>Reads with a mapping the caller keeps, to read its counts (<see cref="TrumpTweetsMapping.DatesDisagreeingWithId"/>) afterwards.</summary>
    public static async IAsyncEnumerable<ImportLine> ReadAsync(
        IDatasetMapping mapping, Stream input, ImportLimits limits, [EnumeratorCancellation] CancellationToken ct = default)
    {
        List<string>? columns = null;
        await foreach (var row in CsvReader.ReadAsync(input, limits, ct))
        {
            if (columns is null)
            {
                var error = row.Error is { } unreadable
                    ? ImportLine.Failed(row.Line, "", $"the header cannot be read: {unreadable.Message}")
                    : Header(mapping, row, out columns);
                if (error is null) continue;
                yield return error;
                yield break;
            }
            if (row.Error is not null)
            {
                yield return new ImportLine(row.Line, null, row.Error);
                continue;
            }
            if (row.Fields!.Count > columns.Count)
            {
                yield return ImportLine.Failed(row.Line, "", $"the record on line {row.Line} has {row.Fields.Count} fields but the header has {columns.Count} columns.");
                continue;
            }
            var cells = new Dictionary<string, string>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++) cells[columns[i]] = i < row.Fields.Count ? row.Fields[i] : "";
            var mapped = mapping.Map(row.Line, cells);
            if (mapped.Skipped is not null) yield return new ImportLine(row.Line, null, mapped.Skipped);
            else foreach (var record in mapped.Records)
            {
                // A dataset adds what is missing and never rewrites what an editor curated (a senator's description,
                // a tweet recorded with its news sources); running it again changes nothing either way.
                record["onExisting"] = "keep";
                yield return new ImportLine(row.Line, record, null);
            }
        }
        if (columns is null) yield return ImportLine.Failed(1, "", CsvRecords.NoHeader);
    }

    /// <summary>The header's column names, or an error when one is named twice or a column the mapping needs is missing.</summary>
    private static ImportLine? Header(IDatasetMapping mapping, CsvRow row, out List<string>? columns)
    {
        columns = row.Fields!.Select(f => f.Trim()).ToList();
        var twice = columns.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToList();
        var missing = mapping.RequiredColumns.Except(columns, StringComparer.Ordinal).Select(c => $"'{c}'").ToList();
        if (twice.Count == 0 && missing.Count == 0) return null;
        columns = null;
        var problem = twice.Count > 0
            ? $"it names {string.Join(", ", twice)} more than once."
            : $"a {mapping.Format} file needs the columns {string.Join(", ", missing)}, which it lacks.";
        return ImportLine.Failed(row.Line, "", $"the header cannot be used: {problem}");
    }
}
