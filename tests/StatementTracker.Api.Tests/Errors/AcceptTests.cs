using System.Net;
using System.Text;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Tests.Errors;

/// <summary>
/// Accept is honoured: what asks for JSON, or for anything, gets JSON; what allows nothing the operation answers
/// with is a 406 that says what it can answer with. Problems are JSON whatever Accept says.
/// </summary>
public class AcceptTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/*")]
    [InlineData("application/problem+json")]
    [InlineData("application/json;q=0.9, text/html")]
    [InlineData("text/html, application/xhtml+xml, */*;q=0.8")]
    [InlineData("APPLICATION/JSON")]
    public async Task WhatAllowsJsonGetsJson(string? accept)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().SendAsync(Get("/v1/people/donald-j-trump/timeline", accept));

        var page = await response.ReadAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, page["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("text/*")]
    [InlineData("application/json;q=0")]
    [InlineData("application/json;q=0, */*")]
    [InlineData("*/*;q=0")]
    public async Task WhatAllowsNothingTheOperationAnswersWithIsNotAcceptable(string accept)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().SendAsync(Get("/v1/people/donald-j-trump/positions", accept));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotAcceptable);
        Assert.Equal(["application/json"], problem["produces"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("GetPersonPositions answers with application/json", problem.Str("detail"));
        Assert.Contains("which Accept: ", problem.Str("detail"));
    }

    [Fact]
    public async Task AWriteThatCouldNotAnswerAsAskedIsRefusedBeforeItWrites()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = new StringContent("""{"name": "Ash Carter"}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "text/html");

        await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.NotAcceptable);

        Assert.Empty((await client.GetJsonAsync("/v1/people"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AnAcceptThatCannotBeReadIsABadRequest()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().SendAsync(Get("/v1/reversals", "json please"));

        await Problem.AssertFieldAsync(response, HttpStatusCode.BadRequest, "Accept", "a list of media ranges");
    }

    [Fact]
    public async Task ProblemsAreJsonWhateverAcceptSays()
    {
        await using var app = new StatementTrackerApplication();
        var anonymous = app.CreateAnonymousClient();

        await Problem.AssertAsync(await app.CreateClient().SendAsync(Get("/v1/quotes", "text/html")), HttpStatusCode.NotFound);
        using var write = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        write.Headers.TryAddWithoutValidation("Accept", "text/html");
        await Problem.AssertAsync(await anonymous.SendAsync(write), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void WhatAnOperationAnswersWithComesFromItsResponseMetadata()
    {
        // As another format would be declared: .Produces(200, contentType: "text/csv") beside the JSON.
        var produces = Negotiation.Produces([
            new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(200, typeof(string), ["application/json", "text/csv"]),
            new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(400, typeof(object), ["application/problem+json"]),
        ]);

        Assert.Equal(["application/json", "text/csv"], produces);
        Assert.True(Negotiation.Allows("text/csv", produces));
        Assert.True(Negotiation.Allows("text/html, text/csv;q=0.5", produces));
        Assert.False(Negotiation.Allows("application/atom+xml", produces));
        Assert.False(Negotiation.Allows("text/csv;q=0, application/json;q=0", produces));
    }

    private static HttpRequestMessage Get(string url, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    [Theory]
    [InlineData("text/*", "text/csv")]
    [InlineData("application/json;q=0, */*", "text/csv")]
    [InlineData("application/x-ndjson", "application/x-ndjson")]
    [InlineData("text/csv, application/json;q=0.5", "text/csv")]
    public async Task AListThatExportsAnswersWithTheFormatAcceptPrefers(string accept, string answered)
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);

        var response = await app.CreateClient().SendAsync(Get("/v1/people/donald-j-trump/timeline", accept));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answered, response.Content.Headers.ContentType?.MediaType);
    }
}
