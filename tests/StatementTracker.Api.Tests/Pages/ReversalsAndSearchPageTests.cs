using System.Net;

namespace StatementTracker.Api.Tests.Pages;

public class ReversalsAndSearchPageTests
{
    [Fact]
    public async Task TheReversalsPageShowsBothSidesTheTimeBetweenTheRatingAndTheFacets()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/reversals");

        var reversal = Assert.Single(page.QuerySelectorAll("article.reversal"));
        Assert.Contains("Donald J. Trump", reversal.QuerySelector("h2").Text());
        Assert.Contains("Flip-O-Meter: Full Flop", reversal.QuerySelector(".reversal-rating").Flat());
        Assert.Contains("13 hours later", reversal.QuerySelector(".reversal-rating").Flat());
        Assert.Contains("impenetrable Cyber Security unit", reversal.QuerySelector(".earlier blockquote").Text());
        Assert.Contains("doesn't mean I think it can happen", reversal.QuerySelector(".later blockquote").Text());
        Assert.Contains("9 July 2017, 07:50 (UTC−04:00)", reversal.QuerySelector(".earlier").Flat());

        var facets = page.QuerySelectorAll(".facet").ToDictionary(f => f.QuerySelector("h3").Text(), f => f.QuerySelectorAll("a").Select(a => (a.Text(), a.GetAttribute("href"))).ToList());
        Assert.Equal([("Donald J. Trump", "/reversals?person=donald-j-trump")], facets["By person"]);
        Assert.Equal([("US-Russia cyber security unit", "/reversals?topic=us-russia-cyber-unit")], facets["By topic"]);
        Assert.Equal([("2017", "/reversals?from=2017&to=2017")], facets["By year"]);
        Assert.Equal("/v1/reversals?facets=person,topic,year", page.QuerySelector("link[rel=alternate]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AFacetLinkNarrowsTheReversalsAndCanBeLifted()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();

        var (page, _, _) = await client.GetPageAsync("/reversals?from=2018&to=2018");
        Assert.Empty(page.QuerySelectorAll("article.reversal"));
        Assert.Equal("/reversals?to=2018", page.QuerySelector(".active-filters a")!.GetAttribute("href"));
        await client.GetPageAsync("/reversals?person=nobody", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SearchingCyberShowsHighlightedHitsAndFacetsAsLinks()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();

        // From the home page's own form, as a reader would.
        var (home, _, _) = await client.GetPageAsync("/");
        var form = home.QuerySelector("form[role=search]")!;
        Assert.Equal(("get", "/search"), (form.GetAttribute("method"), form.GetAttribute("action")));
        var box = form.QuerySelector("input[name=q]")!;
        Assert.NotNull(home.QuerySelector($"label[for='{box.Id}']"));

        var (page, _, _) = await client.GetPageAsync("/search?q=cyber");
        Assert.Equal("4 statements match", page.QuerySelector("h2#results").Text());
        var hits = page.QuerySelectorAll("ol.cards article.statement");
        Assert.Equal(4, hits.Length);
        Assert.True(hits.Count(hit => hit.QuerySelectorAll("blockquote mark").Any(m => m.Text().Equals("cyber", StringComparison.OrdinalIgnoreCase))) >= 3);
        var people = page.QuerySelectorAll("#facet-person ~ ul a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/search?q=cyber&person=donald-j-trump", people);

        var (narrowed, _, _) = await client.GetPageAsync("/search?q=cyber&person=donald-j-trump");
        Assert.Equal(2, narrowed.QuerySelectorAll("ol.cards article.statement").Length);
        Assert.Equal("donald-j-trump", narrowed.QuerySelector("form[role=search] input[type=hidden][name=person]")!.GetAttribute("value"));
        Assert.Equal("/v1/statements?q=cyber&person=donald-j-trump&sort=relevance&facets=person,year,topic,medium",
            narrowed.QuerySelector("link[rel=alternate]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AQueryThatCannotBeReadIsA400MessageOnTheSearchPage()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/search?q=%22unbalanced", HttpStatusCode.BadRequest);

        Assert.Equal("Search", page.QuerySelector("h1").Text());
        Assert.Equal("\"unbalanced", page.QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("input[name=q]")!.GetAttribute("aria-invalid"));
        Assert.Contains("never closed", page.QuerySelector("#q-error").Text());
    }

    [Fact]
    public async Task SearchWithoutAQueryIsTheFormAlone()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/search");
        Assert.NotNull(page.QuerySelector("form[role=search] input[name=q]"));
        Assert.Empty(page.QuerySelectorAll("article"));
    }

    [Fact]
    public async Task TheHomePageShowsTheNewestStatementsAndTheLatestReversals()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/");

        var newest = page.QuerySelectorAll("#newest + ol article.statement");
        // Trump's 20:45 in New York is 00:45 UTC on 10 July: after Pushkov's undated 10 July, which counts from midnight UTC.
        Assert.Contains("doesn't mean I think it can happen", newest[0].QuerySelector("blockquote").Text());
        Assert.Contains("Alexei Pushkov", newest[1].QuerySelector("h3").Text());
        Assert.Equal("ru", newest[1].QuerySelector("blockquote")!.GetAttribute("lang"));
        Assert.Single(page.QuerySelectorAll("#latest-reversals + ol article.reversal"));
    }
}
