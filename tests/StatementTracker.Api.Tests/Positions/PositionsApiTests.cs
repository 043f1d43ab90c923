using System.Net;

namespace StatementTracker.Api.Tests.Positions;

public class PositionsApiTests
{
    [Theory]
    [InlineData("supports", "supports", null)]
    [InlineData("supports", "leans_support", "half_flip")]
    [InlineData("supports", "undecided", "half_flip")]
    [InlineData("supports", "leans_oppose", "full_flop")]
    [InlineData("supports", "opposes", "full_flop")]
    [InlineData("leans_support", "supports", "half_flip")]
    [InlineData("leans_support", "leans_support", null)]
    [InlineData("leans_support", "undecided", "half_flip")]
    [InlineData("leans_support", "leans_oppose", "full_flop")]
    [InlineData("leans_support", "opposes", "full_flop")]
    [InlineData("undecided", "supports", "half_flip")]
    [InlineData("undecided", "leans_support", "half_flip")]
    [InlineData("undecided", "undecided", null)]
    [InlineData("undecided", "leans_oppose", "half_flip")]
    [InlineData("undecided", "opposes", "half_flip")]
    [InlineData("leans_oppose", "supports", "full_flop")]
    [InlineData("leans_oppose", "leans_support", "full_flop")]
    [InlineData("leans_oppose", "undecided", "half_flip")]
    [InlineData("leans_oppose", "leans_oppose", null)]
    [InlineData("leans_oppose", "opposes", "half_flip")]
    [InlineData("opposes", "supports", "full_flop")]
    [InlineData("opposes", "leans_support", "full_flop")]
    [InlineData("opposes", "undecided", "half_flip")]
    [InlineData("opposes", "leans_oppose", "half_flip")]
    [InlineData("opposes", "opposes", null)]
    public async Task TheFlipOMeterRatesEveryPairOfStances(string from, string to, string? flip)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");
        var earlier = await client.StanceAsync("donald-j-trump", "2017-07-09", "trade", from);
        var later = await client.StanceAsync("donald-j-trump", "2017-07-10", "trade", to);

        var history = await client.GetJsonAsync("/v1/people/donald-j-trump/positions/trade");
        var feed = await client.GetJsonAsync("/v1/reversals");

        Assert.Equal([from, to], history["history"]!.AsArray().Select(h => h.Str("stance")));
        if (flip is null)
        {
            Assert.Empty(history["changes"]!.AsArray());
            Assert.Empty(feed["items"]!.AsArray());
            return;
        }
        var change = Assert.Single(history["changes"]!.AsArray())!;
        Assert.Equal((flip, earlier, later), (change.Str("flip"), change["from"]!["statement"].Str("id"), change["to"]!["statement"].Str("id")));
        Assert.Equal(86400, change["elapsedSeconds"]!.GetValue<long>());
        var reversal = Assert.Single(feed["items"]!.AsArray())!;
        Assert.Equal((flip, "trade"), (reversal.Str("flip"), Assert.Single(reversal["topics"]!.AsArray()).Str("slug")));
        Assert.Equal(["stance"], reversal["evidence"]!.AsArray().Select(e => e.Str("kind")));
    }

    [Theory]
    [InlineData("2017-07-09T11:00:00Z", null)]
    [InlineData("2017-07-09T12:00Z", "supports")]
    [InlineData("2017-07-09", "supports")]                  // the whole UTC day: the walk-back is 10 July in UTC
    [InlineData("2017-07-09T20:00:00-04:00", "supports")]    // 10 July 00:00Z, before the walk-back's 00:45:13Z
    [InlineData("2017-07-09T20:45:13-04:00", "undecided")]   // the walk-back's own second counts
    [InlineData("2017-07-09T23:59:00-04:00", "undecided")]   // still 9 July for Trump, already 10 July in UTC
    [InlineData("2017-07-10T12:00Z", "undecided")]
    [InlineData("2017-08", "opposes")]
    public async Task AsOfGivesTheStanceInEffectBeforeBetweenAndAfterChanges(string asOf, string? stance)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("us-russia-cyber-unit");
        await client.StanceAsync("donald-j-trump", "2017-07-09T07:50:24-04:00", "us-russia-cyber-unit", "supports");
        await client.StanceAsync("donald-j-trump", "2017-07-09T20:45:13-04:00", "us-russia-cyber-unit", "undecided");
        await client.StanceAsync("donald-j-trump", "2017-08-15", "us-russia-cyber-unit", "opposes");

        var positions = await client.GetJsonAsync($"/v1/people/donald-j-trump/positions?asOf={Uri.EscapeDataString(asOf)}");

        var items = positions["items"]!.AsArray();
        if (stance is null) Assert.Empty(items);
        else Assert.Equal(stance, Assert.Single(items)!.Str("stance"));
    }

    [Theory]
    [InlineData("2019-05-05T12:00Z", 0, "2019-05-05T12:00:00Z")]
    [InlineData("2019-05-05T12:00:29Z", 0, "2019-05-05T12:00:29Z")]
    [InlineData("2019-05-05T12:00:30Z", 1, "2019-05-05T12:00:30Z")]
    [InlineData("2019-05-05T14:00:30+02:00", 1, "2019-05-05T12:00:30Z")]
    [InlineData("2019-05-05", 1, "2019-05-05T23:59:59.999Z")]
    [InlineData("9999", 1, "9999-12-31T23:59:59.999Z")]
    [InlineData("0001", 0, "0001-12-31T23:59:59.999Z")]
    public async Task AsOfIsAnInstantWhateverItsPrecisionAndTheSameInstantGivesTheSameAnswer(string asOf, int count, string echoed)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");
        await client.StanceAsync("marco-rubio", "2019-05-05T12:00:30Z", "trade", "supports");

        var positions = await client.GetJsonAsync($"/v1/people/marco-rubio/positions?asOf={Uri.EscapeDataString(asOf)}");

        Assert.Equal(count, positions["items"]!.AsArray().Count);
        Assert.Equal(echoed, positions.Str("asOf"));
    }

    [Fact]
    public async Task SinceIsTheFirstStatementOfTheUnbrokenRunOfTheCurrentStance()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Lindsey Graham");
        await client.TopicAsync("trade");
        await client.StanceAsync("lindsey-graham", "2016-01-01", "trade", "opposes");
        await client.StanceAsync("lindsey-graham", "2016-06-01", "trade", "supports");
        var runStarts = await client.StanceAsync("lindsey-graham", "2017-01-01", "trade", "opposes");
        var latest = await client.StanceAsync("lindsey-graham", "2017-06-01", "trade", "opposes");

        var position = Assert.Single((await client.GetJsonAsync("/v1/people/lindsey-graham/positions"))["items"]!.AsArray())!;

        Assert.Equal(("opposes", latest, runStarts), (position.Str("stance"), position["statement"].Str("id"), position["since"].Str("id")));
        Assert.Equal("2017-01-01", position["since"].Str("saidAt"));
    }

    [Fact]
    public async Task APersonsPositionsCoverEveryTopicTheySpokeOnAPageAtATime()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Marco Rubio");
        foreach (var topic in new[] { "trade", "cuba", "russia", "venezuela", "immigration" })
        {
            await client.TopicAsync(topic);
            await client.StanceAsync("marco-rubio", "2017-07-09", topic, "opposes");
        }

        var pages = await client.AllPagesAsync("/v1/people/marco-rubio/positions?asOf=2018", limit: 2);

        Assert.Equal(["cuba", "immigration", "russia", "trade", "venezuela"], pages.Select(p => p["topic"].Str("slug")));
    }

    [Fact]
    public async Task WhoStoodWhereOnATopicIsOneRowPerPersonWithTheirLatestStance()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        foreach (var name in new[] { "Donald J. Trump", "Vladimir Putin", "Lindsey Graham", "Ash Carter" }) await client.CreatePersonAsync(name);
        await client.TopicAsync("us-russia-cyber-unit");
        await client.StanceAsync("vladimir-putin", "2017-07-08", "us-russia-cyber-unit", "supports");
        var proposal = await client.StanceAsync("donald-j-trump", "2017-07-09T07:50:24-04:00", "us-russia-cyber-unit", "supports");
        await client.StanceAsync("lindsey-graham", "2017-07-09", "us-russia-cyber-unit", "opposes");
        await client.StanceAsync("ash-carter", "2017-07-09", "us-russia-cyber-unit", "opposes");
        await client.StanceAsync("donald-j-trump", "2017-07-09T20:45:13-04:00", "us-russia-cyber-unit", "undecided");

        var ninth = await client.GetJsonAsync("/v1/topics/us-russia-cyber-unit/positions?asOf=2017-07-09");
        Assert.Equal(["ash-carter:opposes", "donald-j-trump:supports", "lindsey-graham:opposes", "vladimir-putin:supports"],
            ninth["items"]!.AsArray().Select(r => $"{r!["person"].Str("slug")}:{r.Str("stance")}"));
        Assert.Equal(proposal, ninth["items"]![1]!["statement"].Str("id"));

        var supporters = await client.GetJsonAsync("/v1/topics/us-russia-cyber-unit/positions?asOf=2017-07-09&stance=supports");
        Assert.Equal(["donald-j-trump", "vladimir-putin"], supporters["items"]!.AsArray().Select(r => r!["person"].Str("slug")));

        var later = await client.AllPagesAsync("/v1/topics/us-russia-cyber-unit/positions?asOf=2017-07-11", limit: 3);
        Assert.Equal(["ash-carter:opposes", "donald-j-trump:undecided", "lindsey-graham:opposes", "vladimir-putin:supports"],
            later.Select(r => $"{r["person"].Str("slug")}:{r.Str("stance")}"));

        var before = await client.GetJsonAsync("/v1/topics/us-russia-cyber-unit/positions?asOf=2017-07-07");
        Assert.Empty(before["items"]!.AsArray());
    }

    [Fact]
    public async Task TheStanceFilterAndSubtopicsPageTogether()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.TopicAsync("foreign-policy");
        await client.TopicAsync("russia", parent: "foreign-policy");
        for (var i = 0; i < 7; i++)
        {
            await client.CreatePersonAsync($"Senator {(char)('a' + i)}");
            await client.StanceAsync($"senator-{(char)('a' + i)}", "2017-07-09", i % 2 == 0 ? "russia" : "foreign-policy", i % 3 == 0 ? "opposes" : "supports");
        }

        var supporters = await client.AllPagesAsync("/v1/topics/foreign-policy/positions?asOf=2018&includeSubtopics=true&stance=supports", limit: 2);

        Assert.Equal(["senator-b", "senator-c", "senator-e", "senator-f"], supporters.Select(r => r["person"].Str("slug")));
    }

    [Fact]
    public async Task CorrectingAStatementsDateOrPersonMovesItsStance()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");
        await client.StanceAsync("donald-j-trump", "2017-01-01", "trade", "supports");
        var later = await client.StanceAsync("donald-j-trump", "2017-02-01", "trade", "opposes");
        Assert.Equal(["donald-j-trump:opposes"], await Rows());

        await client.PatchJsonAsync($"/v1/statements/{later}", """{"saidAt":"2016-12-01"}""");
        Assert.Equal(["donald-j-trump:supports"], await Rows());

        await client.PatchJsonAsync($"/v1/statements/{later}", """{"person":"marco-rubio"}""");
        Assert.Equal(["donald-j-trump:supports", "marco-rubio:opposes"], await Rows());

        async Task<List<string>> Rows() => (await client.GetJsonAsync("/v1/topics/trade/positions?asOf=2018"))["items"]!.AsArray()
            .Select(r => $"{r!["person"].Str("slug")}:{r.Str("stance")}").ToList();
    }

    [Fact]
    public async Task SubtopicsCountOnlyWhenAskedAndThePersonsLatestStanceInTheSubtreeStands()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("foreign-policy");
        await client.TopicAsync("russia", parent: "foreign-policy");
        await client.TopicAsync("us-russia-cyber-unit", parent: "russia");
        await client.StanceAsync("donald-j-trump", "2017-01-01", "foreign-policy", "leans_oppose");
        await client.StanceAsync("donald-j-trump", "2017-07-09", "us-russia-cyber-unit", "supports");
        await client.StanceAsync("marco-rubio", "2017-07-09", "us-russia-cyber-unit", "opposes");

        var direct = await client.GetJsonAsync("/v1/topics/foreign-policy/positions?asOf=2018");
        Assert.Equal(["donald-j-trump:foreign-policy:leans_oppose"], direct["items"]!.AsArray().Select(Row));

        var subtree = await client.GetJsonAsync("/v1/topics/foreign-policy/positions?asOf=2018&includeSubtopics=true");
        Assert.True(subtree["includeSubtopics"]!.GetValue<bool>());
        Assert.Equal(["donald-j-trump:us-russia-cyber-unit:supports", "marco-rubio:us-russia-cyber-unit:opposes"], subtree["items"]!.AsArray().Select(Row));

        static string Row(System.Text.Json.Nodes.JsonNode? r) => $"{r!["person"].Str("slug")}:{r["topic"].Str("slug")}:{r.Str("stance")}";
    }

    [Fact]
    public async Task AHistoryListsEveryStanceInTimelineOrderAndOnlyTheRealChanges()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");
        // Recorded out of order, at every precision; 19:45:13-05:00 is 00:45:13Z on 10 July.
        await client.StanceAsync("donald-j-trump", "2017-07-10T01:00:00Z", "trade", "opposes");
        await client.StanceAsync("donald-j-trump", "2017-07-09T19:45:13-05:00", "trade", "supports");
        await client.StanceAsync("donald-j-trump", "2017-07-09", "trade", "supports");
        await client.StanceAsync("donald-j-trump", "2017", "trade", "leans_support");

        var history = await client.GetJsonAsync("/v1/people/donald-j-trump/positions/trade");

        Assert.Equal(["2017", "2017-07-09", "2017-07-09T19:45:13-05:00", "2017-07-10T01:00:00Z"],
            history["history"]!.AsArray().Select(h => h!["statement"].Str("saidAt")));
        Assert.Equal(["leans_support>supports:half_flip", "supports>opposes:full_flop"],
            history["changes"]!.AsArray().Select(c => $"{c!["from"].Str("stance")}>{c["to"].Str("stance")}:{c.Str("flip")}"));
        Assert.Equal(15 * 60 - 13, history["changes"]![1]!["elapsedSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task UnknownPeopleAndTopicsAreNotFoundAndSilenceIsAnEmptyHistory()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");

        await Problem.AssertAsync(await client.GetAsync("/v1/people/nobody/positions"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync("/v1/people/marco-rubio/positions/nothing"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync("/v1/topics/nothing/positions"), HttpStatusCode.NotFound);
        var history = await client.GetJsonAsync("/v1/people/marco-rubio/positions/trade");
        Assert.Empty(history["history"]!.AsArray());
        Assert.Empty(history["changes"]!.AsArray());
    }

    [Theory]
    [InlineData("/v1/people/marco-rubio/positions?asOf=2017-02-30", "asOf", "no day 30")]
    [InlineData("/v1/people/marco-rubio/positions?asOf=yesterday", "asOf", "ISO 8601")]
    [InlineData("/v1/people/marco-rubio/positions?limit=0", "limit", "between 1 and 200")]
    [InlineData("/v1/topics/trade/positions?stance=loves", "stance", "one of: supports")]
    [InlineData("/v1/topics/trade/positions?includeSubtopics=maybe", "includeSubtopics", "true or false")]
    [InlineData("/v1/topics/trade/positions?cursor=abc", "cursor", "nextCursor")]
    public async Task BadPositionQueriesAreRefusedNamingTheParameter(string url, string field, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Marco Rubio");
        await client.TopicAsync("trade");

        await Problem.AssertFieldAsync(await client.GetAsync(url), HttpStatusCode.BadRequest, field, rule);
    }
}
