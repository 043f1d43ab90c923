using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StatementTracker.Api.Data;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

public class ImportApiTests
{
    private const string Source = """[{"url":"https://example.org/source"}]""";

    private static string Statement(string externalId, string quote = "We will build the unit.", string saidAt = "2017-07-09", string person = "donald-j-trump", string extra = "") =>
        $$"""{"type":"statement","person":"{{person}}","quote":"{{quote}}","saidAt":"{{saidAt}}","medium":"tweet","externalId":"{{externalId}}","sources":{{Source}}{{extra}}}""";

    [Fact]
    public async Task AnNdjsonFileIsImportedAndTheSameFileAgainChangesNothing()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var file = string.Join("\n",
            """{"type":"person","name":"Donald J. Trump","aliases":["Donald Trump"]}""",
            """{"type":"topic","name":"Immigration"}""",
            Statement("test:1", extra: ""","topics":["immigration"]"""),
            Statement("test:2", "It can't.", "2017-07-10"),
            """{"type":"link","statement":"test:2","target":"test:1","relation":"reverses"}""",
            """{"type":"review","statement":"test:1","externalId":"review:1","publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"Pants on Fire"}""") + "\n";

        var first = await client.ImportAsync(file);
        var second = await client.ImportAsync(file);

        Assert.Equal((6L, 0L, 0L, 0L), (first.Number("created"), first.Number("updated"), first.Number("unchanged"), first.Number("errors")));
        Assert.Equal((0L, 0L, 6L), (second.Number("created"), second.Number("updated"), second.Number("unchanged")));
        Assert.Equal(2, first.Count("statement", "created"));
        var page = await client.GetJsonAsync("/v1/statements?person=donald-j-trump&rating=pants_on_fire&topic=immigration");
        var found = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("test:1", found.Str("externalId"));
        Assert.Equal("reverses", Assert.Single(found["links"]!.AsArray()).Str("relation"));
        Assert.Equal(2, (await client.GetJsonAsync("/v1/statements?person=donald-j-trump"))["items"]!.AsArray().Count);
        // Each import wrote through the API's commands: the statement has its revision, recorded by the importer's key.
        Assert.Single((await client.GetJsonAsync($"/v1/statements/{found.Str("id")}/revisions"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ALineThatDiffersUpdatesTheRecordWithARevision()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.ImportAsync(Statement("test:1", "Teh unit.") + "\n");

        var job = await client.ImportAsync(Statement("test:1", "The unit.") + "\n");

        Assert.Equal(1, job.Count("statement", "updated"));
        var statement = Assert.Single((await client.GetJsonAsync("/v1/statements?externalId=test:1"))["items"]!.AsArray())!;
        Assert.Equal(("The unit.", 2L), (statement.Str("quote"), statement["revision"]!.GetValue<long>()));
    }

    [Fact]
    public async Task OnExistingKeepLeavesARecordThatIsHereAsItIs()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.ImportAsync(Statement("test:1", "The unit.") + "\n");

        var kept = await client.ImportAsync(Statement("test:1", "Another wording.", extra: ""","onExisting":"keep" """) + "\n");
        var wrong = await client.ImportAsync(Statement("test:2", extra: ""","onExisting":"merge" """) + "\n");

        Assert.Equal(1, kept.Count("statement", "unchanged"));
        Assert.Equal("The unit.", Assert.Single((await client.GetJsonAsync("/v1/statements?externalId=test:1"))["items"]!.AsArray()).Str("quote"));
        Assert.Equal("onExisting", (await client.ProblemsAsync(wrong))[0].Str("field"));
    }

    [Fact]
    public async Task BadLinesAreReportedWithTheirLineAndFieldAndEveryGoodLineIsImported()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var hugeQuote = new string('x', 2 * 1024 * 1024);
        var lines = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(Statement("test:1") + "\n"),                                                        // 1 good
            Encoding.UTF8.GetBytes(Statement("test:2", saidAt: "2017-02-30") + "\n"),                                   // 2 impossible date
            Encoding.UTF8.GetBytes("""{"type":"statement","person":"donald-j-trump","quote":"x","saidAt":"2017","medium":"tweet","externalId":"test:3","sources":[{"url":"ftp://x"}]}""" + "\n"), // 3 bad url
            Encoding.UTF8.GetBytes("{\"type\":\"statement\",\"quote\":\"caf").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray(), // 4 invalid UTF-8
            Encoding.UTF8.GetBytes(Statement("test:5", hugeQuote) + "\n"),                                             // 5 a 2 MB field
            Encoding.UTF8.GetBytes(Statement("test:6", extra: ""","verdict":"false" """) + "\n"),                       // 6 unknown field
            Encoding.UTF8.GetBytes(Statement("test:7", person: "nobody-known") + "\n"),                                 // 7 unknown person
            Encoding.UTF8.GetBytes("""{"type":"statement","person":"donald-j-trump","quote":"no id","saidAt":"2017","medium":"tweet","sources":[{"url":"https://example.org"}]}""" + "\n"), // 8 no externalId
            Encoding.UTF8.GetBytes("""{"type":"rumour"}""" + "\n"),                                                     // 9 unknown type
            Encoding.UTF8.GetBytes(Statement("test:10") + "\n"),                                                       // 10 good
            Encoding.UTF8.GetBytes("""{"type":"statement","person":"donald-j-trump","quote":"cut o"""),                // 11 cut off
        };

        var job = await client.ImportAsync(lines.SelectMany(l => l).ToArray());
        var problems = (await client.ProblemsAsync(job)).ToDictionary(p => p["line"]!.GetValue<long>());

        Assert.Equal(2, job.Count("statement", "created"));
        Assert.Equal(9, job.Number("errors"));
        Assert.Equal("saidAt", problems[2].Str("field"));
        Assert.Equal("sources[0].url", problems[3].Str("field"));
        Assert.Contains("UTF-8", problems[4].Str("message"));
        Assert.Equal("quote", problems[5].Str("field"));
        Assert.Equal("verdict", problems[6].Str("field"));
        Assert.Equal("person", problems[7].Str("field"));
        Assert.Equal("externalId", problems[8].Str("field"));
        Assert.Equal("type", problems[9].Str("field"));
        Assert.True(problems.ContainsKey(11), "the cut-off last line is reported");
        Assert.Equal(["test:1", "test:10"], (await client.GetJsonAsync("/v1/statements"))["items"]!.AsArray().Select(s => s.Str("externalId")).Order());
    }

    [Fact]
    public async Task AJobsErrorsAreWalkedPageByPageInFileOrder()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var job = await client.ImportAsync(string.Concat(Enumerable.Range(1, 5).Select(_ => "{\"type\":\"rumour\"}\n")));

        var first = await client.GetJsonAsync($"/v1/imports/{job.Id()}/errors?limit=3");
        var second = await client.GetJsonAsync($"/v1/imports/{job.Id()}/errors?limit=3&cursor={Uri.EscapeDataString(first.Str("nextCursor"))}");

        Assert.Equal([1L, 2L, 3L, 4L, 5L], first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(e => e!["line"]!.GetValue<long>()));
        Assert.Null(second["nextCursor"]);
    }

    [Fact]
    public async Task CsvHeadersAreFieldPathsAndQuotedLineBreaksStayInTheQuote()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.PostJsonAsync("/v1/topics", new { name = "Immigration" });
        await client.PostJsonAsync("/v1/topics", new { name = "Economy" });
        var csv = "person,quote,saidAt,medium,externalId,sources[0].url,sources[0].title,topics,positions[0].topic,positions[0].stance\r\n"
            + "donald-j-trump,\"First line,\r\nsecond \"\"quoted\"\" line\",2017-07-09,tweet,csv:1,https://example.org/a,\"Title, with comma\",immigration;economy,immigration,supports\r\n"
            + "donald-j-trump,Plain,2017-07-10,tweet,csv:2,https://example.org/b,,,,\r\n";

        var job = await client.ImportAsync(csv, contentType: "text/csv");

        Assert.Equal((2L, 0L), (job.Count("statement", "created"), job.Number("errors")));
        var first = Assert.Single((await client.GetJsonAsync("/v1/statements?externalId=csv:1"))["items"]!.AsArray())!;
        Assert.Equal("First line,\r\nsecond \"quoted\" line", first.Str("quote"));
        Assert.Equal("Title, with comma", first["sources"]![0].Str("title"));
        Assert.Equal(["economy", "immigration"], first["topics"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("supports", first["positions"]![0].Str("stance"));
    }

    [Fact]
    public async Task CreatePeopleMakesTheSpeakerButANameOrAliasFindsWhoIsHere()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var refused = await client.ImportAsync(Statement("test:1", person: "Jane Newcomer") + "\n");
        var job = await client.ImportAsync(Statement("test:1", person: "Jane Newcomer") + "\n" + Statement("test:2", person: "Donald Trump") + "\n", "createPeople=true");

        Assert.Equal(1, refused.Number("errors"));
        Assert.Equal(2, job.Count("statement", "created"));
        Assert.Equal("Jane Newcomer", (await client.GetJsonAsync("/v1/people/jane-newcomer")).Str("name"));
        // "Donald Trump" is an alias of the demo's Donald J. Trump: his words go to him, not to a new person.
        Assert.Equal("donald-j-trump", Assert.Single((await client.GetJsonAsync("/v1/statements?externalId=test:2"))["items"]!.AsArray())!["person"].Str("slug"));
        Assert.Equal(404, (int)(await client.GetAsync("/v1/people/donald-trump")).StatusCode);
    }

    [Fact]
    public async Task ADryRunCountsWhatWouldChangeAndWritesNothing()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var file = """{"type":"person","name":"Donald J. Trump"}""" + "\n" + Statement("test:1") + "\n"
            + """{"type":"review","statement":"test:1","externalId":"r:1","publisher":{"name":"PolitiFact","url":"https://www.politifact.com"},"rating":"False"}""" + "\n";

        var job = await client.ImportAsync(file, "dryRun=true");

        Assert.Equal((3L, 0L, true), (job.Number("created"), job.Number("errors"), job["dryRun"]!.GetValue<bool>()));
        Assert.Empty((await client.GetJsonAsync("/v1/people"))["items"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync("/v1/reviews"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ReversalsAreDerivedOnceTheImportEnds()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var file = string.Join("\n",
            """{"type":"person","name":"Donald J. Trump"}""",
            """{"type":"topic","name":"Cyber unit"}""",
            Statement("test:1", extra: ""","positions":[{"topic":"cyber-unit","stance":"supports"}]"""),
            Statement("test:2", saidAt: "2017-07-10", extra: ""","positions":[{"topic":"cyber-unit","stance":"opposes"}]""")) + "\n";

        await client.ImportAsync(file);

        var reversal = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;
        Assert.Equal(("test:1", "test:2"), (reversal["earlier"].Str("id") is var e ? (await client.GetJsonAsync($"/v1/statements/{e}")).Str("externalId") : "",
            reversal["later"].Str("id") is var l ? (await client.GetJsonAsync($"/v1/statements/{l}")).Str("externalId") : ""));
    }

    [Fact]
    public async Task ALargeImportAnswersAtOnceWithAJobWhoseProgressCanBeRead()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var file = string.Concat(Enumerable.Range(1, 2000).Select(i => Statement($"bulk:{i}", $"Statement {i}.", $"2017-01-01T00:{i / 60 % 60:D2}:{i % 60:D2}+00:00") + "\n"));

        var response = await client.SendAsync(ImportClient.Upload(Encoding.UTF8.GetBytes(file), "", "application/x-ndjson", wait: null));
        var queued = await response.ReadAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/v1/imports/{queued.Id()}", response.Headers.Location?.ToString());
        Assert.Contains(queued.Str("status"), new[] { "queued", "running" });

        JsonObject job;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            job = await client.GetJsonAsync($"/v1/imports/{queued.Id()}");
        } while (job.Str("status") is "queued" or "running" && waited.Elapsed < TimeSpan.FromMinutes(2));

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal((2000L, job.Number("bytes")), (job.Count("statement", "created"), job.Number("bytesRead")));
        Assert.Contains(job.Id(), (await client.GetJsonAsync("/v1/imports"))["items"]!.AsArray().Select(j => j.Str("id")));
    }

    [Fact]
    public async Task AJobAStoppedServiceLeftRunningIsFailedWithAReasonWhenTheServiceStarts()
    {
        string path;
        await using (var first = new StatementTrackerApplication { KeepDatabase = true })
        {
            path = first.DatabasePath;
            await first.CreateClient().GetJsonAsync("/health");
            await using var connection = first.OpenDatabase();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO import_jobs (id, status, format, created_at, started_at) VALUES ('imp_interrupted00000', 'running', 'ndjson', '2026-11-30T08:00:00.000Z', '2026-11-30T08:00:01.000Z')";
            command.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var second = new StatementTrackerApplication(databasePath: path);
        var client = second.CreateClient();
        JsonObject job;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do job = await client.GetJsonAsync("/v1/imports/imp_interrupted00000");
        while (job.Str("status") == "running" && waited.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal("failed", job.Str("status"));
        Assert.Contains("run the same import again", job.Str("message"));
        Assert.Null(job["bytesRead"]);  // a failed job keeps its counts, not how far it read
    }

    [Fact]
    public async Task AJobAnotherProcessRunsIsShownWithoutTheProgressOnlyThatProcessHas()
    {
        await using var app = new StatementTrackerApplication();
        // After the start-up check, as a job the import command (or, on PostgreSQL, another node) started since.
        await app.Services.GetRequiredService<ImportJobs>().Recovered.WaitAsync(TimeSpan.FromMinutes(1));
        await using (var connection = app.OpenDatabase())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO import_jobs (id, status, format, bytes, created_at, started_at) VALUES ('imp_elsewhere0000000', 'running', 'ndjson', 1000, '2026-11-30T08:00:00.000Z', '2026-11-30T08:00:01.000Z')";
            command.ExecuteNonQuery();
        }

        var job = await app.CreateClient().GetJsonAsync("/v1/imports/imp_elsewhere0000000");
        Assert.Equal(("running", 1000L), (job.Str("status"), job.Number("bytes")));
        Assert.Null(job["bytesRead"]);
        Assert.Equal(ImportJobStore.RunElsewhere, job.Str("message"));
    }

    [PostgresFact]
    public async Task ANodeStartingLeavesALiveNodesJobToItAndFailsItOnceThatNodeIsGone()
    {
        const string id = "imp_othernode0000000";
        var schema = StatementTrackerApplication.NewDatabase();
        StatementTrackerApplication? a = new(databasePath: schema) { KeepDatabase = true };
        try
        {
            // Node A runs a job: held as A's own uploads are (through the class its worker uses), with the row an
            // upload leaves once its job started. A runner that never ends is what a long import looks like to others.
            Assert.Equal(0, await a.Services.GetRequiredService<ImportJobs>().Recovered.WaitAsync(TimeSpan.FromMinutes(1)));
            await a.Services.GetRequiredService<ImportJobLocks>().HoldAsync(id, CancellationToken.None);
            await using (var connection = a.OpenDatabase())
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"INSERT INTO import_jobs (id, status, format, bytes, created_at, started_at) VALUES ('{id}', 'running', 'ndjson', 1000, '2026-11-30T08:00:00.000Z', '2026-11-30T08:00:01.000Z')";
                command.ExecuteNonQuery();
            }

            // Node B starts on the same schema: A's job is A's, and B says what it knows of it, no more.
            await using (var b = new StatementTrackerApplication(databasePath: schema) { KeepDatabase = true })
            {
                Assert.Equal(0, await b.Services.GetRequiredService<ImportJobs>().Recovered.WaitAsync(TimeSpan.FromMinutes(1)));
                await using (var scope = b.Services.CreateAsyncScope())
                    Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ImportJobStore>().FailInterruptedAsync(CancellationToken.None));
                var client = b.CreateClient();
                var job = await client.GetJsonAsync($"/v1/imports/{id}");
                Assert.Equal("running", job.Str("status"));
                Assert.Null(job["bytesRead"]);
                Assert.Equal(ImportJobStore.RunElsewhere, job.Str("message"));
                Assert.Null(job["finishedAt"]);
                var listed = (await client.GetJsonAsync("/v1/imports"))["items"]!.AsArray().Single(j => j.Str("id") == id)!;
                Assert.Equal(("running", ImportJobStore.RunElsewhere), (listed.Str("status"), listed.Str("message")));
            }

            // A dies: its connection closes, and the server frees its locks as that session ends.
            await a.DisposeAsync();
            a = null;
            await WaitUntilFreeAsync(PostgresLocks.JobKeyFor(schema, id));

            // Node C starts: the job has no runner any more, and is failed as a stopped service's jobs are.
            await using var c = new StatementTrackerApplication(databasePath: schema) { KeepDatabase = true };
            Assert.Equal(1, await c.Services.GetRequiredService<ImportJobs>().Recovered.WaitAsync(TimeSpan.FromMinutes(1)));
            var failed = await c.CreateClient().GetJsonAsync($"/v1/imports/{id}");
            Assert.Equal("failed", failed.Str("status"));
            Assert.Equal(ImportJobStore.Interrupted, failed.Str("message"));
            Assert.Contains("run the same import again", failed.Str("message"));
            Assert.NotNull(failed["finishedAt"]);
        }
        finally
        {
            if (a is not null) await a.DisposeAsync();
            TestDatabase.DropSchema(schema);
        }
    }

    /// <summary>Waits (a minute at most) until no session holds advisory lock <paramref name="key"/>.</summary>
    private static async Task WaitUntilFreeAsync(long key)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer);
        await connection.OpenAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({key})", connection);
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection);
                await unlock.ExecuteScalarAsync();
                return;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "the lock of a node that stopped was still held a minute later");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task ImportsNeedAWriteKeyAndSayWhatTheyCannotRead()
    {
        await using var app = new StatementTrackerApplication();
        var reader = app.CreateClient(await app.CreateKeyAsync("read"));
        var client = app.CreateClient();
        var body = Encoding.UTF8.GetBytes(Statement("test:1") + "\n");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateAnonymousClient().SendAsync(ImportClient.Upload(body, "", "application/x-ndjson", 5))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(ImportClient.Upload(body, "", "application/x-ndjson", 5))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/v1/imports")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.SendAsync(ImportClient.Upload(body, "", "application/octet-stream", 5))).StatusCode);
        var unknown = await (await client.SendAsync(ImportClient.Upload(body, "format=xml", "application/x-ndjson", 5))).ReadAsync(HttpStatusCode.BadRequest);
        Assert.True(unknown["errors"]!.AsObject().ContainsKey("format"));
        var empty = await (await client.SendAsync(ImportClient.Upload([], "", "application/x-ndjson", 5))).ReadAsync(HttpStatusCode.BadRequest);
        Assert.True(empty["errors"]!.AsObject().ContainsKey("body"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/imports/imp_nothinghere0000")).StatusCode);
    }

    [Fact]
    public async Task AnUploadLargerThanTheRequestBodyLimitIsTaken()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var quote = new string('a', 9000);
        var file = string.Concat(Enumerable.Range(1, 300).Select(i => Statement($"big:{i}", quote, "2017-07-09") + "\n"));
        Assert.True(Encoding.UTF8.GetByteCount(file) > 1024 * 1024, "the file is over the 1 MiB body limit of other requests");

        var job = await client.ImportAsync(file);

        Assert.Equal(300, job.Count("statement", "created"));
    }
}
