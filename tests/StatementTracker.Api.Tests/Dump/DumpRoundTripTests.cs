using System.Net;
using System.Text.Json.Nodes;
using StatementTracker.Api.Dump;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Dump;

/// <summary>A dump restored into an empty database gives the same database: the same dump again, and the same answers.</summary>
public class DumpRoundTripTests
{
    [Fact]
    public async Task ADumpRestoredIntoAnEmptyDatabaseDumpsTheSameAndAnswersTheSame()
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        var story = await RecordAStoryWithHistoryAsync(source.CreateClient());
        var dump = await source.ExportAsync();

        await using var copy = new StatementTrackerApplication();
        var outcome = await copy.RestoreAsync(dump);
        var again = await copy.ExportAsync();

        Assert.True(outcome.Restored, outcome.Failure?.Message);
        var (lines, linesAgain) = (DumpTestData.Lines(dump), DumpTestData.Lines(again));
        Assert.Equal(lines.Count, linesAgain.Count);
        var (header, headerAgain) = (DumpTestData.Header(dump), DumpTestData.Header(again));
        header.Remove("exportedAt");
        headerAgain.Remove("exportedAt");
        Assert.Equal(header.ToJsonString(), headerAgain.ToJsonString());
        for (var i = 1; i < lines.Count; i++) Assert.Equal(lines[i], linesAgain[i]);
        // Every table is in the story, so the round trip covers each; the counts are the rows read and written.
        var counts = DumpTestData.Counts(dump);
        Assert.All(DumpStore.Tables, table => Assert.True(counts[table.Name]!.GetValue<long>() > 0, $"the story has {table.Name} rows"));
        Assert.Equal(counts.Select(c => (c.Key, c.Value!.GetValue<long>())), outcome.Counts!.Select(c => (c.Key, c.Value)));
        Assert.Equal(DumpTestData.CountRows(source), DumpTestData.CountRows(copy));
        Assert.Contains(lines, line => line.StartsWith("{\"table\":\"reversals\"") && !line.Contains("\"valid_to_ms\":null"));
        var copies = DumpTestData.StatementCopies(source);
        Assert.Contains(copies, c => !c.Contains(" 0 "));
        Assert.DoesNotContain(copies, c => c.EndsWith(" null"));
        Assert.Equal(copies, DumpTestData.StatementCopies(copy));

        var (before, after) = (source.CreateClient(), copy.CreateClient());
        foreach (var url in story.Reads)
        {
            using var expected = await before.GetAsync(url);
            using var actual = await after.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, expected.StatusCode);
            Assert.True(expected.StatusCode == actual.StatusCode, $"{url} answers {(int)actual.StatusCode} after the restore");
            var (was, @is) = (await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
            Assert.True(was == @is, $"{url} answers the same after the restore:\n{was}\n{@is}");
            Assert.Equal(expected.Headers.ETag, actual.Headers.ETag);
        }
        // The full-text index is filled by the statements' triggers as they are restored: search finds the corrected words.
        Assert.Equal([story.Corrected], (await after.GetJsonAsync("/v1/statements?q=treasury")).Ids());
        // The restored database takes new writes after the restored ones: revisions go on from the last sequence number.
        await after.PatchJsonAsync($"/v1/statements/{story.Corrected}", """{"venue":"CNBC"}""");
        Assert.Equal(4, (await after.GetJsonAsync($"/v1/statements/{story.Corrected}/revisions"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task ARestoredDatabaseHoldsNoKeysAndSignsCursorsWithItsOwnKey()
    {
        await using var source = new StatementTrackerApplication(seedDemoData: true);
        var reader = await source.CreateKeyAsync("read", "newsroom-reader");
        var cursor = (await source.CreateClient().GetJsonAsync("/v1/people?limit=2")).Str("nextCursor");

        await using var copy = new StatementTrackerApplication();
        Assert.True((await copy.RestoreAsync(await source.ExportAsync())).Restored);

        Assert.DoesNotContain("newsroom-reader", await source.ExportAsync());
        await Problem.AssertAsync(await copy.CreateClient(reader).GetAsync("/v1/people"), HttpStatusCode.Unauthorized);
        await Problem.AssertFieldAsync(await copy.CreateClient().GetAsync($"/v1/people?limit=2&cursor={Uri.EscapeDataString(cursor)}"),
            HttpStatusCode.BadRequest, "cursor", "not one this service handed out");
        Assert.Equal(7, (await copy.CreateClient().AllPagesAsync("/v1/people", limit: 2)).Count);
    }

    internal sealed record Story(string Corrected, IReadOnlyList<string> Reads);

    /// <summary>
    /// The demo story and then everything that leaves history behind: a person; a statement corrected twice; a
    /// reversal closed and opened again by correcting a stance; a statement retracted as a duplicate of one recorded
    /// after it; a link retracted; a topic moved under a topic made after it; a fact-check corrected. Answers the
    /// reads that must come back the same from a restored copy.
    /// </summary>
    internal static async Task<Story> RecordAStoryWithHistoryAsync(HttpClient client)
    {
        await client.CreatePersonAsync("Steven Mnuchin");
        await client.TopicAsync("russia-sanctions");
        await client.TopicAsync("cyber-security");
        await client.PatchJsonAsync("/v1/topics/russia-sanctions", """{"parent":"cyber-security"}""");

        var corrected = (await client.PostJsonAsync("/v1/statements", new
        {
            person = "steven-mnuchin",
            quote = "We are working on a cyber unit with Russia.",
            saidAt = "2017-07-09",
            medium = "interview",
            venue = "CNN's State of the Union",
            sources = new[] { new { url = "https://www.cnn.com/2017/07/09/politics/mnuchin-cyber-unit" } },
            positions = new[] { new { topic = "us-russia-cyber-unit", stance = "supports" } },
            topics = new[] { "russia-sanctions" },
        })).Id();
        var later = await client.StanceAsync("steven-mnuchin", "2017-07-10", "us-russia-cyber-unit", "opposes");
        await Task.Delay(20);
        var whileReversed = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}";
        await Task.Delay(20);
        await client.PatchJsonAsync($"/v1/statements/{corrected}", """{"quote":"We are working on a cyber unit with Russia, the Treasury says."}""");
        await client.PatchJsonAsync($"/v1/statements/{later}", """{"positions":[{"topic":"us-russia-cyber-unit","stance":"supports"}]}""");
        await Task.Delay(20);
        var whileNotReversed = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}";
        await Task.Delay(20);
        await client.PatchJsonAsync($"/v1/statements/{later}", """{"positions":[{"topic":"us-russia-cyber-unit","stance":"opposes"}]}""");
        await client.PatchJsonAsync($"/v1/statements/{corrected}", """{"summary":"Mnuchin says the unit and sanctions are in the works."}""");

        var recordedTwice = await client.StanceAsync("steven-mnuchin", "2017-07-11", "russia-sanctions", "leans_support");
        var original = await client.StanceAsync("steven-mnuchin", "2017-07-11", "russia-sanctions", "leans_support");
        Assert.Equal(HttpStatusCode.OK, (await client.RetractAsync($"/v1/statements/{recordedTwice}?duplicateOf={original}", "Recorded twice.")).StatusCode);

        var link = (await client.LinkAsync(later, corrected, "contradicts")).Id();
        Assert.Equal(HttpStatusCode.NoContent, (await client.RetractAsync($"/v1/statements/{later}/links/{link}", "Not a contradiction.")).StatusCode);

        var review = (await client.PostJsonAsync($"/v1/statements/{corrected}/reviews", new
        {
            publisher = new { name = "PolitiFact", url = "https://www.politifact.com" },
            rating = "False",
        })).Id();
        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/reviews/{review}", """{"rating":"Pants on Fire"}""")).StatusCode);

        return new Story(corrected,
        [
            $"/v1/statements/{corrected}", $"/v1/statements/{corrected}/revisions", $"/v1/statements/{corrected}?asRecordedAt={whileReversed}",
            $"/v1/statements/{later}", $"/v1/statements/{later}/revisions", $"/v1/statements/{recordedTwice}",
            $"/v1/statements/{later}/links/{link}/revisions", $"/v1/reviews/{review}", $"/v1/reviews/{review}/revisions",
            "/v1/reversals", $"/v1/reversals?asRecordedAt={whileReversed}", $"/v1/reversals?asRecordedAt={whileNotReversed}",
            $"/v1/people/steven-mnuchin/timeline?includeRetracted=true", $"/v1/people/steven-mnuchin/timeline?asRecordedAt={whileReversed}",
            $"/v1/people/steven-mnuchin/positions?asOf=2017-12-31&asRecordedAt={whileNotReversed}", "/v1/people/donald-j-trump", "/v1/topics/russia-sanctions",
            "/v1/topics/russia-sanctions/revisions", "/v1/statements?q=cyber", "/v1/statements?q=russia&facets=person,topic", "/v1/corrections",
        ]);
    }
}
