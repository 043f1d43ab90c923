using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests.Infrastructure;

/// <summary>Rate limits, CORS and the headers every response carries.</summary>
public class ProtectionTests
{
    [Fact]
    public async Task TooManyWritesAreRefusedWithRetryAfterAndCountedPerKey()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["RateLimits:WritePerMinute"] = "2" });
        var client = app.CreateClient();
        await client.CreatePersonAsync("Ash Carter");
        await client.CreatePersonAsync("Rex Tillerson");

        var response = await client.PostAsJsonAsync("/v1/people", new { name = "Sean Spicer" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains("Too many writes: 2 a minute", problem.Str("detail"));
        Assert.Contains("'bootstrap'", problem.Str("detail"));
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.Str("type"));
        // Reads count apart from writes, and another key has a budget of its own.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/people")).StatusCode);
        await app.CreateClient(await app.CreateKeyAsync(Scopes.Write)).CreatePersonAsync("Sean Spicer");
    }

    [Fact]
    public async Task TooManyReadsFromOneAddressAreRefusedButHealthIsNeverCounted()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["RateLimits:ReadPerMinute"] = "2" });
        var client = app.CreateAnonymousClient();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await client.GetJsonAsync("/v1/people");
        await client.GetJsonAsync("/v1/topics");

        var response = await client.GetAsync("/v1/people");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Contains("this client address", problem.Str("detail"));
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public void RateLimitsAreOnByDefault()
    {
        var defaults = new StatementTracker.Api.Infrastructure.RateLimitsOptions();
        Assert.Equal((600, 120), (defaults.ReadPerMinute, defaults.WritePerMinute));
    }

    [Theory]
    [InlineData("GET", "/v1/people")]
    [InlineData("GET", "/v1/quotes")]
    [InlineData("POST", "/v1/people")]
    [InlineData("GET", "/health")]
    public async Task EveryResponseCarriesTheSecurityHeadersAndNoServerHeader(string method, string path)
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateAnonymousClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task SwaggerUiGetsAPolicyThatLetsItsOwnScriptsRun()
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateAnonymousClient().GetAsync("/swagger/index.html");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task AnErrorFromTheExceptionHandlerKeepsTheSecurityHeaders()
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateClient().PostRawAsync("/v1/people", "{\"name\":");
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task KestrelSendsNoServerHeaderAndRefusesHugeUrlsAndHeadersItself()
    {
        await using var app = new StatementTrackerApplication();
        app.UseKestrel(0);
        app.StartServer();
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        Assert.False(kestrel.AddServerHeader);
        using var client = app.CreateAnonymousClient();

        var ok = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(ok.Headers.Contains("Server"));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await client.GetAsync("/v1/people?q=" + new string('x', 9000))).StatusCode);
        var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "/health");
        for (var i = 0; i < 5; i++) bigHeaders.Headers.Add($"X-Padding-{i}", new string('x', 8000));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await client.SendAsync(bigHeaders)).StatusCode);
    }

    [Fact]
    public async Task APreflightForAReadIsAnsweredForAnyOrigin()
    {
        await using var app = new StatementTrackerApplication();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/people");
        preflight.Headers.Add("Origin", "https://anywhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, if-none-match");

        var response = await app.CreateAnonymousClient().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowed);
        Assert.Contains("if-none-match", allowed);
    }

    [Fact]
    public async Task AReadFromAnyOriginMaySeeTheHeadersItNeeds()
    {
        await using var app = new StatementTrackerApplication();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/people");
        request.Headers.Add("Origin", "https://anywhere.example");

        var response = await app.CreateAnonymousClient().SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "ETag", "Location", "Retry-After" }) Assert.Contains(header, exposed);
    }

    [Fact]
    public async Task WritesFromABrowserAreAllowedOnlyFromTheConfiguredOrigins()
    {
        await using var app = new StatementTrackerApplication(settings: new Dictionary<string, string> { ["Cors:WriteOrigins:0"] = "https://editor.example" });
        var client = app.CreateAnonymousClient();

        var fromEditor = await client.SendAsync(Preflight("https://editor.example", "POST"));
        Assert.Equal("https://editor.example", fromEditor.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var fromElsewhere = await client.SendAsync(Preflight("https://elsewhere.example", "POST"));
        Assert.False(fromElsewhere.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WithoutConfiguredOriginsNoBrowserPageMayWrite()
    {
        await using var app = new StatementTrackerApplication();
        var response = await app.CreateAnonymousClient().SendAsync(Preflight("https://editor.example", "PATCH"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin, string method)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/people");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return preflight;
    }
}
