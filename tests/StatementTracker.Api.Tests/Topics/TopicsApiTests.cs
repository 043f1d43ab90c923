using System.Net;
using System.Net.Http.Json;

namespace StatementTracker.Api.Tests.Topics;

public class TopicsApiTests
{
    [Fact]
    public async Task ATopicMayHangBelowABroaderOne()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        await client.PostJsonAsync("/v1/topics", new { name = "Foreign policy" });
        var response = await client.PostAsJsonAsync("/v1/topics", new { name = "US-Russia cyber security unit", slug = "us-russia-cyber-unit", parent = "foreign-policy" });
        var topic = await response.ReadAsync(HttpStatusCode.Created);

        Assert.Equal("/v1/topics/us-russia-cyber-unit", response.Headers.Location?.ToString());
        Assert.Equal("foreign-policy", topic.Str("parent"));
        Assert.Equal("foreign-policy", (await client.GetJsonAsync("/v1/topics/foreign-policy")).Str("slug"));
        var children = await client.GetJsonAsync("/v1/topics?parent=foreign-policy");
        Assert.Equal(["us-russia-cyber-unit"], children["items"]!.AsArray().Select(t => t.Str("slug")));
    }

    [Fact]
    public async Task TopicsAreFoundByNameAndPagedInSlugOrder()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        foreach (var name in new[] { "Trade", "Cyber security", "Climate", "Immigration", "Health care" })
            await client.PostJsonAsync("/v1/topics", new { name });

        var all = await client.AllPagesAsync("/v1/topics", limit: 2);

        Assert.Equal(["climate", "cyber-security", "health-care", "immigration", "trade"], all.Select(t => t.Str("slug")));
        Assert.Equal(["cyber-security"], (await client.GetJsonAsync("/v1/topics?q=CYBER"))["items"]!.AsArray().Select(t => t.Str("slug")));
    }

    [Fact]
    public async Task ATakenSlugIsAConflictAndAnUnknownParentIsUnprocessable()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.PostJsonAsync("/v1/topics", new { name = "Trade" });

        await Problem.AssertFieldAsync(await client.PostAsJsonAsync("/v1/topics", new { name = "Trade" }), HttpStatusCode.Conflict, "slug", "taken");
        await Problem.AssertFieldAsync(await client.PostAsJsonAsync("/v1/topics", new { name = "Tariffs", parent = "economy" }), HttpStatusCode.UnprocessableEntity, "parent", "economy");
        await Problem.AssertFieldAsync(await client.PostAsJsonAsync("/v1/topics", new { slug = "x" }), HttpStatusCode.BadRequest, "name", "required");
        await Problem.AssertAsync(await client.GetAsync("/v1/topics/economy"), HttpStatusCode.NotFound);
        await Problem.AssertFieldAsync(await client.GetAsync("/v1/topics?parent=economy"), HttpStatusCode.BadRequest, "parent", "no topic has the slug 'economy'");
    }

    [Fact]
    public async Task AParentThatWouldMakeACycleIsUnprocessable()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.PostJsonAsync("/v1/topics", new { name = "Foreign policy" });
        await client.PostJsonAsync("/v1/topics", new { name = "Russia", parent = "foreign-policy" });
        await client.PostJsonAsync("/v1/topics", new { name = "Cyber unit", parent = "russia" });

        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/topics/foreign-policy", """{"parent":"cyber-unit"}"""), HttpStatusCode.UnprocessableEntity, "parent", "cycle");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/topics/foreign-policy", """{"parent":"russia"}"""), HttpStatusCode.UnprocessableEntity, "parent", "cycle");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/topics/russia", """{"parent":"russia"}"""), HttpStatusCode.UnprocessableEntity, "parent", "own parent");
        Assert.Null((await client.GetJsonAsync("/v1/topics/foreign-policy"))["parent"]);
    }

    [Fact]
    public async Task APatchMovesATopicRenamesItOrLiftsItToTheTop()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.PostJsonAsync("/v1/topics", new { name = "Foreign policy" });
        await client.PostJsonAsync("/v1/topics", new { name = "Security" });
        await client.PostJsonAsync("/v1/topics", new { name = "Cyber unit", parent = "foreign-policy" });

        var moved = await (await client.PatchJsonAsync("/v1/topics/cyber-unit", """{"parent":"security","description":"A joint unit."}""")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(("security", "A joint unit.", "Cyber unit"), (moved.Str("parent"), moved.Str("description"), moved.Str("name")));

        var lifted = await (await client.PatchJsonAsync("/v1/topics/cyber-unit", """{"parent":null}""")).ReadAsync(HttpStatusCode.OK);
        Assert.Null(lifted["parent"]);
        await Problem.AssertFieldAsync(await client.PatchJsonAsync("/v1/topics/cyber-unit", """{"slug":"cyber"}"""), HttpStatusCode.BadRequest, "slug", "cannot be changed");
        await Problem.AssertAsync(await client.PatchJsonAsync("/v1/topics/nothing", """{"name":"x"}"""), HttpStatusCode.NotFound);
    }
}
