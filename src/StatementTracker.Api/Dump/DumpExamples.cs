namespace StatementTracker.Api.Dump;

/// <summary>The dump's description and example for the OpenAPI document (the example is DumpExample.ndjson, embedded).</summary>
public static class DumpExamples
{
    public const string Description =
        "Everything needed to rebuild the database, as NDJSON in UTF-8: first a header line (`type` dump, `format` 1, `schemaVersion`, " +
        "`exportedAt`, `tables`), then one line per row, `{\"table\":\"people\",\"row\":{...}}`, with the database's own column names " +
        "and values as stored, retracted records, every revision and the reversals' history included; last an `end` line with the " +
        "number of rows of each table, so a download that was cut off is recognised. It is read from one snapshot: a write made " +
        "while it streams is wholly out of it, never half in. Streamed as it is read, so it starts at once whatever the size; " +
        "`Cache-Control: no-store`. Not in it: API keys (a restored database makes its own) and the key that signs list cursors " +
        "(cursors of this database do not work on the restored one). Restore it into an empty database with the command " +
        "`restore FILE`.";

    /// <summary>A whole dump of a database that holds Trump and one tweet of his: every table, the revisions, the counts.</summary>
    public static readonly string Dump = ReadExample();

    private static string ReadExample()
    {
        using var stream = typeof(DumpExamples).Assembly.GetManifestResourceStream("openapi/dump-example.ndjson")
            ?? throw new InvalidOperationException("The dump's example is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
