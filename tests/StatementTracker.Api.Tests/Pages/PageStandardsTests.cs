using System.Net;
using System.Net.Http.Headers;

namespace StatementTracker.Api.Tests.Pages;

/// <summary>The demo, started once for the tests that only read it.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public StatementTrackerApplication App { get; } = new(seedDemoData: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>What every page promises, whichever it is: structure for assistive technology, safety headers, weight, caching.</summary>
public class PageStandardsTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    public static readonly TheoryData<string> Pages = new()
    {
        "/", "/people/donald-j-trump", "/statements/{first}", "/statements/{first}/embed", "/reversals", "/search", "/search?q=cyber",
        "/search?q=%22unbalanced", "/people/nobody", "/people/donald-j-trump?from=2017-13",
    };

    private static async Task<string> ResolveAsync(HttpClient client, string url) =>
        url.Contains("{first}") ? url.Replace("{first}", (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1")).Ids()[0]) : url;

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPageHasOneH1LandmarksASkipLinkLabelsALanguageATitleAndWeighsUnder100KB(string template)
    {
        // Pages only read here: one demo database serves every case.
        var client = demo.App.CreateAnonymousClient();
        var url = await ResolveAsync(client, template);
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        var page = PageReader.Parse(html);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(html.Length < 100 * 1024, $"{url} is {html.Length} characters");
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.False(string.IsNullOrWhiteSpace(page.Title));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Single(page.QuerySelectorAll("main"));
        // Headings go down one level at a time: no h4 straight under an h2.
        var levels = page.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.LocalName[1] - '0').ToList();
        Assert.Equal(1, levels[0]);
        for (var i = 1; i < levels.Count; i++) Assert.True(levels[i] <= levels[i - 1] + 1, $"{url}: h{levels[i]} follows h{levels[i - 1]}");
        // Ids are unique, so every label and aria reference finds the one element it means.
        var ids = page.All.Select(e => e.Id).Where(id => !string.IsNullOrEmpty(id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var field in page.QuerySelectorAll("input:not([type=hidden]), select, textarea"))
            Assert.True(page.QuerySelector($"label[for='{field.Id}']") is not null, $"{url}: {field.OuterHtml} has no label");
        foreach (var reference in page.All.SelectMany(e => new[] { e.GetAttribute("aria-labelledby"), e.GetAttribute("aria-describedby") }).Where(r => r is not null))
            foreach (var id in reference!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                Assert.True(page.GetElementById(id) is not null, $"{url}: aria reference to missing #{id}");
        // No inline style or script anywhere: the CSP would block them, and they are not needed.
        Assert.DoesNotContain(page.All, e => e.HasAttribute("style"));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.DoesNotContain(page.QuerySelectorAll("script"), s => !s.HasAttribute("src") && s.GetAttribute("type") != "application/ld+json");

        if (template.EndsWith("/embed")) return;
        var skip = page.Body!.FirstElementChild!;
        Assert.Equal(("a", "#main"), (skip.LocalName, skip.GetAttribute("href")));
        Assert.Equal("main", page.GetElementById("main")!.LocalName);
        Assert.NotNull(page.QuerySelector("body > header"));
        Assert.NotNull(page.QuerySelector("header nav[aria-label]"));
        Assert.NotNull(page.QuerySelector("body > footer"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPageSendsAContentSecurityPolicyWithoutUnsafeInline(string template)
    {
        var client = demo.App.CreateAnonymousClient();
        var response = await client.GetAsync(await ResolveAsync(client, template));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task APageAnswers304WhileNothingInItChangedAndAFreshPageAfterACorrection()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var reader = app.CreateAnonymousClient();
        var id = (await reader.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1")).Ids()[0];

        var first = await reader.GetAsync($"/statements/{id}");
        var etag = first.Headers.ETag!;
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());

        var again = new HttpRequestMessage(HttpMethod.Get, $"/statements/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        (await app.CreateClient().PatchJsonAsync($"/v1/statements/{id}", """{"venue": "Twitter"}""")).EnsureSuccessStatusCode();
        var afterCorrection = new HttpRequestMessage(HttpMethod.Get, $"/statements/{id}");
        afterCorrection.Headers.IfNoneMatch.Add(etag);
        var fresh = await reader.SendAsync(afterCorrection);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task TheStylesheetAndScriptAreServedUnderTheirHashAndCachedForAYear()
    {
        var client = demo.App.CreateAnonymousClient();
        var (page, _, _) = await client.GetPageAsync("/");

        foreach (var url in new[] { page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!, page.QuerySelector("script[src]")!.GetAttribute("src")! })
        {
            Assert.Matches(@"^/assets/site\.[0-9a-f]{10}\.(css|js)$", url);
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/assets/site.0000000000.css")).StatusCode);
        var css = await client.GetStringAsync(page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
        Assert.Contains("@media print", css);
        Assert.Contains(":focus-visible", css);
    }

    [Fact]
    public async Task ThePageFieldOfTheApisStatementsAndPeopleOpensTheirPage()
    {
        var client = demo.App.CreateAnonymousClient();

        var statement = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1"))["items"]![0]!;
        var person = await client.GetJsonAsync("/v1/people/donald-j-trump");
        Assert.Equal($"/statements/{statement.Str("id")}", statement.Str("page"));
        Assert.Equal("/people/donald-j-trump", person.Str("page"));

        var (statementPage, _, _) = await client.GetPageAsync(statement.Str("page"));
        Assert.Contains("impenetrable", statementPage.QuerySelector("main blockquote").Text());
        var (personPage, _, _) = await client.GetPageAsync(person.Str("page"));
        Assert.Equal("Donald J. Trump", personPage.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task PagesAreReadsForRateLimitsAndForKeysWhenAnonymousReadsAreOff()
    {
        await using (var limited = new StatementTrackerApplication(seedDemoData: true, settings: new Dictionary<string, string> { ["RateLimits:ReadPerMinute"] = "2" }))
        {
            var client = limited.CreateAnonymousClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/reversals")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/search")).StatusCode);
        }
        await using var closed = new StatementTrackerApplication(seedDemoData: true, settings: new Dictionary<string, string> { ["Auth:AnonymousRead"] = "false" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await closed.CreateAnonymousClient().GetAsync("/people/donald-j-trump")).StatusCode);
        var withKey = closed.CreateClient(await closed.CreateKeyAsync("read"));
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/people/donald-j-trump")).StatusCode);
    }
}
