using System.Net;

namespace StatementTracker.Api.Tests.Pages;

public class PersonPageTests
{
    [Fact]
    public async Task TrumpsPageShowsBothJulyTweetsUnderTheNinthInHisOwnTimeWithTheReversalBetweenThem()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();

        var (page, _, _) = await client.GetPageAsync("/people/donald-j-trump");

        Assert.Equal("Donald J. Trump", page.QuerySelector("h1").Text());
        var days = page.QuerySelectorAll("section.day");
        // The second tweet was 20:45 in New York on 9 July, already 10 July in UTC: the speaker's day is what counts.
        var ninth = Assert.Single(days, d => d.QuerySelector("h3 time")?.GetAttribute("datetime") == "2017-07-09");
        Assert.Contains("9 July 2017", ninth.QuerySelector("h3").Text());
        var tweets = ninth.QuerySelectorAll("article.statement");
        Assert.Equal(2, tweets.Length);
        Assert.Contains("impenetrable Cyber Security unit", tweets[0].QuerySelector("blockquote").Text());
        Assert.Contains("doesn't mean I think it can happen", tweets[1].QuerySelector("blockquote").Text());
        Assert.Equal("2017-07-09T07:50:24-04:00", tweets[0].QuerySelector("h4 time")!.GetAttribute("datetime"));
        Assert.Contains("9 July 2017, 07:50 (UTC−04:00)", tweets[0].QuerySelector("h4").Text());

        // The reversal, from both ends, with its Flip-O-Meter rating and the time between.
        var reverses = tweets[1].QuerySelector(".reversal-marks li").Flat();
        Assert.Contains("Flip-O-Meter: Full Flop", reverses);
        Assert.Contains("Reverses", reverses);
        Assert.Contains("13 hours later", reverses);
        Assert.Equal($"/statements/{tweets[0].Id}", tweets[1].QuerySelector(".reversal-marks a")!.GetAttribute("href"));
        Assert.Contains("Reversed by", tweets[0].QuerySelector(".reversal-marks li").Flat());
        Assert.Contains("Full Flop", tweets[0].QuerySelector(".reversal-marks li").Flat());

        // Each statement's heading links to its permalink, and the page links the JSON behind it.
        Assert.Equal($"/statements/{tweets[0].Id}", tweets[0].QuerySelector("h4 a")!.GetAttribute("href"));
        Assert.Equal("/v1/people/donald-j-trump/timeline", page.QuerySelector("link[rel=alternate][type='application/json']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task TheStanceChartIsDrawnWithATextAlternative()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/people/donald-j-trump");

        var svg = page.QuerySelector("figure.chart svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        var description = page.GetElementById(svg.GetAttribute("aria-describedby")!).Text();
        Assert.Contains("US-Russia cyber security unit: supports from 9 July 2017", description);
        Assert.Contains("then undecided from 9 July 2017, 20:45 (UTC−04:00) (Half Flip)", description);
        Assert.Equal(2, svg.QuerySelectorAll("circle").Length);
        Assert.Equal("Stance over time", page.GetElementById(svg.GetAttribute("aria-labelledby")!).Text());
        var change = Assert.Single(page.QuerySelectorAll("table tbody tr"));
        Assert.Equal(["US-Russia cyber security unit", "supports → undecided", "9 July 2017, 20:45 (UTC−04:00)", "Half Flip"],
            change.QuerySelectorAll("td").Select(td => td.Flat()));
    }

    [Fact]
    public async Task TheFiltersAreAPlainFormAndTheirValuesNarrowTheTimeline()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();

        var (page, _, _) = await client.GetPageAsync("/people/donald-j-trump?from=2017-07-09&medium=tweet&order=desc");

        var form = page.QuerySelector("form.filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        foreach (var field in form.QuerySelectorAll("input, select"))
            Assert.NotNull(page.QuerySelector($"label[for='{field.Id}']"));
        Assert.Equal("2017-07-09", form.QuerySelector("#from")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("#medium option[value=tweet][selected]"));
        Assert.NotNull(form.QuerySelector("#order option[value=desc][selected]"));
        var quotes = page.QuerySelectorAll("article.statement blockquote").Select(q => q.Text()).ToList();
        Assert.Equal(2, quotes.Count);
        Assert.Contains("doesn't mean", quotes[0]);
        Assert.Equal("/v1/people/donald-j-trump/timeline?from=2017-07-09&medium=tweet&order=desc",
            page.QuerySelector("link[rel=alternate]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task OlderAndFirstPageLinksFollowTheKeysetCursor()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Prolific Speaker");
        var start = new DateTime(2020, 1, 1);
        for (var i = 0; i < 20; i++)
            await client.CreateStatementAsync("prolific-speaker", start.AddDays(i).ToString("yyyy-MM-dd"), quote: $"Statement number {i}.");
        var reader = app.CreateAnonymousClient();

        var (first, _, _) = await reader.GetPageAsync("/people/prolific-speaker?order=desc");
        Assert.Equal(15, first.QuerySelectorAll("article.statement").Length);
        Assert.Null(first.QuerySelector(".pager a:not([rel=next])"));
        var older = first.QuerySelector(".pager a[rel=next]")!;
        Assert.Equal("Older statements", older.Text());

        var (second, _, _) = await reader.GetPageAsync(older.GetAttribute("href")!);
        var quotes = second.QuerySelectorAll("article.statement blockquote").Select(q => q.Text()).ToList();
        Assert.Equal(["Statement number 4.", "Statement number 3.", "Statement number 2.", "Statement number 1.", "Statement number 0."], quotes);
        Assert.Null(second.QuerySelector(".pager a[rel=next]"));
        Assert.Equal("/people/prolific-speaker?order=desc", second.QuerySelector(".pager a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AnUnknownPersonIsA404PageInTheSiteFrame()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/people/nobody-at-all", HttpStatusCode.NotFound);

        Assert.Equal("Not found", page.QuerySelector("h1").Text());
        Assert.Contains("No person has the slug 'nobody-at-all'.", page.QuerySelector("main").Text());
        Assert.NotNull(page.QuerySelector("header nav"));
    }

    [Fact]
    public async Task AnImpossibleDateIsA400PageNamingTheFieldAndTheRule()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/people/donald-j-trump?from=2017-13&order=sideways", HttpStatusCode.BadRequest);

        var errors = page.QuerySelectorAll("ul.errors li").Select(li => li.Flat()).ToList();
        Assert.Contains("from: from is impossible: month 13 does not exist (months run from 01 to 12).", errors);
        Assert.Contains("order: order must be asc or desc.", errors);
    }

    [Fact]
    public async Task ParametersAPageDoesNotTakeAreIgnoredNotRefused()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        // A link shared with a tracking tag still opens; the API, which programs read, would refuse it.
        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync("/people/donald-j-trump?utm_source=newsletter");
        Assert.Equal("Donald J. Trump", page.QuerySelector("h1").Text());
        Assert.Equal("/v1/people/donald-j-trump/timeline", page.QuerySelector("link[rel=alternate]")!.GetAttribute("href"));
    }
}
