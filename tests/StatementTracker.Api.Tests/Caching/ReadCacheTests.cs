using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Caching;
using StatementTracker.Api.Dump;
using StatementTracker.Api.Tests.Auth;
using StatementTracker.Api.Tests.Dump;

namespace StatementTracker.Api.Tests.Caching;

/// <summary>
/// The read cache (Caching/ReadCache.cs) answers exactly what the handler would: the same bytes and headers, fresh
/// after any write, 304 for an ETag it holds, never to a caller the pipeline would have refused.
/// </summary>
public sealed class ReadCacheTests
{
    private static ReadCacheStatistics Statistics(StatementTrackerApplication app) => app.Services.GetRequiredService<ReadCache>().Statistics;

    /// <summary>A person with three statements on a topic, the last two reversing the first: every kind of read has something to show.</summary>
    private static async Task<(string First, string Second)> StoryAsync(HttpClient client)
    {
        await client.CreatePersonAsync("Donald J. Trump");
        await client.PostJsonAsync("/v1/topics", new { name = "Cyber unit" });
        var first = await Stance(client, "2017-07-09T19:45:00-05:00", "We discussed forming an impenetrable Cyber Security unit.", "supports");
        var second = await Stance(client, "2017-07-10T08:45:00-05:00", "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen.", "opposes");
        return (first.Id(), second.Id());
    }

    private static Task<JsonObject> Stance(HttpClient client, string saidAt, string quote, string stance) =>
        client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote, saidAt, medium = "tweet",
            sources = new[] { new { url = "https://example.org/source" } },
            positions = new[] { new { topic = "cyber-unit", stance } },
        });

    private sealed record Answer(HttpStatusCode Status, byte[] Body, string Headers);

    private static async Task<Answer> GetAsync(HttpClient client, string url, string method = "GET", string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}");
        return new Answer(response.StatusCode, await response.Content.ReadAsByteArrayAsync(), string.Join("\n", headers));
    }

    [Fact]
    public async Task ACachedReadAnswersTheSameBytesAndHeadersAsTheHandlerDid()
    {
        await using var app = new StatementTrackerApplication();
        var (first, _) = await StoryAsync(app.CreateClient());
        string[] urls = [$"/v1/statements/{first}", "/v1/people/donald-j-trump/timeline?limit=1", "/v1/statements?q=cyber", "/v1/reversals",
            "/v1/people/donald-j-trump/positions?asOf=2017-07-11", "/people/donald-j-trump", $"/statements/{first}", "/v1/people/donald-j-trump/feed.atom"];

        foreach (var client in new[] { app.CreateAnonymousClient(), app.CreateClient() })
        {
            foreach (var url in urls)
            {
                var before = Statistics(app);
                var made = await GetAsync(client, url);
                var kept = await GetAsync(client, url);
                var after = Statistics(app);

                Assert.Equal(HttpStatusCode.OK, made.Status);
                Assert.Equal(made.Headers, kept.Headers);
                Assert.Equal(made.Body, kept.Body);
                Assert.Contains("Content-Length: ", kept.Headers);
                Assert.True(after.Hits >= before.Hits + 1, $"{url} was not answered from the cache the second time");
            }
        }
    }

    [Fact]
    public async Task EveryKindOfWriteMakesTheReadsItChangedFreshAtOnce()
    {
        await using var app = new StatementTrackerApplication();
        // The same database served without a cache: what every read must answer after each write.
        await using var uncached = new StatementTrackerApplication(databasePath: app.DatabasePath, adminKey: app.AdminKey,
            settings: new Dictionary<string, string> { ["StatementTracker:ReadCacheBytes"] = "0" }) { KeepDatabase = true };
        var writer = app.CreateClient();
        var (first, second) = await StoryAsync(writer);
        string[] urls = [$"/v1/statements/{first}", $"/v1/statements/{second}", "/v1/people", "/v1/people/donald-j-trump",
            "/v1/people/donald-j-trump/timeline", "/v1/statements?q=cyber", "/v1/statements?q=unit", "/v1/reversals", "/v1/topics/cyber-unit",
            "/v1/people/donald-j-trump/positions?asOf=2030-01-01", "/v1/topics/cyber-unit/positions?asOf=2030-01-01",
            "/v1/people/donald-j-trump/positions/cyber-unit", $"/v1/statements/{first}/links", $"/v1/statements/{first}/reviews",
            $"/v1/statements/{first}/revisions", "/v1/corrections", "/", "/people/donald-j-trump", $"/statements/{first}", "/reversals", "/search?q=cyber"];
        var readers = new[] { app.CreateAnonymousClient(), app.CreateClient() };
        var truth = uncached.CreateAnonymousClient();

        async Task AssertFresh(string after)
        {
            foreach (var url in urls)
            {
                var expected = await GetAsync(truth, url);
                foreach (var reader in readers)
                {
                    // Twice: the first may be made by the handler, the second is the cache's.
                    for (var i = 0; i < 2; i++)
                    {
                        var answer = await GetAsync(reader, url);
                        Assert.True(expected.Status == answer.Status && expected.Body.SequenceEqual(answer.Body),
                            $"After {after}, {url} answered {(int)answer.Status} {Encoding.UTF8.GetString(answer.Body)[..Math.Min(300, answer.Body.Length)]}; without the cache {(int)expected.Status} {Encoding.UTF8.GetString(expected.Body)[..Math.Min(300, expected.Body.Length)]}");
                    }
                }
            }
        }

        await AssertFresh("the story");
        var third = await Stance(writer, "2017-07-11T09:00:00-05:00", "A Cyber Security unit is a good idea after all.", "supports");
        await AssertFresh("a new statement");
        Assert.Equal(HttpStatusCode.OK, (await writer.PatchJsonAsync($"/v1/statements/{first}", """{"summary":"The cyber unit."}""")).StatusCode);
        await AssertFresh("a correction");
        await writer.LinkAsync(second, first, "reverses");
        await AssertFresh("a link");
        var review = await writer.PostJsonAsync($"/v1/statements/{first}/reviews", new { publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "False" });
        await AssertFresh("a fact-check");
        Assert.Equal(HttpStatusCode.OK, (await writer.RetractAsync($"/v1/reviews/{review.Id()}")).StatusCode);
        await AssertFresh("a retracted fact-check");
        Assert.Equal(HttpStatusCode.OK, (await writer.PatchJsonAsync("/v1/people/donald-j-trump", """{"name":"Donald Trump"}""")).StatusCode);
        await AssertFresh("a person renamed");
        Assert.Equal(HttpStatusCode.OK, (await writer.PatchJsonAsync("/v1/topics/cyber-unit", """{"name":"Cyber security unit"}""")).StatusCode);
        await AssertFresh("a topic renamed");
        Assert.Equal(HttpStatusCode.OK, (await writer.RetractAsync($"/v1/statements/{third.Id()}")).StatusCode);
        await AssertFresh("a retraction");
    }

    [Fact]
    public async Task IfNoneMatchWithTheKeptEtagIsAnswered304WithoutRunningTheHandler()
    {
        await using var app = new StatementTrackerApplication();
        var (first, _) = await StoryAsync(app.CreateClient());
        foreach (var client in new[] { app.CreateAnonymousClient(), app.CreateClient() })
        {
            using var made = await client.GetAsync($"/v1/statements/{first}");
            var etag = made.Headers.ETag!.ToString();
            var before = Statistics(app);

            var get = await GetAsync(client, $"/v1/statements/{first}", ifNoneMatch: etag);
            var head = await GetAsync(client, $"/v1/statements/{first}", "HEAD", ifNoneMatch: $"\"other\", W/{etag}");
            var changed = await GetAsync(client, $"/v1/statements/{first}", ifNoneMatch: "\"other\"");

            Assert.Equal((HttpStatusCode.NotModified, HttpStatusCode.NotModified, HttpStatusCode.OK), (get.Status, head.Status, changed.Status));
            Assert.Empty(get.Body);
            Assert.Contains($"ETag: {etag}", get.Headers);
            Assert.Contains("Cache-Control: no-cache", get.Headers);
            Assert.Equal(await made.Content.ReadAsByteArrayAsync(), changed.Body);
            var after = Statistics(app);
            Assert.Equal((before.Misses, before.Hits + 3), (after.Misses, after.Hits));
        }
    }

    [Fact]
    public async Task HeadIsAnsweredFromWhatAGetKeptAndAGetFromWhatAHeadKept()
    {
        await using var app = new StatementTrackerApplication();
        var (first, second) = await StoryAsync(app.CreateClient());
        var client = app.CreateAnonymousClient();

        var get = await GetAsync(client, $"/v1/statements/{first}");
        var head = await GetAsync(client, $"/v1/statements/{first}", "HEAD");
        var headFirst = await GetAsync(client, $"/v1/statements/{second}", "HEAD");
        var before = Statistics(app);
        var getAfter = await GetAsync(client, $"/v1/statements/{second}");
        var fresh = await GetAsync(app.CreateClient(), $"/v1/statements/{second}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (head.Status, headFirst.Status));
        Assert.Empty(head.Body);
        Assert.Equal(get.Headers, head.Headers);
        Assert.Equal(headFirst.Headers, getAfter.Headers);
        Assert.Equal(fresh.Body, getAfter.Body);
        Assert.NotEmpty(getAfter.Body);
        Assert.Equal(before.Misses, Statistics(app).Misses);
    }

    [Fact]
    public async Task PositionsTakenNowAreServedWithTheirOwnInstantAndNotPastTheNextStatement()
    {
        await using var app = new StatementTrackerApplication();
        var writer = app.CreateClient();
        await StoryAsync(writer);
        // A statement dated a little ahead (a speaker in a later time zone): it counts once the clock passes it.
        var soon = DateTime.UtcNow.AddSeconds(3);
        await Stance(writer, soon.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), "A Cyber Security unit, finally.", "supports");
        var client = app.CreateAnonymousClient();
        string[] urls = ["/v1/people/donald-j-trump/positions", "/v1/topics/cyber-unit/positions"];

        foreach (var url in urls)
        {
            var made = await GetAsync(client, url);
            await Task.Delay(5);   // "now" is named to the millisecond: the next answer must name a later one
            var kept = await GetAsync(client, url);
            var (madeJson, keptJson) = (JsonNode.Parse(made.Body)!, JsonNode.Parse(kept.Body)!);
            Assert.Equal("opposes", madeJson["items"]![0]!.Str("stance"));
            // Each answer names its own instant, and its ETag is the hash of the bytes it carries.
            Assert.True(DateTime.Parse(keptJson.Str("asOf")).ToUniversalTime() > DateTime.Parse(madeJson.Str("asOf")).ToUniversalTime());
            Assert.Contains($"ETag: \"{Convert.ToHexStringLower(SHA256.HashData(kept.Body))[..20]}\"", kept.Headers);
            keptJson["asOf"] = madeJson["asOf"]!.GetValue<string>();
            Assert.Equal(madeJson.ToJsonString(), keptJson.ToJsonString());
        }
        Assert.True(Statistics(app).Hits >= 2);

        while (DateTime.UtcNow <= soon.AddMilliseconds(50)) await Task.Delay(100);
        foreach (var url in urls)
            Assert.Equal("supports", (await client.GetJsonAsync(url))["items"]![0]!.Str("stance"));
    }

    [Fact]
    public async Task TheCacheKeepsWithinItsBudgetAndNeverKeepsAnAnswerOverItsLimit()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["StatementTracker:ReadCacheBytes"] = "32768" });
        var writer = app.CreateClient();
        await writer.CreatePersonAsync("Donald J. Trump");
        var ids = new List<string>();
        for (var i = 0; i < 40; i++) ids.Add((await writer.CreateStatementAsync("donald-j-trump", $"2017-07-{1 + i % 28:D2}", $"Statement number {i}.")).Id());
        var cache = app.Services.GetRequiredService<ReadCache>();
        Assert.Equal(2048, cache.MaxEntryBytes);
        var client = app.CreateAnonymousClient();

        foreach (var id in ids)
        {
            await client.GetJsonAsync($"/v1/statements/{id}");
            Assert.True(cache.Statistics.Bytes <= cache.Budget, $"{cache.Statistics.Bytes} bytes kept, over the budget of {cache.Budget}");
        }
        var kept = cache.Statistics.Kept;
        Assert.True(kept > 0);
        var timeline = await GetAsync(client, "/v1/people/donald-j-trump/timeline?limit=40");
        Assert.True(timeline.Body.Length > cache.MaxEntryBytes);
        Assert.Equal(kept, cache.Statistics.Kept);
        Assert.Equal(timeline.Body, (await GetAsync(client, "/v1/people/donald-j-trump/timeline?limit=40")).Body);
    }

    [Fact]
    public async Task WhenReadsNeedAKeyAnAnswerKeptForOneCallerIsNeverServedToACallerWithoutAGoodKey()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["Auth:AnonymousRead"] = "false" });
        var (first, _) = await StoryAsync(app.CreateClient());
        var reader = app.CreateClient(await app.CreateKeyAsync(Scopes.Read, "reader"));
        var url = $"/v1/statements/{first}";
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(reader, url)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(reader, url)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app.CreateAnonymousClient(), url)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app.CreateClient("stk_not_a_key_at_all_0123456789abcdef0123456789abcd"), url)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(app.CreateAnonymousClient(), "/people/donald-j-trump")).Status);

        // Revoked from the command line, while its answers are kept: refused at the next request.
        Assert.Equal(0, await KeysCommandTests.RunAsync(app, "keys", "revoke", "reader"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(reader, url)).Status);
    }

    [Fact]
    public async Task ARestoreOnTheCommandLineMakesTheCachedReadsFresh()
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        var file = Path.Combine(Path.GetTempPath(), "statementtracker-tests", $"dump-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, await source.ExportAsync());
        await using var app = new StatementTrackerApplication();
        var client = app.CreateAnonymousClient();
        try
        {
            Assert.Empty((await client.GetJsonAsync("/v1/people"))["items"]!.AsArray());
            Assert.Empty((await client.GetJsonAsync("/v1/people"))["items"]!.AsArray());

            Assert.Equal(RestoreCommand.Ok, await RestoreCommand.RunAsync(app.Services, ["restore", file], new StringWriter(), new StringWriter()));

            Assert.Equal(7, (await client.GetJsonAsync("/v1/people"))["items"]!.AsArray().Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SqliteFact("PostgreSQL counts the writes made through the service (DbSession); SQLite counts every connection's commits")]
    public async Task AWriteToTheSqliteFileByAnyOtherConnectionIsSeenAtOnce()
    {
        await using var app = new StatementTrackerApplication();
        await StoryAsync(app.CreateClient());
        var client = app.CreateAnonymousClient();
        Assert.Equal("Donald J. Trump", (await client.GetJsonAsync("/v1/people/donald-j-trump")).Str("name"));
        Assert.Equal("Donald J. Trump", (await client.GetJsonAsync("/v1/people/donald-j-trump")).Str("name"));

        await using (var connection = app.OpenDatabase())
            await connection.ExecuteAsync("UPDATE people SET name = 'Donald Trump' WHERE slug = 'donald-j-trump'");

        Assert.Equal("Donald Trump", (await client.GetJsonAsync("/v1/people/donald-j-trump")).Str("name"));
    }

    [Fact]
    public async Task AWriteThatChangesNothingLeavesWhatWasKeptInPlace()
    {
        await using var app = new StatementTrackerApplication();
        var writer = app.CreateClient();
        var (first, _) = await StoryAsync(writer);
        var client = app.CreateAnonymousClient();
        await GetAsync(client, "/v1/people/donald-j-trump/timeline");

        // The same quote again: the patch is answered, and commits, but writes nothing.
        var same = await writer.PatchJsonAsync($"/v1/statements/{first}", """{"quote":"We discussed forming an impenetrable Cyber Security unit."}""");
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var before = Statistics(app);
        await GetAsync(client, "/v1/people/donald-j-trump/timeline");
        Assert.Equal(before.Hits + 1, Statistics(app).Hits);

        var corrected = await writer.PatchJsonAsync($"/v1/statements/{first}", """{"quote":"We discussed forming an impenetrable Cyber Security unit!"}""");
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Contains("Security unit!", System.Text.Encoding.UTF8.GetString((await GetAsync(client, "/v1/people/donald-j-trump/timeline")).Body));
    }

    [Fact]
    public async Task WithTheCacheOffEveryReadIsMadeByItsHandler()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["StatementTracker:ReadCacheBytes"] = "0" });
        var (first, _) = await StoryAsync(app.CreateClient());
        var client = app.CreateAnonymousClient();
        var made = await GetAsync(client, $"/v1/statements/{first}");
        var again = await GetAsync(client, $"/v1/statements/{first}", ifNoneMatch: "\"other\"");

        Assert.Equal(made.Body, again.Body);
        Assert.Equal(new ReadCacheStatistics(0, 0, 0, 0, 0), Statistics(app));
    }
}
