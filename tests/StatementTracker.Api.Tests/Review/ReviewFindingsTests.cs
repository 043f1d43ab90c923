using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.People;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Review;

/// <summary>What a review of the write path, search and exports found, each kept from coming back.</summary>
public class ReviewFindingsTests
{
    [Fact]
    public async Task ACursorContinuesOnlyTheListThatHandedItOut()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var trump = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1")).Str("nextCursor");
        var search = (await client.GetJsonAsync("/v1/statements?person=donald-j-trump&limit=1")).Str("nextCursor");

        await Problem.AssertFieldAsync(await client.GetAsync($"/v1/people/vladimir-putin/timeline?cursor={Uri.EscapeDataString(trump)}"),
            HttpStatusCode.BadRequest, "cursor", "other filters");
        await Problem.AssertFieldAsync(await client.GetAsync($"/v1/statements?person=john-mccain&cursor={Uri.EscapeDataString(search)}"),
            HttpStatusCode.BadRequest, "cursor", "other filters");
        Assert.Single((await client.GetJsonAsync($"/v1/statements?person=donald-j-trump&limit=5&cursor={Uri.EscapeDataString(search)}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AnInnerWriteThatChangesNothingLeavesNoTraceInsideAnOuterOne()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var before = await client.CreatePersonAsync("Ash Carter");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            var commands = scope.ServiceProvider.GetRequiredService<PersonCommands>();
            await using var outer = await db.BeginWriteAsync();
            var outcome = await commands.UpdateAsync("ash-carter", System.Text.Json.Nodes.JsonNode.Parse("""{"name":"Ash Carter"}""")!.AsObject(),
                WriteContext.System() with { IfMatch = "*" }, CancellationToken.None);
            Assert.False(outcome.Failed);
            await outer.CommitAsync();
        }

        var after = await client.GetJsonAsync("/v1/people/ash-carter");
        Assert.Equal(before.Str("updatedAt"), after.Str("updatedAt"));
        Assert.Single((await client.GetJsonAsync("/v1/people/ash-carter/revisions"))["items"]!.AsArray());
    }

    [Fact]
    public async Task PrivateUseCharactersInAQuoteNeverBecomeMarks()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");
        await client.CreateStatementAsync("ash-carter", "2017-07-09", quote: "\uE000boom\uE001 and the burglar \uE000unclosed");

        var highlight = (await client.GetJsonAsync("/v1/statements?q=burglar"))["items"]![0].Str("highlight");

        Assert.Equal("\uE000boom\uE001 and the <mark>burglar</mark> \uE000unclosed", highlight);
    }

    [Fact]
    public async Task AFacetValueReplacesItsFilterAndNarrowsToExactlyWhatItCounted()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var page = await client.GetJsonAsync("/v1/statements?medium=tweet&topic=foreign-policy&includeSubtopics=true&facets=medium,topic,year");

        foreach (var facet in new[] { "medium", "topic", "year" })
            foreach (var value in page["facets"]![facet]!.AsArray())
            {
                var narrowed = await client.AllPagesAsync(value.Str("href"), limit: 200);
                Assert.Equal(value!["count"]!.GetValue<long>(), narrowed.Count);
            }
    }

    [Fact]
    public async Task ACsvGuardsPeoplesWordsButLeavesTheServicesOwnValuesAlone()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreateStatementAsync("donald-j-trump", "2017-07-09T20:45:13-04:00", quote: "-1 for the unit");

        var csv = await client.GetStringAsync("/v1/statements?format=csv");

        Assert.Contains(",-04:00,", csv);
        Assert.Contains(",'-1 for the unit,", csv);
    }

    [Theory]
    [InlineData("application/json, text/csv;q=0.1", "application/json")]
    [InlineData("text/csv, application/json", "application/json")]
    [InlineData("text/csv;q=0.9, application/json;q=0.5", "text/csv")]
    public async Task TheFormatAcceptRatesHighestIsServed(string accept, string served)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/people/donald-j-trump/timeline");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(served, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AReadThatExportsNothingStillAnswersNotModifiedWhateverItsAccept()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var id = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1"))["items"]![0].Str("id");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/statements/{id}");
        request.Headers.TryAddWithoutValidation("Accept", "text/csv, application/json");

        var response = await client.SendAsync(request);

        Assert.StartsWith("\"1.", response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task ALinkToAStatementRetractedThenIsNotShownAsRecordedThenEvenAfterARestore()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var a = (await client.CreateStatementAsync("donald-j-trump", "2017-07-09")).Id();
        var b = (await client.CreateStatementAsync("donald-j-trump", "2017-07-10")).Id();
        await client.LinkAsync(b, a, "clarifies");
        await client.RetractAsync($"/v1/statements/{a}");
        await Task.Delay(20);
        var whileRetracted = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}";
        await Task.Delay(20);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/statements/{a}/restore?reason=Confirmed", null)).StatusCode);

        Assert.Empty((await client.GetJsonAsync($"/v1/statements/{b}?asRecordedAt={whileRetracted}"))["links"]!.AsArray());
        Assert.Single((await client.GetJsonAsync($"/v1/statements/{b}"))["links"]!.AsArray());
    }

    [Fact]
    public async Task ABackupOfADatabaseThatIsNotThereSaysSoAndMakesNothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"statementtracker-none-{Guid.NewGuid():N}.db");
        var output = new StringWriter();

        var exit = await Backup.RunAsync(new Db($"Data Source={missing}"), ["backup", missing + ".copy"], output, output);

        Assert.Equal(2, exit);
        Assert.False(File.Exists(missing));
        Assert.Contains("no database", output.ToString());
    }
}

public class HeadTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/v1/people/donald-j-trump")]
    [InlineData("/v1/reversals/feed.atom")]
    public async Task HeadAnswersLikeGetWithoutTheBody(string url)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        var get = await client.GetAsync(url);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag?.ToString(), head.Headers.ETag?.ToString());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
