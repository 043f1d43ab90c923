using System.Net;
using System.Net.Http.Json;

namespace StatementTracker.Api.Tests.Links;

public class LinksApiTests
{
    [Fact]
    public async Task AReversalShowsOnBothStatementsWithTheOtherEndsPersonDateAndExcerpt()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var proposal = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T07:50:24-04:00", quote: "Putin & I discussed forming an impenetrable Cyber Security unit");
        var walkBack = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T20:45:13-04:00", quote: "It can't-but a ceasefire can,& did!");

        var response = await client.PostAsJsonAsync($"/v1/statements/{walkBack.Id()}/links", new { target = proposal.Id(), relation = "reverses", note = "Thirteen hours later" });
        var link = await response.ReadAsync(HttpStatusCode.Created);

        Assert.Equal($"/v1/statements/{walkBack.Id()}/links/{link.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("outgoing", link.Str("direction"));
        Assert.Equal(proposal.Id(), link["statement"].Str("id"));
        await client.GetJsonAsync(response.Headers.Location!.ToString());

        var later = Assert.Single((await client.GetJsonAsync($"/v1/statements/{walkBack.Id()}"))["links"]!.AsArray())!;
        Assert.Equal(("reverses", "outgoing", proposal.Id()), (later.Str("relation"), later.Str("direction"), later["statement"].Str("id")));
        Assert.Equal("2017-07-09T07:50:24-04:00", later["statement"].Str("saidAt"));
        Assert.Equal("Putin & I discussed forming an impenetrable Cyber Security unit", later["statement"].Str("excerpt"));
        Assert.Equal("donald-j-trump", later["statement"]!["person"].Str("slug"));

        var earlier = Assert.Single((await client.GetJsonAsync($"/v1/statements/{proposal.Id()}"))["links"]!.AsArray())!;
        Assert.Equal(("reverses", "incoming", walkBack.Id()), (earlier.Str("relation"), earlier.Str("direction"), earlier["statement"].Str("id")));
        Assert.Equal("Thirteen hours later", earlier.Str("note"));
    }

    [Fact]
    public async Task ALongQuoteIsCutToAnExcerptAtAWordBoundary()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var quote = string.Join(" ", Enumerable.Repeat("impenetrable", 40));
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09", quote: quote);
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");

        var link = await client.LinkAsync(second.Id(), first.Id(), "repeats");

        var excerpt = link["statement"].Str("excerpt");
        Assert.EndsWith("impenetrable…", excerpt);
        Assert.True(excerpt.Length <= 161, excerpt);
    }

    [Theory]
    [InlineData("2017-07-09T07:50:24-04:00", "2017-07-09T20:45:13-04:00", true)]
    [InlineData("2017-07-09T20:45:13-04:00", "2017-07-09T07:50:24-04:00", false)]
    [InlineData("2017-07-09", "2017-07-09T20:45:13-04:00", true)]   // the walk-back is 10 July in UTC
    [InlineData("2017-07-10", "2017-07-09T20:45:13-04:00", true)]   // same UTC day: the order within it is unknown
    [InlineData("2017-07-11", "2017-07-09T20:45:13-04:00", false)]
    [InlineData("2017-07", "2017-07-09", true)]
    [InlineData("2017", "2016-12-31", false)]
    [InlineData("2017-07-09T12:00:00Z", "2017-07-09T12:00:00Z", false)] // the same instant is not earlier
    public async Task ASamePersonRelationMustPointBackInTime(string targetSaidAt, string laterSaidAt, bool allowed)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var target = await client.CreateStatementAsync("donald-j-trump", targetSaidAt);
        var later = await client.CreateStatementAsync("donald-j-trump", laterSaidAt);

        var response = await client.PostAsJsonAsync($"/v1/statements/{later.Id()}/links", new { target = target.Id(), relation = "walks_back" });

        if (allowed) Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        else await Problem.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, "target", "must have been said before");
    }

    [Theory]
    [InlineData("reverses")]
    [InlineData("walks_back")]
    [InlineData("clarifies")]
    [InlineData("reaffirms")]
    [InlineData("repeats")]
    public async Task SamePersonRelationsRefuseTwoDifferentPeople(string relation)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Lindsey Graham");
        var trump = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var graham = await client.CreateStatementAsync("lindsey-graham", "2017-07-10", medium: "interview");

        var response = await client.PostAsJsonAsync($"/v1/statements/{graham.Id()}/links", new { target = trump.Id(), relation });

        await Problem.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, "relation", "same person");
    }

    [Theory]
    [InlineData("responds_to")]
    [InlineData("contradicts")]
    [InlineData("supports")]
    public async Task AnyTwoPeopleMayRespondContradictOrSupportButOnlyBackInTime(string relation)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Vladimir Putin");
        var trump = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var putin = await client.CreateStatementAsync("vladimir-putin", "2017-07-08", medium: "press_conference");

        var link = await client.LinkAsync(trump.Id(), putin.Id(), relation);

        Assert.Equal(relation, link.Str("relation"));
        var backwards = await client.PostAsJsonAsync($"/v1/statements/{putin.Id()}/links", new { target = trump.Id(), relation });
        await Problem.AssertFieldAsync(backwards, HttpStatusCode.UnprocessableEntity, "target", "must have been said before");
    }

    [Fact]
    public async Task ALinksCursorBelongsToTheStatementWhoseLinksItWalks()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        var third = await client.CreateStatementAsync("donald-j-trump", "2017-07-11");
        await client.LinkAsync(second.Id(), first.Id(), "clarifies");
        await client.LinkAsync(third.Id(), first.Id(), "clarifies");
        var cursor = (await client.GetJsonAsync($"/v1/statements/{first.Id()}/links?limit=1"))["nextCursor"]!.GetValue<string>();

        var response = await client.GetAsync($"/v1/statements/{second.Id()}/links?cursor={Uri.EscapeDataString(cursor)}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "cursor", "nextCursor");
    }

    [Fact]
    public async Task SelfLinksDuplicatesUnknownTargetsAndUnknownRelationsAreRefused()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        var url = $"/v1/statements/{second.Id()}/links";
        await client.LinkAsync(second.Id(), first.Id(), "reverses");

        await Problem.AssertFieldAsync(await client.PostAsJsonAsync(url, new { target = second.Id(), relation = "responds_to" }), HttpStatusCode.UnprocessableEntity, "target", "itself");
        await Problem.AssertFieldAsync(await client.PostAsJsonAsync(url, new { target = first.Id(), relation = "reverses" }), HttpStatusCode.UnprocessableEntity, "target", "already");
        await Problem.AssertFieldAsync(await client.PostAsJsonAsync(url, new { target = "st_nothere", relation = "reverses" }), HttpStatusCode.UnprocessableEntity, "target", "no statement");
        await Problem.AssertFieldAsync(await client.PostAsJsonAsync(url, new { target = first.Id(), relation = "flip_flops" }), HttpStatusCode.BadRequest, "relation", "one of: reverses");
        await Problem.AssertFieldAsync(await client.PostAsJsonAsync(url, new { relation = "reverses" }), HttpStatusCode.BadRequest, "target", "required");
        await Problem.AssertAsync(await client.PostAsJsonAsync("/v1/statements/st_nothere/links", new { target = first.Id(), relation = "reverses" }), HttpStatusCode.NotFound);
        Assert.Single((await client.GetJsonAsync(url))["items"]!.AsArray());
    }

    [Fact]
    public async Task DeletingALinkRemovesItFromBothStatements()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        var link = await client.LinkAsync(second.Id(), first.Id(), "clarifies");

        // Either end may name the link.
        var deleted = await client.RetractAsync($"/v1/statements/{first.Id()}/links/{link.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await client.GetJsonAsync($"/v1/statements/{second.Id()}"))["links"]!.AsArray());
        Assert.Empty((await client.GetJsonAsync($"/v1/statements/{first.Id()}"))["links"]!.AsArray());
        await Problem.AssertAsync(await client.RetractAsync($"/v1/statements/{first.Id()}/links/{link.Id()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RetractingALinkWithNoReasonAtAllIsRefusedNamingTheReasonAndTheLinkStays()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        var link = await client.LinkAsync(second.Id(), first.Id(), "clarifies");
        var url = $"/v1/statements/{second.Id()}/links/{link.Id()}";

        // The contract marks reason required; the parameter left out altogether, not just blank, gets the field's problem.
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.TryAddWithoutValidation("If-Match", await client.EtagOfAsync(url));
        await Problem.AssertFieldAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, "reason", "required");

        Assert.Single((await client.GetJsonAsync($"/v1/statements/{second.Id()}"))["links"]!.AsArray());
    }

    [Fact]
    public async Task ALinkCannotBeReadOrDeletedThroughAStatementItDoesNotTouch()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        var stranger = await client.CreateStatementAsync("donald-j-trump", "2017-07-11");
        var link = await client.LinkAsync(second.Id(), first.Id(), "clarifies");

        await Problem.AssertAsync(await client.GetAsync($"/v1/statements/{stranger.Id()}/links/{link.Id()}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.RetractAsync($"/v1/statements/{stranger.Id()}/links/{link.Id()}"), HttpStatusCode.NotFound);
        Assert.Single((await client.GetJsonAsync($"/v1/statements/{second.Id()}"))["links"]!.AsArray());
    }

    [Fact]
    public async Task AStatementsLinksPageInTheOrderTheOtherEndsWereSaid()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Lindsey Graham");
        var proposal = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T07:50:24-04:00");
        var responses = new List<string>();
        foreach (var day in new[] { 14, 10, 12, 11, 13 })
        {
            var answer = await client.CreateStatementAsync("lindsey-graham", $"2017-07-{day}", medium: "interview");
            await client.LinkAsync(answer.Id(), proposal.Id(), "responds_to");
            responses.Add(answer.Id());
        }

        var links = await client.AllPagesAsync($"/v1/statements/{proposal.Id()}/links", limit: 2);

        Assert.Equal(5, links.Count);
        Assert.All(links, l => Assert.Equal("incoming", l.Str("direction")));
        Assert.Equal(new[] { "2017-07-10", "2017-07-11", "2017-07-12", "2017-07-13", "2017-07-14" }, links.Select(l => l["statement"].Str("saidAt")));
    }

    [Fact]
    public async Task CorrectingADateOrPersonThatWouldBreakALinkIsRefused()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Lindsey Graham");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10");
        await client.LinkAsync(second.Id(), first.Id(), "reverses");

        await Problem.AssertFieldAsync(await client.PatchJsonAsync($"/v1/statements/{first.Id()}", """{"saidAt":"2017-07-12"}"""), HttpStatusCode.UnprocessableEntity, "saidAt", "would break link");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync($"/v1/statements/{second.Id()}", """{"person":"lindsey-graham"}"""), HttpStatusCode.UnprocessableEntity, "person", "would break link");
        var harmless = await client.PatchJsonAsync($"/v1/statements/{first.Id()}", """{"saidAt":"2017-07-08"}""");
        Assert.Equal(HttpStatusCode.OK, harmless.StatusCode);
    }
}
