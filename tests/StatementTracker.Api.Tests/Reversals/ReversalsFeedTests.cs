using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Net;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Reversals;

public class ReversalsFeedTests
{
    [Theory]
    [InlineData("reverses", "full_flop")]
    [InlineData("walks_back", "half_flip")]
    public async Task AnEditorsLinkAloneIsAReversalWithTheLinksRating(string relation, string flip)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var earlier = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T07:50:24-04:00");
        var later = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T20:45:13-04:00");
        var link = await client.LinkAsync(later.Id(), earlier.Id(), relation);

        var entry = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;

        Assert.Equal((earlier.Id(), later.Id(), flip), (entry["earlier"].Str("id"), entry["later"].Str("id"), entry.Str("flip")));
        Assert.Empty(entry["topics"]!.AsArray());
        Assert.Equal(46489, entry["elapsedSeconds"]!.GetValue<long>());
        Assert.Equal("PT12H54M49S", entry.Str("elapsed"));
        var evidence = Assert.Single(entry["evidence"]!.AsArray())!;
        Assert.Equal(("link", relation, link.Id(), flip), (evidence.Str("kind"), evidence.Str("relation"), evidence.Str("linkId"), evidence.Str("flip")));
    }

    [Fact]
    public async Task OtherLinksAreNotReversals()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var earlier = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var later = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        foreach (var relation in new[] { "clarifies", "reaffirms", "repeats", "responds_to", "contradicts", "supports" })
            await client.LinkAsync(later.Id(), earlier.Id(), relation);

        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ALinkAndAStanceChangeOnTheSamePairAreOneEntryAndTheLinksRatingStands()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("us-russia-cyber-unit");
        var proposal = await client.StanceAsync("donald-j-trump", "2017-07-09T07:50:24-04:00", "us-russia-cyber-unit", "supports");
        var walkBack = await client.StanceAsync("donald-j-trump", "2017-07-09T20:45:13-04:00", "us-russia-cyber-unit", "undecided");
        await client.LinkAsync(walkBack, proposal, "reverses");

        var entry = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;

        Assert.Equal(("full_flop", "us-russia-cyber-unit"), (entry.Str("flip"), Assert.Single(entry["topics"]!.AsArray()).Str("slug")));
        Assert.Equal(["link:full_flop", "stance:half_flip"], entry["evidence"]!.AsArray().Select(e => $"{e.Str("kind")}:{e.Str("flip")}"));
        var stance = entry["evidence"]![1]!;
        Assert.Equal(("supports", "undecided"), (stance.Str("from"), stance.Str("to")));
        Assert.Single((await client.GetJsonAsync("/v1/reversals?flip=full_flop"))["items"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync("/v1/reversals?flip=half_flip"))["items"]!.AsArray());
    }

    [Fact]
    public async Task ChangesOnSeveralTopicsBetweenTheSameTwoStatementsAreOneEntry()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");
        await client.TopicAsync("nato");
        var earlier = await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = "Free trade and NATO are great.", saidAt = "2016-01-01", medium = "speech",
            sources = new[] { new { url = "https://example.org/a" } },
            positions = new[] { new { topic = "trade", stance = "supports" }, new { topic = "nato", stance = "leans_support" } },
        });
        var later = await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = "Trade deals and NATO are obsolete.", saidAt = "2016-03-01", medium = "speech",
            sources = new[] { new { url = "https://example.org/b" } },
            positions = new[] { new { topic = "trade", stance = "opposes" }, new { topic = "nato", stance = "undecided" } },
        });

        var entry = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;
        Assert.Equal(["nato", "trade"], entry["topics"]!.AsArray().Select(t => t.Str("slug")));
        Assert.Equal("full_flop", entry.Str("flip")); // the strongest change on any topic
        Assert.Equal(["stance:nato:half_flip", "stance:trade:full_flop"], entry["evidence"]!.AsArray().Select(e => $"{e.Str("kind")}:{e.Str("topic")}:{e.Str("flip")}"));

        await client.LinkAsync(later.Id(), earlier.Id(), "walks_back");
        var merged = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;
        Assert.Equal("half_flip", merged.Str("flip")); // the link's rating stands
        Assert.Equal(3, merged["evidence"]!.AsArray().Count);
        Assert.Single((await client.GetJsonAsync("/v1/reversals?topic=nato"))["items"]!.AsArray());
        Assert.Single((await client.GetJsonAsync($"/v1/statements/{later.Id()}"))["reversals"]!.AsArray());
    }

    [Fact]
    public async Task APairIsEitherReversedOrWalkedBackNotBoth()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var earlier = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var later = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        var first = await client.LinkAsync(later.Id(), earlier.Id(), "walks_back");

        var response = await client.PostAsJsonAsync($"/v1/statements/{later.Id()}/links", new { target = earlier.Id(), relation = "reverses" });

        await Problem.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, "relation", "either reversed or walked back");
        Assert.Equal(HttpStatusCode.NoContent, (await client.RetractAsync($"/v1/statements/{later.Id()}/links/{first.Id()}")).StatusCode);
        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
        await client.LinkAsync(later.Id(), earlier.Id(), "reverses");
        Assert.Equal("full_flop", Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray()).Str("flip"));
    }

    [Fact]
    public async Task OneStatementReversingSeveralEarlierOnesPagesWithoutSkippingAny()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var topics = new[] { "trade", "nato", "russia", "taxes", "climate" };
        foreach (var topic in topics)
        {
            await client.TopicAsync(topic);
            await client.StanceAsync("donald-j-trump", $"2016-0{Array.IndexOf(topics, topic) + 1}-01", topic, "supports");
        }
        // One statement turns on all five, each first said on its own day: five entries share the later statement.
        await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump", quote = "All of it was a mistake.", saidAt = "2017-01-01", medium = "interview",
            sources = new[] { new { url = "https://example.org/c" } },
            positions = topics.Select(topic => new { topic, stance = "opposes" }).ToArray(),
        });

        foreach (var limit in new[] { 1, 2, 3 })
        {
            var entries = await client.AllPagesAsync("/v1/reversals", limit);
            Assert.Equal(5, entries.Select(e => e["earlier"].Str("id")).Distinct().Count());
            Assert.Equal(5, entries.Count);
        }
    }

    [Fact]
    public async Task TimelineItemsSayWhichStatementTheyReverseOrAreReversedBy()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");
        var first = await client.StanceAsync("donald-j-trump", "2017-01-01", "trade", "supports");
        var second = await client.StanceAsync("donald-j-trump", "2017-02-01", "trade", "opposes");
        var untouched = await client.CreateStatementAsync("donald-j-trump", "2017-03-01");

        var items = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray();

        var reversedBy = Assert.Single(items[0]!["reversals"]!.AsArray())!;
        Assert.Equal(("reversed_by", second, "full_flop", "trade"), (reversedBy.Str("role"), reversedBy.Str("statementId"), reversedBy.Str("flip"), Assert.Single(reversedBy["topics"]!.AsArray())!.GetValue<string>()));
        var reverses = Assert.Single(items[1]!["reversals"]!.AsArray())!;
        Assert.Equal(("reverses", first), (reverses.Str("role"), reverses.Str("statementId")));
        Assert.Equal(["stance"], reverses["evidence"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(untouched.Id(), items[2].Str("id"));
        Assert.Empty(items[2]!["reversals"]!.AsArray());
    }

    [Fact]
    public async Task TheFeedIsNewestFirstAndItsPagesHoldEveryEntryOnce()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");
        await client.TopicAsync("cuba");
        var stances = new[] { "supports", "opposes", "undecided", "supports", "leans_oppose" };
        for (var month = 1; month <= 5; month++)
        {
            await client.StanceAsync("donald-j-trump", $"2017-{month:D2}-01", "trade", stances[month - 1]);
            await client.StanceAsync("marco-rubio", $"2017-{month:D2}-02", "cuba", stances[5 - month]);
        }

        var all = await client.AllPagesAsync("/v1/reversals", limit: 3);

        Assert.Equal(8, all.Count);
        var laterDates = all.Select(e => e["later"].Str("saidAt")).ToList();
        Assert.Equal(laterDates.OrderDescending(StringComparer.Ordinal), laterDates);
        Assert.Equal(8, all.Select(e => e["later"].Str("id")).Distinct().Count());
        Assert.Equal(4, (await client.AllPagesAsync("/v1/reversals?person=marco-rubio", limit: 3)).Count);
        Assert.All(await client.AllPagesAsync("/v1/reversals?topic=trade", limit: 2), e => Assert.Equal("donald-j-trump", e["person"].Str("slug")));
        Assert.Equal(["2017-03-01", "2017-03-02"], (await client.GetJsonAsync("/v1/reversals?from=2017-03&to=2017-03"))["items"]!.AsArray().Select(e => e!["later"].Str("saidAt")).Order());
    }

    [Theory]
    [InlineData("flip=no_flip", "flip", "full_flop, half_flip")]
    [InlineData("from=2017-13", "from", "month 13")]
    [InlineData("from=2017-08&to=2017-07", "to", "before from")]
    [InlineData("limit=500", "limit", "between 1 and 200")]
    [InlineData("cursor=eyJ4IjoxfQ", "cursor", "nextCursor")]
    public async Task BadFeedParametersAreRefusedNamingTheParameter(string query, string field, string rule)
    {
        await using var app = new StatementTrackerApplication();
        await Problem.AssertFieldAsync(await app.CreateClient().GetAsync($"/v1/reversals?{query}"), HttpStatusCode.BadRequest, field, rule);
    }

    [Fact]
    public async Task AFeedFilterNamingAnUnknownPersonOrTopicIsABadRequestNamingIt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/reversals?person=nobody"), HttpStatusCode.BadRequest, "person", "no person has the slug 'nobody'");
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/reversals?topic=nothing"), HttpStatusCode.BadRequest, "topic", "no topic has the slug 'nothing'");
    }

    [Fact]
    public async Task RebuildingFromScratchDerivesTheSameReversalsTheWritesKept()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var kept = (await client.GetJsonAsync("/v1/reversals")).ToJsonString();
        await using (var connection = app.OpenDatabase())
        {
            await using var wipe = connection.CreateCommand();
            // Behind the service's back: SQLite counts that write for the read cache itself; on PostgreSQL whoever writes
            // outside the service moves the data version on, as the README says.
            wipe.CommandText = "DELETE FROM reversal_topics; DELETE FROM reversals;"
                + (app.Engine == StatementTracker.Api.Data.DatabaseEngine.Postgres ? " UPDATE data_version SET version = version + 1;" : "");
            await wipe.ExecuteNonQueryAsync();
        }
        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());

        await app.Services.GetRequiredService<StatementTracker.Api.Maintenance.MaintenanceTasks>().RebuildReversalsAsync();

        Assert.Equal(kept, (await client.GetJsonAsync("/v1/reversals")).ToJsonString());
    }

    [Fact]
    public async Task CorrectingADateOrPersonRedrawsTheReversalsButASummaryDoesNot()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");
        var january = await client.StanceAsync("donald-j-trump", "2017-01-01", "trade", "supports");
        var february = await client.StanceAsync("donald-j-trump", "2017-02-01", "trade", "opposes");

        var rowsBefore = await ReversalRowsAsync(app);

        // A redraw closes the row and opens another (reversals are temporal rows): a summary must do neither.
        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{february}", """{"summary":"He changed his mind."}""")).StatusCode);
        Assert.Equal(rowsBefore, await ReversalRowsAsync(app));
        var entry = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;
        Assert.Equal((january, february), (entry["earlier"].Str("id"), entry["later"].Str("id")));

        // Said before January after all: now January turns on it.
        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{february}", """{"saidAt":"2016-12-01"}""")).StatusCode);
        Assert.NotEqual(rowsBefore, await ReversalRowsAsync(app));
        entry = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;
        Assert.Equal((february, january), (entry["earlier"].Str("id"), entry["later"].Str("id")));

        // Said by someone else after all: nobody changed their mind.
        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{february}", """{"person":"marco-rubio"}""")).StatusCode);
        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
    }

    /// <summary>Every reversal row ever written, open or closed, as "id:valid_to" lines.</summary>
    private static async Task<string> ReversalRowsAsync(StatementTrackerApplication app)
    {
        await using var connection = app.OpenDatabase();
        var rows = await Dapper.SqlMapper.QueryAsync<(long Id, long? ValidToMs)>(connection, "SELECT id, valid_to_ms FROM reversals ORDER BY id");
        return string.Join(' ', rows.Select(r => $"{r.Id}:{(r.ValidToMs is { } to ? to.ToString() : "open")}"));
    }

    [Fact]
    public async Task CorrectingAStanceRemovesTheReversalItMade()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");
        await client.StanceAsync("donald-j-trump", "2017-01-01", "trade", "supports");
        var second = await client.StanceAsync("donald-j-trump", "2017-02-01", "trade", "opposes");
        Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());

        await client.PatchJsonAsync($"/v1/statements/{second}", """{"positions":[{"topic":"trade","stance":"supports"}]}""");

        Assert.Empty((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray());
    }

    [Fact]
    public async Task FacetsTellWhoReversedMostInAYearAndEachNarrowsTheFeed()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");
        await client.TopicAsync("nato");
        await client.StanceAsync("donald-j-trump", "2017-01-01", "trade", "supports");
        await client.StanceAsync("donald-j-trump", "2017-02-01", "trade", "opposes");
        await client.StanceAsync("donald-j-trump", "2017-03-01", "trade", "undecided");
        await client.StanceAsync("marco-rubio", "2017-01-01", "nato", "supports");
        await client.StanceAsync("marco-rubio", "2018-01-01", "nato", "opposes");

        var feed = await client.GetJsonAsync("/v1/reversals?from=2017&to=2017&facets=person,topic,year,flip");

        Assert.Equal(2, feed["total"]!.GetValue<long>());
        var person = Assert.Single(feed["facets"]!["person"]!.AsArray())!;
        Assert.Equal(("donald-j-trump", 2L), (person.Str("value"), person["count"]!.GetValue<long>()));
        Assert.Equal(["full_flop", "half_flip"], feed["facets"]!["flip"]!.AsArray().Select(v => v.Str("value")).Order());
        Assert.Equal(2, (await client.GetJsonAsync(person.Str("href")))["items"]!.AsArray().Count);
        var everyYear = await client.GetJsonAsync("/v1/reversals?facets=year");
        Assert.Equal(["2017", "2018"], everyYear["facets"]!["year"]!.AsArray().Select(v => v.Str("value")).Order());
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/reversals?facets=medium"), HttpStatusCode.BadRequest, "facets", "medium");
    }
}
