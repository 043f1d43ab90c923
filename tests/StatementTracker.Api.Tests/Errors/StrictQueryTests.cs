using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Tests.Errors;

/// <summary>
/// A query string is read exactly as documented or refused: a parameter an operation does not take, one given twice
/// that takes one value, or a value written otherwise than documented is a 400 naming it, never a silent guess.
/// </summary>
public class StrictQueryTests
{
    private const string TimelineTakes = "from, to, medium, tz, order, includeRetracted, asRecordedAt, format, limit, cursor";

    [Fact]
    public async Task AParameterTheTimelineDoesNotTakeIsRefusedAndTheOnesItTakesAreListed()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/people/donald-j-trump/timeline?q=russia");

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "q", $"q is not a parameter of GetTimeline; it takes: {TimelineTakes}.");
        Assert.Contains("GetTimeline", problem.Str("detail"));
    }

    [Fact]
    public async Task AParameterTheReversalsFeedDoesNotTakeIsRefusedAndTheOnesItTakesAreListed()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/reversals?speaker=x");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "speaker",
            "speaker is not a parameter of ListReversals; it takes: person, topic, from, to, flip, facets, format, asRecordedAt, limit, cursor.");
    }

    [Fact]
    public async Task AnOperationWithoutQueryParametersSaysItTakesNone()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/people/donald-j-trump?fields=name");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "fields", "fields is not a parameter of GetPerson, which takes no query parameters.");
    }

    [Fact]
    public async Task ANameIsMatchedExactlyAndAWrongCaseIsPointedAtTheRightOne()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/people/donald-j-trump/timeline?Limit=1");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "Limit", "Names are case-sensitive: did you mean limit?");
    }

    [Fact]
    public async Task EveryUnknownParameterIsNamedAtOnce()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/reversals?speaker=x&since=2017&limit=5");

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "speaker", "not a parameter");
        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "since", "not a parameter");
        Assert.False(problem["errors"]!.AsObject().ContainsKey("limit"), "limit is fine");
    }

    [Fact]
    public async Task AWriteWithAnUnknownParameterIsRefusedAndWritesNothing()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        var response = await client.PostAsync("/v1/people?dryRun=true", new StringContent("""{"name": "Ash Carter"}""", Encoding.UTF8, "application/json"));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "dryRun", "dryRun is not a parameter of CreatePerson, which takes no query parameters.");
        Assert.Empty((await client.GetJsonAsync("/v1/people"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("limit=5&limit=6")]
    [InlineData("limit=5&limit=5")]
    public async Task AParameterGivenTwiceThatTakesOneValueIsRefused(string query)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync($"/v1/people/donald-j-trump/timeline?{query}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "limit", "limit is given 2 times; it takes one value, so give it once.");
    }

    // PostgreSQL refuses U+0000 in any text it is sent, even to look a slug up: found by the fuzz test as a 500 there.
    [Theory]
    [InlineData("/v1/topics", "parent")]
    [InlineData("/v1/statements", "person")]
    [InlineData("/v1/statements", "q")]
    [InlineData("/v1/topics/cyber-security/positions", "stance")]
    public async Task AValueHoldingTheNulCharacterIsRefusedOnEveryEngine(string path, string name)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync($"{path}?{name}=a%00b");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, name, $"{name} must not contain the NUL character (%00): no text kept here holds one.");
    }

    [Theory]
    [InlineData("limit=%2B5", "'+5'")]
    [InlineData("limit=+5%20", "' 5 '")]
    [InlineData("limit=%205", "' 5'")]
    [InlineData("limit=05", "'05'")]
    [InlineData("limit=5.0", "'5.0'")]
    [InlineData("limit=5e1", "'5e1'")]
    [InlineData("limit=0x10", "'0x10'")]
    [InlineData("limit=%EF%BC%95", "'５'")]
    public async Task AnIntegerMustBeWrittenInPlainDigits(string query, string shown)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync($"/v1/people/donald-j-trump/timeline?{query}");

        var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "limit", "limit must be an integer written in digits, like 50");
        Assert.Contains($"It was {shown}.", problem["errors"]!["limit"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task AnIntegerTooLargeForItsTypeSaysTheRange()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/people/donald-j-trump/timeline?limit=99999999999999999999");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "limit", "limit must be an integer from -9223372036854775808 to 9223372036854775807");
    }

    [Fact]
    public async Task ANegativeLimitIsAnIntegerOutOfItsRangeNotANonNumber()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync("/v1/people/donald-j-trump/timeline?limit=-5");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "limit", "between 1 and 200");
    }

    [Theory]
    [InlineData("TRUE")]
    [InlineData("True")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("%20true")]
    public async Task ABooleanMustBeTrueOrFalseInLowerCase(string value)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().GetAsync($"/v1/topics/foreign-policy/positions?includeSubtopics={value}");

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "includeSubtopics", "includeSubtopics must be true or false, in lower case");
    }

    [Fact]
    public async Task DocumentedValuesAreRead()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        Assert.Single((await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1&includeRetracted=false"))["items"]!.AsArray());
        await client.GetJsonAsync("/v1/topics/foreign-policy/positions?asOf=2017-07-09&includeSubtopics=true");
    }

    [Fact]
    public async Task AnEmptyValueStillCountsAsAbsentEvenBesideAGivenOne()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();

        Assert.Single((await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=&limit=1&includeRetracted="))["items"]!.AsArray());
        Assert.Equal(2, (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=%20&order="))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnEndpointCanDeclareAParameterItReadsByHand()
    {
        var rules = QueryRules.Describe("ExportStatements", [], [new AcceptsQueryMetadata(["format"])]);
        var errors = new ValidationErrors();

        rules.Check(new QueryString("?format=csv"), errors);
        Assert.False(errors.Any);

        rules.Check(new QueryString("?format=csv&format=json&q=x"), errors);
        var refused = errors.ToDictionary();
        Assert.Equal(["format is given 2 times; it takes one value, so give it once."], refused["format"]);
        Assert.Equal(["q is not a parameter of ExportStatements; it takes: format."], refused["q"]);
    }

    [Fact]
    public void AListParameterMayRepeatAndEachOfItsValuesIsChecked()
    {
        var rules = new QueryRules("ListStatements", [QueryParameter.Of("person", typeof(string[])), QueryParameter.Of("year", typeof(long[])), QueryParameter.Of("limit", typeof(long?))]);
        var errors = new ValidationErrors();

        rules.Check(new QueryString("?person=donald-j-trump&person=lindsey-graham&year=2017&year=2018"), errors);
        Assert.False(errors.Any);

        rules.Check(new QueryString("?year=2017&year=%2B2018&limit=1&limit=2"), errors);
        var refused = errors.ToDictionary();
        Assert.Equal(["year", "limit"], refused.Keys);
        Assert.Contains("'+2018'", Assert.Single(refused["year"]));
        Assert.Contains("given 2 times", Assert.Single(refused["limit"]));
    }

    /// <summary>
    /// Every operation the document lists under /v1, called with one parameter nobody takes: each refuses it, and the
    /// parameters its 400 lists are exactly those the document gives it.
    /// </summary>
    [Fact]
    public async Task EveryOperationRefusesAParameterItDoesNotTakeAndListsTheDocumentedOnes()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var statement = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1"))["items"]![0]!;
        var (id, linkId) = (statement.Str("id"), statement["links"]![0].Str("id"));
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/v1", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Method: o.Key, Path: p.Key, Operation: o.Value!)))
            .ToList();
        Assert.True(operations.Count >= 25, $"every operation is found: {operations.Count}");

        foreach (var (method, path, operation) in operations)
        {
            var operationId = operation.Str("operationId");
            var takes = (operation["parameters"]?.AsArray() ?? []).Where(p => p.Str("in") == "query").Select(p => p.Str("name")).ToList();
            var slug = path.StartsWith("/v1/topics", StringComparison.Ordinal) ? "us-russia-cyber-unit" : "donald-j-trump";
            var url = path.Replace("{id}", id).Replace("{linkId}", linkId).Replace("{slug}", slug).Replace("{topic}", "us-russia-cyber-unit");
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), $"{url}?zzz=1");
            if (operation["requestBody"]?["content"]?.AsObject().First() is { } body)
                request.Content = new StringContent(body.Value!["example"]!.ToJsonString(), Encoding.UTF8, body.Key);

            var response = await client.SendAsync(request);

            var problem = await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "zzz", "zzz is not a parameter");
            Assert.Equal(QueryMessages.Unknown("zzz", operationId, takes), problem["errors"]!["zzz"]![0]!.GetValue<string>());
            Assert.True(operation["responses"]!["400"] is not null, $"{operationId} documents its 400");
        }
    }
}
