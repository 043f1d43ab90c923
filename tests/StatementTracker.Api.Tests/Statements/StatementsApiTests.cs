using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.Statements;

public class StatementsApiTests
{
    private static object Tweet(string person = "donald-j-trump", string saidAt = "2017-07-09T20:45:13-04:00", string? externalId = "twitter:884211874518192128") => new
    {
        person,
        quote = "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,& did!",
        saidAt,
        medium = "tweet",
        venue = "Twitter (@realDonaldTrump)",
        externalId,
        sources = new[] { new { url = "https://twitter.com/realDonaldTrump/status/884211874518192128", title = "Tweet", publisher = "Twitter", publishedAt = saidAt } },
    };

    [Fact]
    public async Task RecordingAStatementKeepsSaidAtAsWrittenAndAddsItsPrecisionAndUtcInstant()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");

        var response = await client.PostAsJsonAsync("/v1/statements", Tweet());
        var statement = await response.ReadAsync(HttpStatusCode.Created);

        Assert.Equal($"/v1/statements/{statement.Id()}", response.Headers.Location?.ToString());
        Assert.StartsWith("st_", statement.Id());
        Assert.Equal("2017-07-09T20:45:13-04:00", statement.Str("saidAt"));
        Assert.Equal("second", statement.Str("datePrecision"));
        Assert.Equal("2017-07-10T00:45:13Z", statement.Str("saidAtUtc"));
        Assert.Equal("-04:00", statement.Str("utcOffset"));
        Assert.Equal("en", statement.Str("language"));
        Assert.Equal("donald-j-trump", statement["person"].Str("slug"));
        Assert.Equal("Twitter", statement["sources"]![0].Str("publisher"));

        var fetched = await client.GetJsonAsync($"/v1/statements/{statement.Id()}");
        Assert.True(JsonNode.DeepEquals(statement, fetched), $"GET returns what POST returned:\n{statement}\n{fetched}");
    }

    [Theory]
    [InlineData("2017", "year")]
    [InlineData("2017-07", "month")]
    [InlineData("2017-07-09", "day")]
    [InlineData("2017-07-09T19:45-05:00", "minute")]
    [InlineData("2017-07-09T19:45:13Z", "second")]
    [InlineData("2017-07-09T19:45:13.404+00:00", "second")]
    public async Task SaidAtTakesEveryIsoPrecision(string saidAt, string precision)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");

        var statement = await client.PostJsonAsync("/v1/statements", Tweet(saidAt: saidAt, externalId: null));

        Assert.Equal(precision, statement.Str("datePrecision"));
        Assert.Equal(saidAt, statement.Str("saidAt"));
        Assert.Equal(precision is "minute" or "second", statement["saidAtUtc"] is not null);
    }

    [Theory]
    [InlineData("2017-02-30", "no day 30")]
    [InlineData("2016-02-30", "no day 30")]
    [InlineData("2017-13", "month 13 does not exist")]
    [InlineData("2017-00-10", "month 00")]
    [InlineData("2017-07-09T24:00:00Z", "time of day")]
    [InlineData("2017-07-09T19:45:13", "UTC offset")]
    [InlineData("2017-07-09T19:45:13+15:00", "-14:00 and +14:00")]
    [InlineData("09/07/2017", "ISO 8601")]
    [InlineData("July 9, 2017", "ISO 8601")]
    [InlineData("0000-01-01", "0001")]
    [InlineData("2999-01-01", "future")]
    [InlineData("", "required")]
    [InlineData("٢٠١٧-٠٧-٠٩", "ISO 8601")]
    [InlineData("２０１７", "ISO 8601")]
    [InlineData("0001-01-01T00:00:00+01:00", "0001 to 9999")]
    [InlineData("2017-7-9", "ISO 8601")]
    public async Task ImpossibleDatesAreRefusedNamingSaidAt(string saidAt, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");

        var response = await client.PostAsJsonAsync("/v1/statements", Tweet(saidAt: saidAt, externalId: null));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "saidAt", rule);
    }

    [Theory]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[]}""", "sources", "at least one source")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet"}""", "sources", "provenance")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"ftp://x.org/a"}]}""", "sources[0].url", "http or https")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"/relative"}]}""", "sources[0].url", "absolute")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"title":"no url"}]}""", "sources[0].url", "required")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org","publishedAt":"2017-02-30"}]}""", "sources[0].publishedAt", "no day 30")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org","archiveUrl":"javascript:alert(1)"}]}""", "sources[0].archiveUrl", "http or https")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"blog","sources":[{"url":"https://x.org"}]}""", "medium", "one of: tweet")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","sources":[{"url":"https://x.org"}]}""", "medium", "required")]
    [InlineData("""{"person":"p","quote":" ","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org"}]}""", "quote", "blank")]
    [InlineData("""{"quote":"q","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org"}]}""", "person", "required")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","language":"english!","sources":[{"url":"https://x.org"}]}""", "language", "BCP 47")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","language":" ","sources":[{"url":"https://x.org"}]}""", "language", "blank")]
    [InlineData("""{"person":"p","quote":"​​","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org"}]}""", "quote", "blank")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","venue":"NBC‮","sources":[{"url":"https://x.org"}]}""", "venue", "bidirectional")]
    [InlineData("""{"person":"p","quote":"q","saidAt":"2017","medium":"tweet","externalId":"884211874518192128","sources":[{"url":"https://x.org"}]}""", "externalId", "namespace:value")]
    [InlineData("""{"person":"p","quote":"q\u0007","saidAt":"2017","medium":"tweet","sources":[{"url":"https://x.org"}]}""", "quote", "control characters")]
    public async Task InvalidStatementsAreRefusedNamingTheFieldAndTheRule(string body, string field, string rule)
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient().PostRawAsync("/v1/statements", body);
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, field, rule);
    }

    [Fact]
    public async Task AQuoteMayHoldTenThousandCharactersButNotOneMore()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");

        // Emoji are two UTF-16 units but one character: the limit counts characters as a reader does.
        var longest = string.Concat(Enumerable.Repeat("🇺", 10_000));
        var statement = await client.CreateStatementAsync("donald-j-trump", "2017", quote: longest);
        Assert.Equal(longest, statement.Str("quote"));

        var response = await client.PostAsJsonAsync("/v1/statements", new { person = "donald-j-trump", quote = longest + "!", saidAt = "2017", medium = "tweet", sources = new[] { new { url = "https://x.org" } } });
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "quote", "at most 10000");
    }

    [Fact]
    public async Task OddUnicodeIsKeptExactly()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Alexei Pushkov");
        const string quote = "Трамп дал задний ход.\r\nНе его вина, а беда\u00a0— “moved back” 👍🏽 e\u0301 \u200b";

        var statement = await client.CreateStatementAsync("alexei-pushkov", "2017-07-10", quote: quote, medium: "social_post");

        Assert.Equal(quote.Trim(), (await client.GetJsonAsync($"/v1/statements/{statement.Id()}")).Str("quote"));
    }

    [Fact]
    public async Task AStatementByAnUnknownPersonIsUnprocessable()
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient().PostAsJsonAsync("/v1/statements", Tweet(person: "nobody"));
        await Problem.AssertFieldAsync(response, HttpStatusCode.UnprocessableEntity, "person", "no person has the slug 'nobody'");
    }

    [Fact]
    public async Task ASecondStatementWithTheSameExternalIdIsAConflictPointingAtTheFirst()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.PostJsonAsync("/v1/statements", Tweet());

        var response = await client.PostAsJsonAsync("/v1/statements", Tweet());

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.Conflict, "externalId", "exists already");
        Assert.Equal($"/v1/statements/{first.Id()}", problem.Str("existing"));
    }

    [Fact]
    public async Task RacingCreatesWithOneExternalIdRecordItOnce()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsJsonAsync("/v1/statements", Tweet())));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single((await client.GetJsonAsync("/v1/people/donald-j-trump/timeline"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AnUnknownStatementIsNotFound()
    {
        await using var app = new StatementTrackerApplication();
        await Problem.AssertAsync(await app.CreateClient().GetAsync("/v1/statements/st_doesnotexist0000"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APatchCorrectsOnlyWhatItSendsAndRevalidatesTheWhole()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var statement = await client.PostJsonAsync("/v1/statements", Tweet());
        var url = $"/v1/statements/{statement.Id()}";

        var patched = await (await client.PatchJsonAsync(url, """{"summary":"He says it cannot happen.","venue":null,"sources":[{"url":"https://abcnews.go.com/Politics/story?id=48537628"}]}""")).ReadAsync(HttpStatusCode.OK);

        Assert.Equal("He says it cannot happen.", patched.Str("summary"));
        Assert.Null(patched["venue"]);
        Assert.Equal(statement.Str("quote"), patched.Str("quote"));
        Assert.Equal("https://abcnews.go.com/Politics/story?id=48537628", Assert.Single(patched["sources"]!.AsArray())!.Str("url"));

        await Problem.AssertFieldAsync(await client.PatchJsonAsync(url, """{"sources":[]}"""), HttpStatusCode.BadRequest, "sources", "at least one");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync(url, """{"saidAt":"2017-02-30"}"""), HttpStatusCode.BadRequest, "saidAt", "no day 30");
        await Problem.AssertFieldAsync(await client.PatchJsonAsync(url, """{"person":"nobody"}"""), HttpStatusCode.UnprocessableEntity, "person", "nobody");
        await Problem.AssertAsync(await client.PatchJsonAsync(url, "{}", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await Problem.AssertAsync(await client.PatchJsonAsync("/v1/statements/st_missing", "{}"), HttpStatusCode.NotFound);
        Assert.Equal("He says it cannot happen.", (await client.GetJsonAsync(url)).Str("summary"));
    }

    [Fact]
    public async Task APatchCannotTakeAnotherStatementsExternalId()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        var first = await client.CreateStatementAsync("donald-j-trump", "2017-07-09", externalId: "twitter:1");
        var second = await client.CreateStatementAsync("donald-j-trump", "2017-07-10", externalId: "twitter:2");

        var response = await client.PatchJsonAsync($"/v1/statements/{second.Id()}", """{"externalId":"twitter:1"}""");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict);
        Assert.Equal($"/v1/statements/{first.Id()}", problem.Str("existing"));
        Assert.Equal("twitter:2", (await client.GetJsonAsync($"/v1/statements/{second.Id()}")).Str("externalId"));
    }
}
