using StatementTracker.Api.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace StatementTracker.Api.Tests.Demo;

/// <summary>The July 2017 story a new user walks through in Swagger UI, end to end through the API.</summary>
public class DemoStoryTests
{
    private const string Proposal = "twitter:884016887692234753";
    private const string WalkBack = "twitter:884211874518192128";

    [Fact]
    public async Task TrumpsTimelineShowsTheProposalFollowedByTheTweetThatReversesIt()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var timeline = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline");
        var items = timeline["items"]!.AsArray();

        Assert.Equal([Proposal, WalkBack], items.Select(i => i.Str("externalId")));
        var (proposal, walkBack) = (items[0]!, items[1]!);
        Assert.Equal("2017-07-09T11:50:24Z", proposal.Str("saidAtUtc"));
        Assert.Equal("2017-07-10T00:45:13Z", walkBack.Str("saidAtUtc"));
        Assert.Equal("2017-07-09T20:45:13-04:00", walkBack.Str("saidAt"));

        var reverses = Assert.Single(walkBack["links"]!.AsArray(), l => l.Str("relation") == "reverses")!;
        Assert.Equal(("outgoing", proposal.Str("id")), (reverses.Str("direction"), reverses["statement"].Str("id")));
        var reversedBy = Assert.Single(proposal["links"]!.AsArray(), l => l.Str("relation") == "reverses")!;
        Assert.Equal(("incoming", walkBack.Str("id")), (reversedBy.Str("direction"), reversedBy["statement"].Str("id")));
    }

    [Fact]
    public async Task TheSenatorsAndTheRussianLawmakerAreLinkedToTheTweetsTheyAnswered()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var trump = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray();

        var answeringTheProposal = trump[0]!["links"]!.AsArray().Where(l => l.Str("direction") == "incoming" && l.Str("relation") != "reverses")
            .Select(l => l!["statement"]!["person"].Str("slug")).Order().ToList();
        Assert.Equal(["ash-carter", "john-mccain", "lindsey-graham", "marco-rubio"], answeringTheProposal);

        var pushkov = Assert.Single((await client.GetJsonAsync("/v1/people/alexei-pushkov/timeline"))["items"]!.AsArray())!;
        Assert.Equal("ru", pushkov.Str("language"));
        var link = Assert.Single(pushkov["links"]!.AsArray())!;
        Assert.Equal(("responds_to", trump[1].Str("id")), (link.Str("relation"), link["statement"].Str("id")));
    }

    [Fact]
    public async Task EveryDemoStatementHasASourceAndTheTimelinePagesOneAtATime()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var people = await client.AllPagesAsync("/v1/people", limit: 2);
        Assert.Equal(7, people.Count);
        foreach (var person in people)
        {
            foreach (var statement in await client.AllPagesAsync($"/v1/people/{person.Str("slug")}/timeline", limit: 1))
                Assert.NotEmpty(statement["sources"]!.AsArray());
        }
        var trump = await client.AllPagesAsync("/v1/people/donald-j-trump/timeline", limit: 1);
        Assert.Equal([Proposal, WalkBack], trump.Select(s => s.Str("externalId")));
    }

    [Theory]
    [InlineData("2017-07-09T12:00Z", "supports")]
    [InlineData("2017-07-10T12:00Z", "undecided")]
    public async Task TrumpSupportedTheUnitOnTheMorningOfTheNinthAndWasUndecidedADayLater(string asOf, string stance)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var positions = await app.CreateClient().GetJsonAsync($"/v1/people/donald-j-trump/positions?asOf={asOf}");

        var position = Assert.Single(positions["items"]!.AsArray())!;
        Assert.Equal(("us-russia-cyber-unit", stance), (position["topic"].Str("slug"), position.Str("stance")));
    }

    [Fact]
    public async Task TrumpAndPutinSupportedTheUnitOnTheNinthOfJulyAndTheCriticsOpposedIt()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var supporters = await client.GetJsonAsync("/v1/topics/us-russia-cyber-unit/positions?asOf=2017-07-09&stance=supports");
        Assert.Equal(["donald-j-trump", "vladimir-putin"], supporters["items"]!.AsArray().Select(r => r!["person"].Str("slug")));

        var everyone = await client.GetJsonAsync("/v1/topics/foreign-policy/positions?asOf=2017-07-09&includeSubtopics=true");
        Assert.Contains(everyone["items"]!.AsArray(), r => r!["person"].Str("slug") == "lindsey-graham" && r.Str("stance") == "opposes");
        Assert.Contains(everyone["items"]!.AsArray(), r => r!["person"].Str("slug") == "ash-carter" && r.Str("stance") == "opposes");
    }

    [Fact]
    public async Task TheReversalsFeedListsTheOneReversalWithTheLinkAndTheStanceAsEvidence()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var entry = Assert.Single((await client.GetJsonAsync("/v1/reversals"))["items"]!.AsArray())!;

        Assert.Equal(("donald-j-trump", "us-russia-cyber-unit", "full_flop"), (entry["person"].Str("slug"), Assert.Single(entry["topics"]!.AsArray()).Str("slug"), entry.Str("flip")));
        Assert.Equal(("2017-07-09T07:50:24-04:00", "2017-07-09T20:45:13-04:00"), (entry["earlier"].Str("saidAt"), entry["later"].Str("saidAt")));
        Assert.Equal(["link:reverses:full_flop", "stance:supports>undecided:half_flip"], entry["evidence"]!.AsArray().Select(e =>
            e.Str("kind") == "link" ? $"link:{e.Str("relation")}:{e.Str("flip")}" : $"stance:{e.Str("from")}>{e.Str("to")}:{e.Str("flip")}"));

        var timeline = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray();
        Assert.Equal("reversed_by", Assert.Single(timeline[0]!["reversals"]!.AsArray())!.Str("role"));
        Assert.Equal("reverses", Assert.Single(timeline[1]!["reversals"]!.AsArray())!.Str("role"));
    }

    [Fact]
    public async Task TheDemoIsLoadedOnlyOnceIntoAnEmptyDatabase()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        await app.Services.GetRequiredService<DemoSeeder>().SeedIfWantedAsync();

        Assert.Equal(2, (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheDevelopmentEnvironmentSeedsByDefaultAndOthersDoNot()
    {
        await using (var development = new StatementTrackerApplication(seedDemoData: null, environment: "Development"))
            Assert.NotEmpty((await development.CreateClient().GetJsonAsync("/v1/people"))["items"]!.AsArray());
        await using (var production = new StatementTrackerApplication(seedDemoData: null, environment: "Production"))
            Assert.Empty((await production.CreateClient().GetJsonAsync("/v1/people"))["items"]!.AsArray());
    }
}
