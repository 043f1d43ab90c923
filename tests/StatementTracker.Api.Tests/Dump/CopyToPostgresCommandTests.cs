using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using StatementTracker.Api.Dump;

namespace StatementTracker.Api.Tests.Dump;

/// <summary>
/// <c>copy-to-postgres CONNECTION</c>, called as Program calls it, from a service on a SQLite file into a schema of the
/// tests' PostgreSQL server. The source is a SQLite file on either run of the suite (settings override the engine the
/// run gives every application), so the tests that need the server are PostgreSQL-only.
/// </summary>
public class CopyToPostgresCommandTests
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(StatementTrackerApplication app, params string[] args) =>
        await RunAsync(app, new StringWriter(), args);

    private static async Task<Run> RunAsync(StatementTrackerApplication app, StringWriter output, params string[] args)
    {
        var error = new StringWriter();
        var code = await CopyToPostgresCommand.RunAsync(app.Services, args, output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "statementtracker-tests");

    /// <summary>
    /// A service on the SQLite file <paramref name="file"/>, whichever engine the suite runs on. It keeps its file when
    /// disposed (on a PostgreSQL run it would take the path for a schema to drop): <see cref="DeleteSqlite"/> removes it.
    /// </summary>
    private static StatementTrackerApplication OnSqlite(string file, bool seedDemoData = true) =>
        new(seedDemoData, databasePath: file, settings: new Dictionary<string, string>
        {
            ["StatementTracker:Database"] = "sqlite",
            ["ConnectionStrings:StatementTracker"] = $"Data Source={file}",
        }) { KeepDatabase = true };

    /// <summary>Rows of every dumped table in the SQLite file (the application's OpenDatabase opens the run's engine).</summary>
    private static Dictionary<string, long> CountSqlite(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        return DumpTestData.CountRows(connection);
    }

    private static string NewSqliteFile() => Path.Combine(Folder, $"copy-{Guid.NewGuid():N}.db");

    private static void DeleteSqlite(string file)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".dev-key" }) File.Delete(file + suffix);
    }

    [PostgresFact]
    public async Task ACopiedDatabaseAnswersEveryReadWithTheSameBytesAsTheSqliteOne()
    {
        var file = NewSqliteFile();
        // Made now so it is dropped whatever happens; it starts (and migrates) only after the copy has filled the schema.
        await using var copy = new StatementTrackerApplication(databasePath: TestDatabase.CreateSchema());
        try
        {
            await using var source = OnSqlite(file);
            var story = await DumpRoundTripTests.RecordAStoryWithHistoryAsync(source.CreateClient());
            var counts = DumpTestData.Counts(await source.ExportAsync());

            var run = await RunAsync(source, "copy-to-postgres", copy.ConnectionString);

            Assert.True(run.ExitCode == CopyToPostgresCommand.Ok, run.Error);
            Assert.Equal("", run.Error);
            Assert.StartsWith($"Copying {file} to PostgreSQL at ", run.Output);
            // A progress line per table as it is sent, then the table of counts from each database, equal.
            foreach (var (table, count) in counts)
            {
                Assert.Matches($@"\n  {table} +{count!.GetValue<long>():N0}\r?\n", run.Output);
                Assert.Matches($@"\n  {table} +{count.GetValue<long>():N0} +{count.GetValue<long>():N0}\r?\n", run.Output);
            }
            Assert.Contains($"Copied {counts.Sum(c => c.Value!.GetValue<long>()):N0} rows in ", run.Output);
            Assert.DoesNotContain("differs", run.Output);
            Assert.Equal(CountSqlite(file), DumpTestData.CountRows(copy));

            var (before, after) = (source.CreateClient(), copy.CreateClient());
            var statement = (await before.GetJsonAsync("/v1/statements?limit=1"))["items"]![0]!.Str("id");
            string[] reads = ["/v1/people", "/v1/people/donald-j-trump", "/v1/reversals", "/v1/statements?q=cyber", $"/v1/statements/{statement}/revisions"];
            foreach (var url in reads.Concat(story.Reads))
            {
                using var expected = await before.GetAsync(url);
                using var actual = await after.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, expected.StatusCode);
                Assert.True(expected.StatusCode == actual.StatusCode, $"{url} answers {(int)actual.StatusCode} from PostgreSQL");
                var (was, @is) = (await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
                if (url.Contains("?q=", StringComparison.Ordinal))
                {
                    // Search finds the same statements in the same order on both engines here, but each cuts its
                    // highlights its own way (Search/SearchSql.cs): where only the summary matched, SQLite's FTS5
                    // snippet gives the quote's opening words and PostgreSQL none. That difference is the engines', not
                    // the copy's, so hits are compared without it; the ETag hashes the bytes, so it differs with it.
                    (was, @is) = (WithoutHighlights(was), WithoutHighlights(@is));
                    Assert.True(was == @is, $"{url} finds the same from PostgreSQL:\n{was}\n{@is}");
                    continue;
                }
                // Byte for byte everywhere else: text sorts byte-wise on both engines (COLLATE "C"), and ETags come from the bytes.
                Assert.True(was == @is, $"{url} answers the same from PostgreSQL:\n{was}\n{@is}");
                Assert.Equal(expected.Headers.ETag, actual.Headers.ETag);
            }
            // The copy takes new writes after the copied ones: revisions go on from the last sequence number, and the
            // maintenance the migrations queued did not run over the copied reversals at start-up.
            await after.PatchJsonAsync($"/v1/statements/{story.Corrected}", """{"venue":"CNBC"}""");
            Assert.Equal(4, (await after.GetJsonAsync($"/v1/statements/{story.Corrected}/revisions"))["items"]!.AsArray().Count);
        }
        finally
        {
            DeleteSqlite(file);
        }
    }

    private static string WithoutHighlights(string page)
    {
        var json = JsonNode.Parse(page)!;
        foreach (var item in json["items"]!.AsArray()) item!.AsObject().Remove("highlight");
        return json.ToJsonString();
    }

    [PostgresFact]
    public async Task ACopyIntoADatabaseThatHoldsDataOrFromAServiceOnPostgresIsRefusedAndWritesNothing()
    {
        var file = NewSqliteFile();
        await using var target = new StatementTrackerApplication(seedDemoData: true);
        try
        {
            await using var source = OnSqlite(file);
            await source.CreateClient().CreatePersonAsync("Steven Mnuchin");
            _ = target.Services;   // started: migrated and seeded
            var held = DumpTestData.CountRows(target);

            var full = await RunAsync(source, "copy-to-postgres", target.ConnectionString);
            // The suite's own applications run on PostgreSQL: as a source, that is the wrong engine.
            var onPostgres = await RunAsync(target, "copy-to-postgres", target.ConnectionString);

            Assert.Equal((CopyToPostgresCommand.Failed, CopyToPostgresCommand.Usage), (full.ExitCode, onPostgres.ExitCode));
            Assert.Equal(("", ""), (full.Output, onPostgres.Output));
            Assert.Matches(@"^Nothing was copied: PostgreSQL at \S+ holds data already \(its people table has rows\); copy-to-postgres fills only an empty database\.\r?\n$", full.Error);
            Assert.StartsWith("The service is configured for PostgreSQL already (StatementTracker:Database)", onPostgres.Error);
            Assert.Equal(held, DumpTestData.CountRows(target));
            Assert.Equal(8, CountSqlite(file)["people"]);
        }
        finally
        {
            DeleteSqlite(file);
        }
    }

    [PostgresFact]
    public async Task ASqliteDatabaseWrittenToDuringTheCopyFailsTheCountsAndNothingIsCommitted()
    {
        var file = NewSqliteFile();
        await using var target = new StatementTrackerApplication(databasePath: TestDatabase.CreateSchema());
        try
        {
            await using var source = OnSqlite(file);
            var client = source.CreateClient();
            // The service goes on writing while the copy reads its snapshot: a person recorded once people are sent.
            var output = new WriteAfter("  people ", () => client.CreatePersonAsync("Steven Mnuchin"));

            var run = await RunAsync(source, output, "copy-to-postgres", target.ConnectionString);

            Assert.Equal(CopyToPostgresCommand.Failed, run.ExitCode);
            Assert.Matches(@"\n  people +8 +7  differs\r?\n", run.Output);
            Assert.DoesNotContain("Copied", run.Output);
            Assert.Equal("Nothing was copied: people, revisions hold other counts in PostgreSQL than in SQLite; the SQLite database was written to during the copy. Stop the service and copy again.",
                run.Error.TrimEnd());
            Assert.All(DumpTestData.CountRows(target).Values, count => Assert.Equal(0, count));
            // Nothing of the copy stays behind: the same command with the service quiet now copies everything.
            var again = await RunAsync(source, "copy-to-postgres", target.ConnectionString);
            Assert.True(again.ExitCode == CopyToPostgresCommand.Ok, again.Error);
            Assert.Equal(CountSqlite(file), DumpTestData.CountRows(target));
        }
        finally
        {
            DeleteSqlite(file);
        }
    }

    /// <summary>Captures the output, and the first time a line starts with <paramref name="prefix"/>, does <paramref name="write"/>.</summary>
    private sealed class WriteAfter(string prefix, Func<Task> write) : StringWriter
    {
        private bool _done;

        public override async Task WriteLineAsync(string? value)
        {
            await base.WriteLineAsync(value);
            if (_done || value is null || !value.StartsWith(prefix, StringComparison.Ordinal)) return;
            _done = true;
            await write();
        }
    }

    [Fact]
    public async Task ABadCommandLineOrAServerOutOfReachIsOneLineSayingWhyNotAStackTrace()
    {
        var file = NewSqliteFile();
        try
        {
            await using var source = OnSqlite(file, seedDemoData: false);

            var bare = await RunAsync(source, "copy-to-postgres");
            var notAConnectionString = await RunAsync(source, "copy-to-postgres", "Hots=db.example.org;Password=secret");
            var noHost = await RunAsync(source, "copy-to-postgres", "Database=statementtracker");
            // Nothing listens on port 1: the connection is refused at once.
            var outOfReach = await RunAsync(source, "copy-to-postgres", "Host=127.0.0.1;Port=1;Database=st;Username=st;Timeout=5");

            Assert.Equal([CopyToPostgresCommand.Usage, CopyToPostgresCommand.Usage, CopyToPostgresCommand.Usage, CopyToPostgresCommand.Failed],
                new[] { bare, notAConnectionString, noHost, outOfReach }.Select(r => r.ExitCode));
            Assert.StartsWith("usage: copy-to-postgres CONNECTION", bare.Error);
            Assert.StartsWith("The connection string is not one Npgsql reads: ", notAConnectionString.Error);
            Assert.Contains("\nusage: copy-to-postgres CONNECTION", notAConnectionString.Error);
            Assert.DoesNotContain("secret", notAConnectionString.Error);
            Assert.Contains("Host", noHost.Error);
            Assert.Matches(@"^Cannot prepare PostgreSQL at 127\.0\.0\.1:1/st: .*Connection refused\r?\n$", outOfReach.Error);
            Assert.All(new[] { bare, notAConnectionString, noHost, outOfReach }, run =>
            {
                Assert.Equal("", run.Output);
                Assert.DoesNotContain("   at ", run.Error);
            });

            // A service whose SQLite file has gone copies nothing rather than a new, empty file.
            DeleteSqlite(file);
            var missing = await RunAsync(source, "copy-to-postgres", "Host=127.0.0.1;Port=1;Database=st;Username=st");
            Assert.Equal(CopyToPostgresCommand.Usage, missing.ExitCode);
            Assert.Equal($"There is no SQLite database at {file} to copy; run the command where the service runs, or set ConnectionStrings__StatementTracker.", missing.Error.TrimEnd());
            Assert.False(File.Exists(file));
        }
        finally
        {
            DeleteSqlite(file);
        }
    }

    [PostgresFact]
    public async Task ASearchPathNamingNoSchemaSaysToMakeIt()
    {
        var file = NewSqliteFile();
        try
        {
            await using var source = OnSqlite(file, seedDemoData: false);
            var schema = $"t_{Guid.NewGuid():N}";

            var run = await RunAsync(source, "copy-to-postgres", TestDatabase.PostgresConnectionString(schema));

            Assert.Equal(CopyToPostgresCommand.Failed, run.ExitCode);
            Assert.Matches(@"^Cannot prepare PostgreSQL at \S+: 3F000: no schema has been selected to create in \(make the schema first: CREATE SCHEMA name, with the name Search Path gives\)\r?\n$", run.Error);
        }
        finally
        {
            DeleteSqlite(file);
        }
    }
}
