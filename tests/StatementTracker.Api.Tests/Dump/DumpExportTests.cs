using StatementTracker.Api.Data;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Dump;

namespace StatementTracker.Api.Tests.Dump;

/// <summary>GET /v1/export: who may take it, what it says it is, and that it is one consistent picture of the database.</summary>
public class DumpExportTests
{
    [Fact]
    public async Task TheExportNeedsAnAdminKey()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        await Problem.AssertAsync(await app.CreateAnonymousClient().GetAsync("/v1/export"), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await app.CreateClient(await app.CreateKeyAsync(Scopes.Read)).GetAsync("/v1/export"), HttpStatusCode.Forbidden);
        await Problem.AssertAsync(await app.CreateClient(await app.CreateKeyAsync(Scopes.Write)).GetAsync("/v1/export"), HttpStatusCode.Forbidden);
        using var admin = await app.CreateClient(await app.CreateKeyAsync(Scopes.Admin)).GetAsync("/v1/export");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task TheExportIsAnNdjsonAttachmentStreamedAsItIsReadAndNeverCached()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        using var response = await app.CreateClient().GetAsync("/v1/export", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var header = JsonNode.Parse((await reader.ReadLineAsync())!)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Matches("^attachment; filename=\"statementtracker-dump-\\d{4}-\\d\\d-\\d\\d\\.ndjson\"$", response.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // The conditional-GET buffer would have hashed the whole answer into an ETag; a streamed answer has none.
        Assert.Null(response.Headers.ETag);
        Assert.Equal("dump", header.Str("type"));
        Assert.Equal(1, header["format"]!.GetValue<int>());
        Assert.Equal(DumpTestData.SchemaVersion, header["schemaVersion"]!.GetValue<int>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", header.Str("exportedAt"));
        Assert.Equal(DumpStore.Tables.Select(t => t.Name), header["tables"]!.AsArray().Select(t => t!.GetValue<string>()));
        var rest = (await reader.ReadToEndAsync()).TrimEnd('\n').Split('\n');
        var rows = rest[..^1].Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(DumpTestData.CountRows(app), JsonNode.Parse(rest[^1])!["counts"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<long>()));
        Assert.Equal(7, rows.Count(r => r.Str("table") == "people"));
        Assert.Equal("Vladimir Putin", rows.Where(r => r.Str("table") == "people").ElementAt(1)["row"].Str("name"));
    }

    [Fact]
    public async Task ADumpReadsEveryTableAsOfOneInstantWhileWritesGoOn()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DumpStore>();

        await using var snapshot = await store.BeginSnapshotAsync(CancellationToken.None);
        var people = await Count(snapshot, "people");
        await client.CreatePersonAsync("Steven Mnuchin");
        await client.CreateStatementAsync("steven-mnuchin", "2017-07-09", "We are working on it.");
        var statements = await Count(snapshot, "statements");
        var revisions = await Count(snapshot, "revisions");

        Assert.Equal((7, 8), (people, statements));
        Assert.Equal(DumpTestData.CountRows(app)["revisions"] - 2, revisions);
        Assert.Equal(7, await Count(snapshot, "people"));
        Assert.Equal(8, DumpTestData.CountRows(app)["people"]);
    }

    [Fact]
    public async Task EveryColumnOfEveryDumpedTableIsInTheDumpInItsDeclaredOrder()
    {
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().GetJsonAsync("/health");
        using var connection = app.OpenDatabase();

        foreach (var table in DumpStore.Tables)
        {
            using var command = connection.CreateCommand();
            // statements.flags (migration 0016) is made by the database itself from the links, reversals and reviews a
            // restore writes, and statements.parts (0017) is a copy of the statement's sources, topics and stances, so
            // a dump leaves both out. PostgreSQL's tables also hold row_seq (the insertion order
            // SQLite's rowid gives) and the search vector, made the same way, so a restore needs neither.
            command.CommandText = app.Engine == DatabaseEngine.Postgres
                ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table.Name}' AND column_name NOT IN ('row_seq', 'search_vector', 'flags', 'parts') ORDER BY ordinal_position"
                : $"SELECT name FROM pragma_table_info('{table.Name}') WHERE name NOT IN ('flags', 'parts') ORDER BY cid";
            using var reader = command.ExecuteReader();
            var columns = new List<string>();
            while (reader.Read()) columns.Add(reader.GetString(0));
            // A migration that adds a column must add it to DumpStore.Tables too, or restores would lose it.
            Assert.True(columns.SequenceEqual(table.Columns), $"{table.Name} has the columns {string.Join(", ", columns)}; the dump lists {string.Join(", ", table.Columns)}");
        }
    }

    [Fact]
    public async Task EveryTableIsDumpedOrLeftOutOnPurpose()
    {
        // Keys are secrets and settings hold the cursor key; the rest is the database's own bookkeeping (data_version:
        // PostgreSQL's count of writes, for the read cache), or a log of imports, or (current_stances) derived again from
        // the stances on restore.
        string[] leftOut = ["api_keys", "settings", "schema_migrations", "maintenance_tasks", "import_jobs", "import_errors", "current_stances", "data_version"];
        await using var app = new StatementTrackerApplication();
        await app.CreateClient().GetJsonAsync("/health");
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = app.Engine == DatabaseEngine.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND name NOT LIKE 'statements!_fts%' ESCAPE '!'";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));

        var undecided = tables.Where(t => DumpStore.Find(t) is null && !leftOut.Contains(t)).ToList();

        Assert.True(undecided.Count == 0, $"Add {string.Join(", ", undecided)} to DumpStore.Tables, or to the tables left out on purpose here, saying why.");
        Assert.All(DumpStore.Tables, table => Assert.Contains(table.Name, tables));
    }

    private static async Task<int> Count(DumpStore.Snapshot snapshot, string table)
    {
        var count = 0;
        await foreach (var _ in snapshot.RowsAsync(DumpStore.Find(table)!, CancellationToken.None)) count++;
        return count;
    }
}
