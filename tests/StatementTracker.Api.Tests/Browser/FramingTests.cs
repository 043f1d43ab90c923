using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>
/// The embed snippet is pasted into articles on other sites: the browser must show the embed in their frame and
/// refuse to frame any other page (clickjacking). The other site is a second small server on loopback, another
/// origin by its port; Chromium would not let a page it does not see on this machine frame a loopback address.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FramingTests(BrowserSite site, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task AnotherSiteShowsTheEmbedInItsFrameButCannotFrameThePermalink()
    {
        site.Require();
        var embed = site.Url($"/statements/{site.Story.Proposal}/embed");
        var permalink = site.Url($"/statements/{site.Story.Proposal}");
        await using var elsewhere = await ArticleSiteAsync($"""
            <!DOCTYPE html><html lang="en"><title>An article</title><link rel="icon" href="data:,">
            <iframe id="embed" src="{embed}" title="The embedded statement"></iframe>
            <iframe id="permalink" src="{permalink}" title="The permalink"></iframe>
            """);

        await using var page = await site.OpenAsync(elsewhere.Urls.Single() + "/article", javaScript: true);

        await Assertions.Expect(page.Page.FrameLocator("#embed").Locator("h1")).ToContainTextAsync("Donald J. Trump");
        await Assertions.Expect(page.Page.FrameLocator("#permalink").Locator("main")).ToHaveCountAsync(0);
        output.WriteLine(string.Join(Environment.NewLine, page.Problems));
        var refusal = Assert.Single(page.Problems);
        Assert.Contains("frame-ancestors 'none'", refusal);
        Assert.Contains($"Framing '{site.BaseUrl}/'", refusal);
    }

    private static async Task<WebApplication> ArticleSiteAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/article", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        return app;
    }
}
