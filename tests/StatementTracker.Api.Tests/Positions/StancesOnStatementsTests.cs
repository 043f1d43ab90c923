using System.Net;
using System.Net.Http.Json;

namespace StatementTracker.Api.Tests.Positions;

public class StancesOnStatementsTests
{
    [Fact]
    public async Task AStatementReturnsItsStancesAndAPatchReplacesThem()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("us-russia-cyber-unit");
        await client.TopicAsync("syria-ceasefire");

        var id = await client.StanceAsync("donald-j-trump", "2017-07-09", "us-russia-cyber-unit", "supports");
        var statement = await client.GetJsonAsync($"/v1/statements/{id}");
        var position = Assert.Single(statement["positions"]!.AsArray())!;
        Assert.Equal(("us-russia-cyber-unit", "supports"), (position.Str("topic"), position.Str("stance")));

        var patched = await (await client.PatchJsonAsync($"/v1/statements/{id}",
            """{"positions":[{"topic":"syria-ceasefire","stance":"supports"},{"topic":"us-russia-cyber-unit","stance":"undecided"}]}""")).ReadAsync(HttpStatusCode.OK);
        Assert.Equal(["syria-ceasefire:supports", "us-russia-cyber-unit:undecided"],
            patched["positions"]!.AsArray().Select(p => $"{p.Str("topic")}:{p.Str("stance")}"));

        var cleared = await (await client.PatchJsonAsync($"/v1/statements/{id}", """{"positions":null}""")).ReadAsync(HttpStatusCode.OK);
        Assert.Empty(cleared["positions"]!.AsArray());
    }

    [Theory]
    [InlineData("""[{"topic":"no-such-topic","stance":"supports"}]""", "positions[0].topic", "no topic has the slug 'no-such-topic'")]
    [InlineData("""[{"topic":"trade","stance":"loves"}]""", "positions[0].stance", "'loves' is not a stance")]
    [InlineData("""[{"topic":"trade","stance":"supports"},{"topic":"trade","stance":"opposes"}]""", "positions[1].topic", "one stance per topic")]
    public async Task AnUnknownTopicOrStanceOrASecondStanceOnATopicIsUnprocessable(string positions, string field, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.TopicAsync("trade");

        var response = await client.PostRawAsync("/v1/statements",
            $$"""{"person":"donald-j-trump","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org"}],"positions":{{positions}}}""");

        await Problem.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, field, rule);
        Assert.Empty((await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""[{"stance":"supports"}]""", "positions[0].topic")]
    [InlineData("""[{"topic":"trade"}]""", "positions[0].stance")]
    [InlineData("""[null]""", "positions[0]")]
    public async Task APositionWithoutTopicOrStanceIsABadRequest(string positions, string field)
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient().PostRawAsync("/v1/statements",
            $$"""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org"}],"positions":{{positions}}}""");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field, field);
    }

    [Fact]
    public async Task EveryStatementInARepeatChainCountsTheChainAndKnowsWhenTheClaimWasFirstMade()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09T07:50:24-04:00");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-08-01");
        var third = await client.CreateStatementAsync("donald-j-trump", "2017-09-15");
        var alone = await client.CreateStatementAsync("donald-j-trump", "2017-10-01");
        await client.LinkAsync(second.Id(), first.Id(), "repeats");
        // The third repeats the second, not the first: the chain still reaches back to the first.
        await client.LinkAsync(third.Id(), second.Id(), "repeats");

        foreach (var statement in new[] { first, second, third })
        {
            var fetched = await client.GetJsonAsync($"/v1/statements/{statement.Id()}");
            Assert.Equal(3, fetched["repeatCount"]!.GetValue<int>());
            Assert.Equal("2017-07-09T07:50:24-04:00", fetched.Str("firstSaidAt"));
            Assert.Equal(first.Id(), fetched.Str("firstStatementId"));
        }
        var lone = await client.GetJsonAsync($"/v1/statements/{alone.Id()}");
        Assert.Equal((1, "2017-10-01", alone.Id()), (lone["repeatCount"]!.GetValue<int>(), lone.Str("firstSaidAt"), lone.Str("firstStatementId")));

        var timeline = await client.GetJsonAsync("/v1/people/donald-j-trump/timeline");
        Assert.Equal([3, 3, 3, 1], timeline["items"]!.AsArray().Select(s => s!["repeatCount"]!.GetValue<int>()));
    }
}
