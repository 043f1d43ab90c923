using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Statements;

public class TimelineTests
{
    [Fact]
    public async Task TheTimelineOrdersByUtcInstantWithCoarserPrecisionFirstOnTies()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var evening = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T19:45:13-05:00"); // 2017-07-10T00:45:13Z
        var lateUtc = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T23:00:00Z");
        var day = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");                     // 2017-07-09T00:00Z
        var midnightMinute = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T00:00Z");    // same instant, finer
        var month = await client.CreateStatementAsync("donald-j-trump", "2017-07");
        var year = await client.CreateStatementAsync("donald-j-trump", "2017");
        var nextDay = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");                 // 00:00Z, before 00:45Z

        var timeline = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline");

        Assert.Equal(new[] { year, month, day, midnightMinute, lateUtc, nextDay, evening }.Select(s => s.Id()), timeline.Ids());
        Assert.Null(timeline["nextCursor"]);
        var descending = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?order=desc");
        Assert.Equal(timeline.Ids().AsEnumerable().Reverse(), descending.Ids());
    }

    [Fact]
    public async Task APageShowsLinksReversalsAndFactChecksOnExactlyTheStatementsThatHaveThem()
    {
        // The page reads links, reversals and fact-checks only for the statements its first query says may have them:
        // each kind here sits on a different statement, one on the far end of a link, so a wrong guess shows.
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("John McCain");
        await client.TopicAsync("trade");
        var plain = await client.CreateStatementAsync("donald-j-trump", "2017-07-01");
        var factChecked = await client.CreateStatementAsync("donald-j-trump", "2017-07-02");
        var answered = await client.CreateStatementAsync("donald-j-trump", "2017-07-03");
        var supports = await client.StanceAsync("donald-j-trump", "2017-07-04", "trade", "supports");
        var opposes = await client.StanceAsync("donald-j-trump", "2017-07-05", "trade", "opposes");
        var withdrawn = await client.CreateStatementAsync("donald-j-trump", "2017-07-06");
        var reply = await client.CreateStatementAsync("john-mccain", "2017-07-07");
        await client.LinkAsync(reply.Id(), answered.Id(), "responds_to");
        var retractedLink = await client.LinkAsync(withdrawn.Id(), plain.Id(), "clarifies");
        Assert.Equal(HttpStatusCode.NoContent, (await client.RetractAsync($"/v1/statements/{withdrawn.Id()}/links/{retractedLink.Id()}")).StatusCode);
        (await client.PostAsJsonAsync($"/v1/statements/{factChecked.Id()}/reviews", new
        {
            publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "False", reviewedAt = "2017-07-08",
            url = "https://www.politifact.com/factchecks/2017/jul/08/example/",
        })).EnsureSuccessStatusCode();

        var items = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray().ToDictionary(i => i.Str("id"));

        static string Has(JsonNode statement) => string.Join(" ", new[] { "links", "reversals", "reviews" }.Where(k => statement[k]!.AsArray().Count > 0));
        string Shows(string id) => Has(items[id]!);
        Assert.Equal("", Shows(plain.Id()));
        Assert.Equal("reviews", Shows(factChecked.Id()));
        Assert.Equal("links", Shows(answered.Id()));
        Assert.Equal(("responds_to", "incoming", reply.Id()),
            (items[answered.Id()]!["links"]![0].Str("relation"), items[answered.Id()]!["links"]![0].Str("direction"), items[answered.Id()]!["links"]![0]!["statement"].Str("id")));
        Assert.Equal("reversals", Shows(supports));
        Assert.Equal("reversals", Shows(opposes));
        Assert.Equal(("reversed_by", opposes), (items[supports]!["reversals"]![0].Str("role"), items[supports]!["reversals"]![0].Str("statementId")));
        Assert.Equal(("reverses", supports), (items[opposes]!["reversals"]![0].Str("role"), items[opposes]!["reversals"]![0].Str("statementId")));
        Assert.Equal("", Shows(withdrawn.Id()));
        // One statement alone is read the same way, the earlier side of a reversal without the later one beside it.
        Assert.Equal("reversals", Has(await client.GetJsonAsync($"/v1/statements/{supports}")));
        Assert.Equal("reviews", Has(await client.GetJsonAsync($"/v1/statements/{factChecked.Id()}")));
        Assert.Equal("", Has(await client.GetJsonAsync($"/v1/statements/{plain.Id()}")));
    }

    [Fact]
    public async Task TheTimelineFiltersByPeriodAndMedium()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var before = await client.CreateStatementAsync("donald-j-trump", "2017-07-08T23:59:59Z");
        var morning = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T07:50:24-04:00");
        var speech = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T15:00:00Z", medium: "speech");
        var evening = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T20:45:13-04:00");

        Assert.Equal([morning.Id(), speech.Id()], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?from=2017-07-09&to=2017-07-09")).Ids());
        Assert.Equal([morning.Id(), evening.Id()], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?from=2017-07-09&medium=tweet")).Ids());
        Assert.Equal([before.Id(), morning.Id(), speech.Id(), evening.Id()], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?from=2017&to=2017-07")).Ids());
        Assert.Equal([evening.Id()], (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?from=2017-07-09T20:00:00-04:00")).Ids());
    }

    [Fact]
    public async Task WalkingAllPagesReturnsEveryStatementOnceEvenWhileNewOnesArrive()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var expected = new List<string>();
        for (var i = 0; i < 11; i++)
            expected.Add((await client.CreateStatementAsync("donald-j-trump", $"2017-07-{10 + i:D2}")).Id());
        // Several statements on one day share an instant: the id breaks the tie, so pages never split them wrongly.
        for (var i = 0; i < 4; i++)
            expected.Add((await client.CreateStatementAsync("donald-j-trump", "2017-07-25")).Id());

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=4" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(page.Ids());
            cursor = page["nextCursor"]?.GetValue<string>();
            if (pages++ == 1)
            {
                // New statements land both before and after the cursor while the client is paging.
                await client.CreateStatementAsync("donald-j-trump", "2017-01-01");
                expected.Add((await client.CreateStatementAsync("donald-j-trump", "2017-08-01")).Id());
            }
        } while (cursor is not null);

        Assert.Equal(expected.Count, seen.Count);
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task DescendingPagesWalkBackwardsThroughEveryStatement()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        for (var i = 1; i <= 7; i++) await client.CreateStatementAsync("donald-j-trump", $"2017-07-0{i}");

        var pages = await client.AllPagesAsync("/v1/people/donald-j-trump/timeline?order=desc", limit: 3);

        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => $"2017-07-0{i}"), pages.Select(s => s.Str("saidAt")));
    }

    [Theory]
    [InlineData("limit=0", "limit", "between 1 and 200")]
    [InlineData("limit=201", "limit", "between 1 and 200")]
    [InlineData("limit=ten", "limit", "integer")]
    [InlineData("order=sideways", "order", "asc or desc")]
    [InlineData("from=2017-02-30", "from", "no day 30")]
    [InlineData("to=yesterday", "to", "ISO 8601")]
    [InlineData("from=2017-08&to=2017-07", "to", "before from")]
    [InlineData("medium=blog", "medium", "one of")]
    [InlineData("cursor=not-a-cursor", "cursor", "nextCursor")]
    [InlineData("to=9999-12-31T23:59:59-14:00", "to", "0001 to 9999")]
    public async Task BadTimelineParametersAreRefusedNamingTheParameter(string query, string field, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");

        var response = await client.GetAsync($"/v1/people/donald-j-trump/timeline?{query}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field, rule);
    }

    [Fact]
    public async Task ACursorFromOneOrderIsRefusedInTheOther()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        for (var i = 1; i <= 3; i++) await client.CreateStatementAsync("donald-j-trump", $"2017-07-0{i}");
        var cursor = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1"))["nextCursor"]!.GetValue<string>();

        var response = await client.GetAsync($"/v1/people/donald-j-trump/timeline?order=desc&cursor={Uri.EscapeDataString(cursor)}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "cursor", "same filters and order");
    }

    [Fact]
    public async Task TheTimelineOfAnUnknownPersonIsNotFoundAndOfASilentOneIsEmpty()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Marco Rubio");

        await Problem.AssertAsync(await client.GetAsync("/v1/people/nobody/timeline"), HttpStatusCode.NotFound);
        var empty = await client.GetJsonAsync("/v1/people/marco-rubio/timeline");
        Assert.Empty(empty["items"]!.AsArray());
        Assert.Null(empty["nextCursor"]);
    }
}
