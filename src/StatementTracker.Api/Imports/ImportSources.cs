namespace StatementTracker.Api.Imports;

/// <summary>The formats an import reads, and the reader of each: every one yields records with their line numbers.</summary>
public static class ImportSources
{
    public static readonly string[] Formats = ["ndjson", "csv", "claimreview", .. DatasetMappings.Formats, Dump];

    /// <summary>A whole database from GET /v1/export, restored as it was (ids, revisions and all) into an empty database.</summary>
    public const string Dump = "dump";

    /// <summary>The format a Content-Type names, when it names one.</summary>
    public static string? FormatOf(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)) return null;
        return type.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" => "ndjson",
            "text/csv" => "csv",
            "application/ld+json" => "claimreview",
            _ => null,
        };
    }

    public static IAsyncEnumerable<ImportLine> Open(ImportSettings settings, Stream input, ImportLimits limits, CancellationToken ct) => settings.Format switch
    {
        "ndjson" => NdjsonReader.ReadAsync(input, limits, ct),
        "csv" => CsvRecords.ReadAsync(input, limits, ct),
        "claimreview" => ClaimReviewReader.ReadAsync(input, limits, ct),
        _ => DatasetMappings.ReadAsync(settings.Format, settings.FileName, input, limits, ct),
    };
}
