using System.Net;
using System.Text.Json.Nodes;
using StatementTracker.Api.Tests.FactChecks;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>ClaimReview in: what fact-checkers publish becomes a claim of its speaker and a review of it.</summary>
public class ClaimReviewImportTests
{
    private static async Task<(JsonObject Statement, JsonObject Review)> ReviewedAsync(HttpClient client)
    {
        await client.CreatePersonAsync("Barack Obama");
        var statement = await client.CreateStatementAsync("barack-obama", "2009-06-15", quote: "If you like your health care plan, you can keep it.");
        var review = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new
        {
            publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "Pants on Fire", reviewedAt = "2013-12-12",
            url = "https://www.politifact.com/article/2013/dec/12/lie-year-if-you-like-your-health-care-plan-keep-it/", author = "Angie Drobnic Holan",
            externalId = "politifact:loty-2013",
        });
        return (statement, review);
    }

    [Fact]
    public async Task AClaimReviewServedHereIsReadBackIntoAnEmptyDatabaseAsTheSameClaimAndVerdict()
    {
        await using var source = new StatementTrackerApplication();
        var (statement, review) = await ReviewedAsync(source.CreateClient());
        var markup = await source.CreateClient().GetStringAsync($"/v1/reviews/{review.Id()}/claimreview");
        await using var target = new StatementTrackerApplication();
        var client = target.CreateClient();

        var job = await client.ImportAsync(markup, "createPeople=true", "application/ld+json");
        var again = await client.ImportAsync(markup, "createPeople=true", "application/ld+json");

        Assert.Equal((1L, 1L, 0L), (job.Count("statement", "created"), job.Count("review", "created"), job.Number("errors")));
        Assert.Equal(2, again.Number("unchanged"));
        var copy = Assert.Single((await client.GetJsonAsync("/v1/statements?person=barack-obama"))["items"]!.AsArray())!;
        Assert.Equal((statement.Str("quote"), "exact", "2009-06-15"), (copy.Str("quote"), copy.Str("wording"), copy.Str("saidAt")));
        Assert.Equal("https://example.org/source", copy["sources"]![0].Str("url"));
        var verdict = (await client.GetJsonAsync($"/v1/statements/{copy.Str("id")}/reviews"))["items"]![0]!;
        Assert.Equal(("Pants on Fire", "pants_on_fire", "politifact:loty-2013"), (verdict.Str("rating"), verdict.Str("normalisedRating"), verdict.Str("externalId")));
        Assert.Equal(("Angie Drobnic Holan", "2013-12-12"), (verdict.Str("author"), verdict.Str("reviewedAt")));
        // Markup this service wrote holds nothing beyond the review, so none is kept as raw; what goes out again is still valid.
        Assert.Null(verdict["raw"]);
        ClaimReviewTests.AssertGoogleFactCheckFields(await client.GetJsonAsync($"/v1/reviews/{verdict.Str("id")}/claimreview"));
    }

    [Fact]
    public async Task AClaimReviewReadBackIntoTheDatabaseThatServedItChangesNothing()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var (statement, review) = await ReviewedAsync(client);
        var feed = await client.GetStringAsync("/v1/claimreviews");

        var job = await client.ImportAsync(feed, "", "application/ld+json");

        Assert.Equal((0L, 2L, 0L), (job.Number("created"), job.Number("unchanged"), job.Number("errors")));
        Assert.Single((await client.GetJsonAsync("/v1/statements"))["items"]!.AsArray());
        Assert.Equal(1, (await client.GetJsonAsync($"/v1/reviews/{review.Id()}"))["revision"]!.GetValue<long>());
        Assert.Equal(1, (await client.GetJsonAsync($"/v1/statements/{statement.Id()}"))["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task APublishersMarkupIsAParaphraseWithItsUnknownFieldsKeptAndBadItemsReported()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        var markup = """
            [
              {
                "@context": "https://schema.org", "@type": "ClaimReview",
                "url": "https://factcheck.example.org/2020/biden-arrest",
                "claimReviewed": "Says he was arrested in South Africa trying to see Nelson Mandela.",
                "datePublished": "2020-02-26",
                "author": {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example.org"},
                "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1, "alternateName": "False"},
                "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Joe Biden"}, "datePublished": "2020-02-11",
                                 "appearance": [{"@type": "CreativeWork", "url": "https://www.c-span.org/video/?469174-1/joe-biden-campaigns-south-carolina"}]},
                "sdPublisher": {"@type": "Organization", "name": "Some markup tool"}
              },
              {"@type": "ClaimReview", "claimReviewed": "No speaker here.", "reviewRating": {"alternateName": "False"}},
              {"@type": "NewsArticle"}
            ]
            """;

        var job = await client.ImportAsync(markup, "createPeople=true", "application/ld+json");
        var problems = await client.ProblemsAsync(job);

        Assert.Equal((1L, 1L, 2L), (job.Count("statement", "created"), job.Count("review", "created"), job.Number("errors")));
        Assert.Equal([("itemReviewed.author.name", 2L), ("@type", 3L)], problems.Select(p => (p.Str("field"), p["line"]!.GetValue<long>())));
        var claim = Assert.Single((await client.GetJsonAsync("/v1/statements?person=joe-biden"))["items"]!.AsArray())!;
        Assert.Equal(("paraphrase", "2020-02-11", "other"), (claim.Str("wording"), claim.Str("saidAt"), claim.Str("medium")));
        var review = (await client.GetJsonAsync($"/v1/statements/{claim.Str("id")}/reviews"))["items"]![0]!;
        // "False" on a 1-to-5 scale is read by its words, not by its number.
        Assert.Equal(("False", "false", "https://factcheck.example.org/2020/biden-arrest"), (review.Str("rating"), review.Str("normalisedRating"), review.Str("url")));
        Assert.Equal("Some markup tool", review["raw"]!["sdPublisher"].Str("name"));
    }

    [Fact]
    public async Task ADocumentThatIsNotJsonIsOneErrorAndNothingElse()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();

        var job = await client.ImportAsync("""{"@type": "ClaimReview", """, "", "application/ld+json");

        Assert.Equal((0L, 1L), (job.Number("created"), job.Number("errors")));
        Assert.Contains("not valid JSON", (await client.ProblemsAsync(job))[0].Str("message"));
    }
}
