using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.Pages;

public class StatementPageTests
{
    private static async Task<string> FirstTweetAsync(HttpClient client) =>
        (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?limit=1")).Ids()[0];

    [Fact]
    public async Task ThePermalinkShowsTheQuoteItsSourcesLinksBothWaysPreviewsCitationAndEmbed()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();
        var id = await FirstTweetAsync(client);

        var (page, _, _) = await client.GetPageAsync($"/statements/{id}");

        var quote = page.QuerySelector("main blockquote")!;
        Assert.StartsWith("Putin & I discussed forming an impenetrable Cyber Security unit", quote.Text());
        Assert.Equal(("en", "ltr"), (quote.GetAttribute("lang"), quote.GetAttribute("dir")));
        Assert.Contains("9 July 2017, 07:50 (UTC−04:00)", page.QuerySelector("h1").Text());
        Assert.Contains("2017-07-09 11:50:24 UTC", page.QuerySelector("dl.facts").Flat());

        var sources = page.QuerySelectorAll(".sources a").ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, a => Assert.Equal("noopener noreferrer", a.GetAttribute("rel")));
        Assert.Contains(sources, a => a.GetAttribute("href") == "https://twitter.com/realDonaldTrump/status/884016887692234753");

        // Both ways: what it supports (Putin, earlier) and what answers or reverses it (later).
        var links = page.QuerySelectorAll(".links li").Select(li => li.Flat()).ToList();
        Assert.Contains(links, l => l.StartsWith("Supports Vladimir Putin, 8 July 2017"));
        Assert.Contains(links, l => l.StartsWith("Reversed by Donald J. Trump, 9 July 2017, 20:45 (UTC−04:00)"));
        Assert.Contains("Full Flop", page.QuerySelector("#reversals-heading + ul").Flat());

        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal($"http://localhost/statements/{id}", page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        Assert.StartsWith("Putin & I discussed", page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
        Assert.Equal("summary", page.QuerySelector("meta[name='twitter:card']")!.GetAttribute("content"));
        Assert.Equal($"/v1/statements/{id}", page.QuerySelector("link[rel=alternate][type='application/json']")!.GetAttribute("href"));

        var citation = page.QuerySelector("textarea#citation")!;
        Assert.True(citation.HasAttribute("readonly"));
        Assert.StartsWith("Donald J. Trump, tweet, 9 July 2017, 07:50 (UTC−04:00), Twitter (@realDonaldTrump): “Putin & I discussed", citation.TextContent);
        Assert.EndsWith($"StatementTracker, http://localhost/statements/{id} (revision 1).", citation.TextContent);
        var embed = PageReader.Parse(page.QuerySelector("textarea#embed-code")!.TextContent).QuerySelector("iframe")!;
        Assert.Equal($"http://localhost/statements/{id}/embed", embed.GetAttribute("src"));
        Assert.Equal("Statement by Donald J. Trump, 9 July 2017, 07:50 (UTC−04:00)", embed.GetAttribute("title"));
        Assert.Empty(page.QuerySelectorAll("script[type='application/ld+json']"));
    }

    [Fact]
    public async Task EachFactCheckIsShownAndEmbeddedAsValidClaimReviewJsonLd()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var editor = app.CreateClient();
        var id = await FirstTweetAsync(editor);
        await editor.PostJsonAsync($"/v1/statements/{id}/reviews", new
        {
            publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "Half True", reviewedAt = "2017-07-10",
            url = "https://www.politifact.com/factchecks/2017/jul/10/cyber-unit/", summary = "He proposed it, then said it could not happen </script><b>.",
        });

        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync($"/statements/{id}");

        var card = Assert.Single(page.QuerySelectorAll(".review-card"));
        Assert.True(card.QuerySelector("h3").Flat().Contains("PolitiFact: Half True"), card.QuerySelector("h3")!.OuterHtml);
        Assert.Equal("noopener noreferrer", card.QuerySelector("h3 a")!.GetAttribute("rel"));
        Assert.True(card.Flat().Contains("Half True on the shared six-step scale"), card.OuterHtml);
        Assert.Null(card.QuerySelector("b"));

        var script = Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']"));
        Assert.DoesNotContain("<", script.TextContent);
        var json = JsonNode.Parse(script.TextContent)!.AsObject();
        Assert.Equal("https://schema.org", json["@context"]!.GetValue<string>());
        Assert.Equal("ClaimReview", json["@type"]!.GetValue<string>());
        Assert.StartsWith("Putin & I discussed", json["claimReviewed"]!.GetValue<string>());
        Assert.Equal("https://www.politifact.com/factchecks/2017/jul/10/cyber-unit/", json["url"]!.GetValue<string>());
        Assert.Equal("Half True", json["reviewRating"]!["alternateName"]!.GetValue<string>());
        Assert.Equal(4, json["reviewRating"]!["ratingValue"]!.GetValue<int>());
        Assert.Equal("PolitiFact", json["author"]!["name"]!.GetValue<string>());
        Assert.Equal("Claim", json["itemReviewed"]!["@type"]!.GetValue<string>());
        Assert.Equal("He proposed it, then said it could not happen </script><b>.", json["reviewBody"]!.GetValue<string>());
    }

    [Fact]
    public async Task AHostileQuoteIsTextEverywhereItIsShown()
    {
        await using var app = new StatementTrackerApplication();
        var editor = app.CreateClient();
        const string hostile = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> cyber </textarea><b>bold</b> --></script>";
        await editor.PostJsonAsync("/v1/people", new { name = "Mallory <img src=x onerror=alert(2)>", slug = "mallory" });
        var statement = await editor.PostJsonAsync("/v1/statements", new
        {
            person = "mallory", quote = hostile, saidAt = "2020-02-02", medium = "speech", venue = "\"><svg onload=alert(3)>",
            sources = new[] { new { url = "https://example.org/?q=\"><script>alert(4)</script>", title = "<i>title</i>" } },
        });
        await editor.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new
        {
            publisher = new { name = "<b>Checker</b>", url = "https://checker.example" }, rating = "False",
        });
        var reader = app.CreateAnonymousClient();

        foreach (var url in new[] { $"/statements/{statement.Id()}", $"/statements/{statement.Id()}/embed", "/people/mallory", "/search?q=cyber", "/" })
        {
            var (page, html, _) = await reader.GetPageAsync(url);
            Assert.Empty(page.QuerySelectorAll("img, svg[onload], b, i"));
            Assert.DoesNotContain(page.QuerySelectorAll("script"), s => s.GetAttribute("type") != "application/ld+json" && !s.HasAttribute("src"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.DoesNotContain("<script>alert", html);
            // The words themselves are there, as text a reader can see.
            if (url != "/search?q=cyber") Assert.Contains(hostile, page.QuerySelector("main")!.TextContent);
        }
        var (permalink, _, _) = await reader.GetPageAsync($"/statements/{statement.Id()}");
        Assert.Equal(hostile, permalink.QuerySelector("main blockquote").Text());
        Assert.Contains(hostile, permalink.QuerySelector("textarea#citation")!.TextContent);
        Assert.Contains("Mallory <img src=x onerror=alert(2)>", permalink.QuerySelector("h1").Text());
        var jsonLd = JsonNode.Parse(Assert.Single(permalink.QuerySelectorAll("script[type='application/ld+json']")).TextContent)!;
        Assert.Equal(hostile, jsonLd["claimReviewed"]!.GetValue<string>());
        // The search highlight is markup, but only its <mark>s: the quote inside it stays text.
        var (search, _, _) = await reader.GetPageAsync("/search?q=cyber");
        var hit = search.QuerySelector("article blockquote")!;
        Assert.Equal("cyber", Assert.Single(hit.QuerySelectorAll("mark")).Text());
        Assert.Contains("<script>alert(1)</script>", hit.TextContent);
    }

    [Theory]
    [InlineData("ar", "rtl", "نحن ندعم الوحدة")]
    [InlineData("he", "rtl", "אנחנו תומכים ביחידה")]
    [InlineData("fa-IR", "rtl", "ما از این واحد حمایت می‌کنیم")]
    [InlineData("az-Latn", "ltr", "Biz bölməni dəstəkləyirik")]
    [InlineData("ru", "ltr", "Мы поддерживаем группу")]
    public async Task AQuoteRunsInTheDirectionOfItsLanguagesScript(string language, string direction, string quote)
    {
        await using var app = new StatementTrackerApplication();
        var editor = app.CreateClient();
        await editor.CreatePersonAsync("Speaker");
        var statement = await editor.PostJsonAsync("/v1/statements", new
        {
            person = "speaker", quote, saidAt = "2020-02-02", medium = "speech", language,
            sources = new[] { new { url = "https://example.org/speech" } },
        });
        var reader = app.CreateAnonymousClient();

        var (page, _, _) = await reader.GetPageAsync($"/statements/{statement.Id()}");
        var blockquote = page.QuerySelector("main blockquote")!;
        Assert.Equal((language, direction, quote), (blockquote.GetAttribute("lang"), blockquote.GetAttribute("dir"), blockquote.Text()));
        var (timeline, _, _) = await reader.GetPageAsync("/people/speaker");
        Assert.Equal(direction, timeline.QuerySelector("article blockquote")!.GetAttribute("dir"));
    }

    [Fact]
    public async Task AnExcerptOfAnotherStatementCarriesThatStatementsLanguage()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();
        var walkBack = (await client.GetJsonAsync("/v1/people/donald-j-trump/timeline?order=desc&limit=1")).Ids()[0];

        var (page, _, _) = await client.GetPageAsync($"/statements/{walkBack}");

        // Pushkov answered in Russian: his words are marked as Russian on this English page.
        var reply = Assert.Single(page.QuerySelectorAll(".links li"), li => li.Flat().Contains("Alexei Pushkov"));
        Assert.Equal(("ru", "ltr"), (reply.QuerySelector("q")!.GetAttribute("lang"), reply.QuerySelector("q")!.GetAttribute("dir")));
        var (reversals, _, _) = await client.GetPageAsync("/reversals");
        Assert.All(reversals.QuerySelectorAll(".pair blockquote"), quote => Assert.Equal("en", quote.GetAttribute("lang")));
    }

    [Fact]
    public async Task ARetractedStatementShowsTheRetractionAndItsReason()
    {
        await using var app = new StatementTrackerApplication();
        var editor = app.CreateClient();
        await editor.CreatePersonAsync("Speaker");
        var statement = await editor.CreateStatementAsync("speaker", "2020-02-02");
        (await editor.RetractAsync($"/v1/statements/{statement.Id()}", "Misattributed: the speaker never said it.")).EnsureSuccessStatusCode();

        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync($"/statements/{statement.Id()}");

        var notice = page.QuerySelector(".notice").Flat();
        Assert.StartsWith("Retracted on", notice);
        Assert.Contains("Misattributed: the speaker never said it.", notice);
        Assert.Contains("Retracted.", page.QuerySelector("textarea#citation")!.TextContent);
    }

    [Fact]
    public async Task ACorrectedStatementSaysWhenAndLinksItsRevisions()
    {
        await using var app = new StatementTrackerApplication();
        var editor = app.CreateClient();
        await editor.CreatePersonAsync("Speaker");
        var statement = await editor.CreateStatementAsync("speaker", "2020-02-02");
        (await editor.PatchJsonAsync($"/v1/statements/{statement.Id()}?reason=Venue+from+the+transcript", """{"venue": "Town hall"}""")).EnsureSuccessStatusCode();

        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync($"/statements/{statement.Id()}");

        var notice = page.QuerySelector(".notice.info")!;
        Assert.Contains("Corrected.", notice.Flat());
        Assert.Contains("(revision 2)", notice.Flat());
        Assert.Equal($"/v1/statements/{statement.Id()}/revisions", notice.QuerySelector("a")!.GetAttribute("href"));
        var revisions = page.QuerySelectorAll("ol.revisions li").Select(li => li.Flat()).ToList();
        Assert.Equal(2, revisions.Count);
        Assert.EndsWith("correct (venue): Venue from the transcript", revisions[1]);
    }

    [Fact]
    public async Task AParaphraseIsSaidToBeOneAndIsNeverQuoted()
    {
        await using var app = new StatementTrackerApplication();
        var editor = app.CreateClient();
        await editor.CreatePersonAsync("Speaker");
        var statement = await editor.PostJsonAsync("/v1/statements", new
        {
            person = "speaker", quote = "Says the unit will stop election hacking.", saidAt = "2020-02-02", medium = "speech", wording = "paraphrase",
            sources = new[] { new { url = "https://example.org/speech" } },
        });

        var (page, _, _) = await app.CreateAnonymousClient().GetPageAsync($"/statements/{statement.Id()}");

        Assert.Null(page.QuerySelector("main blockquote"));
        Assert.Contains("Paraphrased by the fact-checker, not a quotation", page.QuerySelector(".paraphrase").Flat());
        var citation = page.QuerySelector("textarea#citation")!.TextContent;
        Assert.DoesNotContain("“", citation);
        Assert.Contains("paraphrased by a fact-checker, not a quotation: Says the unit", citation);
    }

    [Fact]
    public async Task TheEmbedMayBeFramedAnywhereAndThePermalinkNowhere()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateAnonymousClient();
        var id = await FirstTweetAsync(client);

        var (embed, _, response) = await client.GetPageAsync($"/statements/{id}/embed");
        Assert.EndsWith("frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Contains("Putin & I discussed", embed.QuerySelector("blockquote").Text());
        Assert.Single(embed.QuerySelectorAll("h1"));

        var (_, _, permalink) = await client.GetPageAsync($"/statements/{id}");
        Assert.Contains("frame-ancestors 'none'", permalink.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", permalink.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task AnUnknownStatementIsA404Page()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateAnonymousClient();
        var (page, _, _) = await client.GetPageAsync("/statements/st_nothinghere", HttpStatusCode.NotFound);
        Assert.Contains("No statement has the id 'st_nothinghere'.", page.QuerySelector("main").Text());
        await client.GetPageAsync("/statements/st_nothinghere/embed", HttpStatusCode.NotFound);
    }
}
