using System.Net;
using System.Text.Json.Nodes;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Statements;

public class StatementListTests
{
    [Fact]
    public async Task SearchingCyberFindsBothTrumpTweetsWithTheWordMarked()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var page = await client.GetJsonAsync("/v1/statements?q=cyber&person=donald-j-trump");

        var items = page["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Contains("<mark>Cyber</mark>", item.Str("highlight")));
        Assert.Equal(["twitter:884016887692234753", "twitter:884211874518192128"], items.Select(i => i.Str("externalId")));
    }

    [Fact]
    public async Task AHighlightEscapesTheQuoteAndMarksOnlyTheMatches()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");
        await client.CreateStatementAsync("ash-carter", "2017-07-09", quote: "<script>alert(1)</script> & the burglar's cyber unit");

        var hit = (await client.GetJsonAsync("/v1/statements?q=burglar"))["items"]![0]!;

        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; &amp; the <mark>burglar</mark>&#39;s cyber unit", hit.Str("highlight"));
        Assert.Null((await client.GetJsonAsync("/v1/statements"))["items"]![0]!["highlight"]);
    }

    [Theory]
    [InlineData("\"cyber unit", "quote")]
    [InlineData("OR russia", "OR")]
    [InlineData("*", "")]
    [InlineData("-russia", "")]
    public async Task ASearchThatIsNotValidIsABadRequestThatSaysWhy(string q, string rule)
    {
        await using var app = new StatementTrackerApplication();

        var response = await app.CreateClient().GetAsync($"/v1/statements?q={Uri.EscapeDataString(q)}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "q", rule);
    }

    [Fact]
    public async Task FiltersCombineAndATopicFindsStancesAndStatementsOnlyAboutIt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("nato");
        var stance = await client.StanceAsync("donald-j-trump", "2017-05-25", "nato", "leans_oppose");
        var about = (await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = "NATO members must pay.", saidAt = "2017-05-26", medium = "speech",
            sources = new[] { new { url = "https://example.org/nato" } }, topics = new[] { "nato" },
        })).Id();
        await client.CreateStatementAsync("donald-j-trump", "2017-05-27", quote: "Not about it.");
        var rubio = await client.StanceAsync("marco-rubio", "2017-05-28", "nato", "supports");

        Assert.Equal([stance, about, rubio], (await client.GetJsonAsync("/v1/statements?topic=nato")).Ids());
        Assert.Equal([stance, about], (await client.GetJsonAsync("/v1/statements?topic=nato&person=donald-j-trump")).Ids());
        Assert.Equal([stance, about, rubio], (await client.GetJsonAsync("/v1/statements?topic=nato&person=donald-j-trump&person=marco-rubio")).Ids());
        Assert.Equal([about], (await client.GetJsonAsync("/v1/statements?topic=nato&medium=speech")).Ids());
        Assert.Equal([rubio], (await client.GetJsonAsync("/v1/statements?topic=nato&stance=supports")).Ids());
        Assert.Equal([rubio, about, stance], (await client.GetJsonAsync("/v1/statements?topic=nato&sort=-saidAt")).Ids());
        Assert.Equal(["nato"], (await client.GetJsonAsync($"/v1/statements/{about}"))["topics"]!.AsArray().Select(t => t!.GetValue<string>()));
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/statements?person=nobody"), HttpStatusCode.BadRequest, "person", "nobody");
    }

    [Fact]
    public async Task DatesAreReadAsLocalDaysInTheGivenTimeZoneAcrossAClockChange()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        // 12 March 2017 in New York had 23 hours: summer time began at 2 a.m.
        var earlyOnTheTwelfth = (await client.CreateStatementAsync("donald-j-trump", "2017-03-12T00:30:00-05:00")).Id();
        var lateOnTheTwelfth = (await client.CreateStatementAsync("donald-j-trump", "2017-03-12T23:30:00-04:00")).Id();
        var theThirteenth = (await client.CreateStatementAsync("donald-j-trump", "2017-03-13T00:30:00-04:00")).Id();

        var local = await client.GetJsonAsync("/v1/statements?from=2017-03-12&to=2017-03-12&tz=America/New_York");
        var utc = await client.GetJsonAsync("/v1/statements?from=2017-03-12&to=2017-03-12");

        Assert.Equal([earlyOnTheTwelfth, lateOnTheTwelfth], local.Ids());
        Assert.Equal([earlyOnTheTwelfth], utc.Ids());
        Assert.Equal([theThirteenth], (await client.GetJsonAsync("/v1/statements?from=2017-03-13&tz=America/New_York")).Ids());
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/statements?tz=Mars/Olympus"), HttpStatusCode.BadRequest, "tz", "IANA");
    }

    [Fact]
    public async Task FacetsCountTheWholeResultAddUpToTheTotalAndNarrowItWhenFollowed()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var page = await client.GetJsonAsync("/v1/statements?limit=2&facets=person,medium,year,month");

        var total = page["total"]!.GetValue<long>();
        Assert.Equal(8, total);
        foreach (var facet in new[] { "person", "medium", "year" })
            Assert.Equal(total, page["facets"]![facet]!.AsArray().Sum(v => v!["count"]!.GetValue<long>()));
        var trump = page["facets"]!["person"]!.AsArray().Single(v => v.Str("value") == "donald-j-trump")!;
        Assert.Equal(("Donald J. Trump", 2L), (trump.Str("label"), trump["count"]!.GetValue<long>()));
        var narrowed = await client.GetJsonAsync(trump.Str("href"));
        Assert.Equal(2, narrowed["items"]!.AsArray().Count);
        Assert.Equal("2017-07", page["facets"]!["month"]![0].Str("value"));
    }

    [Fact]
    public async Task EveryPageWalkedInTurnListsEachStatementOnceInEveryOrder()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        foreach (var sort in new[] { "saidAt", "-saidAt" })
        {
            var all = await client.AllPagesAsync($"/v1/statements?sort={sort}", limit: 3);
            Assert.Equal(8, all.Select(i => i.Str("id")).Distinct().Count());
            Assert.Equal(8, all.Count);
        }
        var hits = await client.AllPagesAsync("/v1/statements?q=cyber OR unit OR russia&sort=relevance", limit: 1);
        Assert.Equal(hits.Count, hits.Select(i => i.Str("id")).Distinct().Count());
        Assert.True(hits.Count >= 2);
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/statements?sort=relevance"), HttpStatusCode.BadRequest, "sort", "q");
    }

    [Fact]
    public async Task RetractedStatementsAreLeftOutUnlessAskedFor()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var kept = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09", quote: "Cyber one.")).Id();
        var gone = (await client.CreateStatementAsync("donald-j-trump", "2017-07-10", quote: "Cyber two.")).Id();
        await client.RetractAsync($"/v1/statements/{gone}");

        Assert.Equal([kept], (await client.GetJsonAsync("/v1/statements?q=cyber")).Ids());
        Assert.Equal([kept, gone], (await client.GetJsonAsync("/v1/statements?q=cyber&includeRetracted=true")).Ids());
    }
}

public class StatementListEdgeTests
{
    [Fact]
    public async Task AnEmptyDatabaseAnswersSearchesFacetsAndExportsWithNothing()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        var page = await client.GetJsonAsync("/v1/statements?q=cyber&facets=person,year,topic");

        Assert.Empty(page["items"]!.AsArray());
        Assert.Equal(0, page["total"]!.GetValue<long>());
        Assert.Empty(page["facets"]!["person"]!.AsArray());
        Assert.Equal("\uFEFF" + string.Join(',', StatementTracker.Api.Statements.StatementCsv.Header) + "\r\n",
            System.Text.Encoding.UTF8.GetString(await client.GetByteArrayAsync("/v1/statements?format=csv")));
    }

    [Fact]
    public async Task ARepeatableFilterTakesAtMostTwentyValues()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var many = string.Join('&', Enumerable.Range(0, 21).Select(i => $"person=p{i}"));

        await Problem.AssertFieldAsync(await client.GetAsync($"/v1/statements?{many}"), HttpStatusCode.BadRequest, "person", "at most 20");
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/statements?topic=foreign-policy&topic=nowhere"), HttpStatusCode.BadRequest, "topic", "nowhere");
        Assert.Equal(3, (await client.GetJsonAsync("/v1/statements?person=donald-j-trump&person=vladimir-putin"))["items"]!.AsArray().Count);
    }
}

public class ConditionalGetTests
{
    [Fact]
    public async Task AnUnchangedReadIsNotModifiedAndAnyChangeInItsAnswerIsSeen()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09")).Id();
        var second = (await client.CreateStatementAsync("donald-j-trump", "2017-07-10")).Id();
        var statementUrl = $"/v1/statements/{first}";

        var read = await client.GetAsync(statementUrl);
        var etag = read.Headers.ETag!.ToString();
        Assert.StartsWith("\"1.", etag);
        Assert.Equal("no-cache", read.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(client, statementUrl, etag)).StatusCode);
        Assert.Empty(await (await Conditional(client, statementUrl, etag)).Content.ReadAsByteArrayAsync());

        // A link from another statement changes this one's answer, not its revision: the read sees it.
        await client.LinkAsync(second, first, "clarifies");
        Assert.Equal(HttpStatusCode.OK, (await Conditional(client, statementUrl, etag)).StatusCode);

        // The record's own part of the tag is still what If-Match checks.
        var patch = new HttpRequestMessage(HttpMethod.Patch, statementUrl) { Content = new StringContent("""{"summary":"s"}""", System.Text.Encoding.UTF8, "application/merge-patch+json") };
        patch.Headers.TryAddWithoutValidation("If-Match", (await client.GetAsync(statementUrl)).Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);

        var timeline = "/v1/people/donald-j-trump/timeline";
        var listTag = (await client.GetAsync(timeline)).Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(client, timeline, listTag)).StatusCode);
        await client.CreateStatementAsync("donald-j-trump", "2017-07-11");
        Assert.Equal(HttpStatusCode.OK, (await Conditional(client, timeline, listTag)).StatusCode);
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient client, string url, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }
}

public class SearchPlanTests
{
    [Fact]
    public void TheShareOfMatchesIsBoundedByTheRarestWordSideBySideAndTheSumOfAlternatives()
    {
        Assert.True(StatementTracker.Api.Search.SearchQueryParser.TryParse("cyber unit -russia OR putin*", out var query, out _));
        var counts = new Dictionary<(string, bool), long> { [("cyber", false)] = 40, [("unit", false)] = 300, [("russia", false)] = 5, [("putin", true)] = 70 };

        var most = StatementTracker.Api.Search.SearchPlan.MostMatches(query, (term, prefix) => counts[(term, prefix)]);

        Assert.Equal(110, most);
        Assert.True(StatementTracker.Api.Search.SearchPlan.Walk(most, 1_000));
        Assert.False(StatementTracker.Api.Search.SearchPlan.Walk(most, 1_000_000));
    }

    [Fact]
    public async Task ACommonWordAndARareOneFindTheSameStatementsWhicheverWayThePageIsFound()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var common = new List<string>();
        string? rare = null;
        for (var day = 1; day <= 28; day++)
        {
            var quote = day % 7 == 0 ? "Nothing to see." : day == 13 ? "A tremendous and impenetrable deal." : "A tremendous deal.";
            var id = (await client.CreateStatementAsync("donald-j-trump", $"2017-02-{day:D2}", quote: quote)).Id();
            if (quote.Contains("tremendous")) common.Add(id);
            if (day == 13) rare = id;
        }

        Assert.Equal(common, (await client.AllPagesAsync("/v1/statements?q=tremendous", limit: 5)).Select(i => i.Str("id")));
        Assert.Equal(Enumerable.Reverse(common), (await client.AllPagesAsync("/v1/statements?q=tremendous&sort=-saidAt", limit: 5)).Select(i => i.Str("id")));
        Assert.Equal([rare!], (await client.GetJsonAsync("/v1/statements?q=impenetrable")).Ids());
        Assert.Equal([rare!], (await client.GetJsonAsync("/v1/statements?q=tremendous%20impenetrable")).Ids());
        Assert.Equal(common.Except([rare!]), (await client.AllPagesAsync("/v1/statements?q=tremendous%20-impenetrable", limit: 4)).Select(i => i.Str("id")));
    }
}
