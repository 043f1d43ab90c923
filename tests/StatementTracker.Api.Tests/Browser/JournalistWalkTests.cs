using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>
/// The issue's "done when", walked as a journalist would on the demo, with the keyboard alone (Tab, Shift+Tab,
/// typing and Enter; never a click or a typed address) and once more with JavaScript switched off.
/// </summary>
[Collection(BrowserCollection.Name)]
public class JournalistWalkTests(BrowserSite site, ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AJournalistSearchesFindsTheReversalCitesTheTweetAndOpensTheReversalsWithTheKeyboardAlone(bool javaScript)
    {
        site.Require();
        var story = site.Story;
        var js = javaScript ? "js" : "nojs";
        await using var walk = await site.OpenAsync("/", javaScript, permissions: javaScript ? ["clipboard-read", "clipboard-write"] : null);
        var page = walk.Page;

        // Search "cyber" from the home page and reach a result.
        await walk.TabToAsync("the search box", async focused => await focused.GetAttributeAsync("name") == "q");
        await page.Keyboard.TypeAsync("cyber");
        await page.Keyboard.PressAsync("Enter");
        await walk.ArriveAtAsync(new Regex(@"/search\?q=cyber$"));
        Assert.Matches(@"^\d+ statements match$", await page.Locator("h2#results").InnerTextAsync());
        var result = await (await walk.TabToLinkAsync("/statements/", prefix: true)).GetAttributeAsync("href");
        await page.Keyboard.PressAsync("Enter");
        await walk.ArriveAtAsync(site.Url(result!));
        output.WriteLine($"search result reached: {result} ({await page.TitleAsync()})");
        await walk.ScreenshotAsync($"walk-{js}-1-result");

        // Home again, and Trump's page from the latest reversals there.
        await walk.TabToLinkAsync("/");
        await page.Keyboard.PressAsync("Enter");
        await walk.ArriveAtAsync(site.Url("/"));
        await walk.TabToLinkAsync(PageStory.Person);
        await page.Keyboard.PressAsync("Enter");
        await walk.ArriveAtAsync(site.Url(PageStory.Person));

        // The two July 2017 tweets, in order, and the reversal between them.
        var proposal = page.Locator($"article[id='{story.Proposal}']");
        var reversal = page.Locator($"article[id='{story.Reversal}']");
        await Assertions.Expect(proposal).ToContainTextAsync("impenetrable Cyber Security unit");
        await Assertions.Expect(reversal).ToContainTextAsync("doesn't mean I think it can happen");
        var order = new List<string?>();
        foreach (var article in await page.Locator("article.statement").AllAsync()) order.Add(await article.GetAttributeAsync("id"));
        Assert.True(order.IndexOf(story.Proposal) < order.IndexOf(story.Reversal), "The proposal comes before its reversal on the timeline.");
        var mark = reversal.Locator(".reversal-marks li").Filter(new() { Has = page.Locator($"a[href='/statements/{story.Proposal}']") });
        await Assertions.Expect(mark).ToContainTextAsync("Reverses");
        await Assertions.Expect(mark).ToContainTextAsync(new Regex("later"));
        await Assertions.Expect(page.Locator($"section.day:has(article[id='{story.Proposal}']) h3")).ToContainTextAsync("July 2017");
        await walk.ScreenshotAsync($"walk-{js}-2-person");

        // The first tweet's permalink: its citation and its embed code, ready to copy.
        await walk.TabToLinkAsync($"/statements/{story.Proposal}");
        await page.Keyboard.PressAsync("Enter");
        await walk.ArriveAtAsync(site.Url($"/statements/{story.Proposal}"));
        var citation = await page.Locator("#citation").InputValueAsync();
        var embed = await page.Locator("#embed-code").InputValueAsync();
        Assert.Contains("Donald J. Trump", citation);
        Assert.Contains(site.Url($"/statements/{story.Proposal}"), citation);
        Assert.Contains($"<iframe src=\"{site.Url($"/statements/{story.Proposal}/embed")}\"", embed);
        await walk.TabToAsync("the citation", async focused => await focused.GetAttributeAsync("id") == "citation");
        if (javaScript)
        {
            // The copy button comes with the script; Enter on it copies the citation, and the page says so.
            await walk.TabToAsync("the citation's copy button", async focused => await focused.InnerTextAsync() == "Copy citation");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator(".copy-status").First).ToHaveTextAsync("Copied.");
            Assert.Equal(citation, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        }
        else
        {
            // Without script there is no button to promise a copy: the text is there, focusable, to select and copy.
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Copy citation" }).CountAsync());
        }
        await walk.ScreenshotAsync($"walk-{js}-3-permalink");

        // Back up to the site's navigation, and the reversals page.
        await walk.TabToLinkAsync("/reversals", key: "Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await walk.ArriveAtAsync(site.Url("/reversals"));
        var pair = page.Locator("article.reversal").Filter(new() { Has = page.Locator($"a[href='/statements/{story.Reversal}']") });
        await Assertions.Expect(pair.Locator($"a[href='/statements/{story.Proposal}']")).ToHaveCountAsync(1);
        await Assertions.Expect(pair.Locator("h2")).ToContainTextAsync("Donald J. Trump");
        await walk.ScreenshotAsync($"walk-{js}-4-reversals");

        Assert.True(walk.Problems.Count == 0, string.Join(Environment.NewLine, walk.Problems));
    }
}
