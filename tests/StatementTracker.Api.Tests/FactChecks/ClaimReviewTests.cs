using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Tests.FactChecks;

/// <summary>ClaimReview out, checked against what Google's fact-check markup requires and schema.org's vocabulary.</summary>
public class ClaimReviewTests
{
    /// <summary>
    /// Google's fact-check markup: a ClaimReview must have claimReviewed, reviewRating (a Rating with alternateName)
    /// and url; author (an Organization or Person with a name), itemReviewed (a Claim) and datePublished are
    /// recommended, as are the Claim's author and date and the rating's ratingValue between worstRating and bestRating.
    /// </summary>
    internal static void AssertGoogleFactCheckFields(JsonNode claimReview)
    {
        Assert.Equal("ClaimReview", claimReview.Str("@type"));
        Assert.False(string.IsNullOrWhiteSpace(claimReview.Str("claimReviewed")));
        Assert.True(Uri.IsWellFormedUriString(claimReview.Str("url"), UriKind.Absolute), claimReview.Str("url"));
        var rating = claimReview["reviewRating"]!;
        Assert.Equal("Rating", rating.Str("@type"));
        Assert.False(string.IsNullOrWhiteSpace(rating.Str("alternateName")));
        if (rating["ratingValue"] is { } value)
        {
            var (worst, best) = (rating["worstRating"]!.GetValue<int>(), rating["bestRating"]!.GetValue<int>());
            Assert.InRange(value.GetValue<int>(), worst, best);
        }
        Assert.Contains(claimReview["author"].Str("@type"), new[] { "Organization", "Person" });
        Assert.False(string.IsNullOrWhiteSpace(claimReview["author"].Str("name")));
        var claim = claimReview["itemReviewed"]!;
        Assert.Equal("Claim", claim.Str("@type"));
        Assert.False(string.IsNullOrWhiteSpace(claim["author"].Str("name")));
        Assert.False(string.IsNullOrWhiteSpace(claim.Str("datePublished")));
        // Only schema.org's own terms (or JSON-LD keywords) at the top: nothing a validator would flag as unknown.
        string[] vocabulary = ["@context", "@type", "@id", "url", "claimReviewed", "author", "reviewRating", "itemReviewed", "creator", "datePublished", "reviewBody", "inLanguage", "isBasedOn", "identifier"];
        Assert.All(claimReview.AsObject().Select(p => p.Key), key => Assert.Contains(key, vocabulary));
    }

    [Fact]
    public async Task AFactCheckIsServedAsClaimReviewJsonLdWithTheFieldsGoogleRequires()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Barack Obama");
        var statement = await client.CreateStatementAsync("barack-obama", "2009-06-15", quote: "If you like your health care plan, you can keep it.");
        var review = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new
        {
            publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "Pants on Fire", reviewedAt = "2013-12-12",
            url = "https://www.politifact.com/article/2013/dec/12/lie-year-if-you-like-your-health-care-plan-keep-it/", author = "Angie Drobnic Holan",
        });

        var response = await client.GetAsync($"/v1/reviews/{review.Id()}/claimreview");
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://schema.org", json.Str("@context"));
        AssertGoogleFactCheckFields(json);
        Assert.Equal("If you like your health care plan, you can keep it.", json.Str("claimReviewed"));
        Assert.Equal(("Pants on Fire", 1, 1, 6), (json["reviewRating"].Str("alternateName"), json["reviewRating"]!["ratingValue"]!.GetValue<int>(),
            json["reviewRating"]!["worstRating"]!.GetValue<int>(), json["reviewRating"]!["bestRating"]!.GetValue<int>()));
        Assert.Equal("https://www.politifact.com/article/2013/dec/12/lie-year-if-you-like-your-health-care-plan-keep-it/", json.Str("url"));
        Assert.Equal(("PolitiFact", "Barack Obama", "2009-06-15"), (json["author"].Str("name"), json["itemReviewed"]!["author"].Str("name"), json["itemReviewed"].Str("datePublished")));
        // Exact words travel as a Quotation of the claim's first appearance; that is how the importer reads them back as exact.
        Assert.Equal("Quotation", json["itemReviewed"]!["firstAppearance"].Str("@type"));
        Assert.Equal("https://example.org/source", json["itemReviewed"]!["appearance"]![0].Str("url"));
    }

    [Fact]
    public async Task AParaphraseOnAnUnknownScaleStillMakesValidMarkupWithoutAQuotationOrAValue()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Joe Biden");
        var statement = await client.PostJsonAsync("/v1/statements", new
        {
            person = "joe-biden", quote = "Says he was arrested in South Africa.", saidAt = "2020-02-11", medium = "speech", wording = "paraphrase",
            sources = new[] { new { url = "https://github.com/chengxuphd/liar2", title = "LIAR2 dataset, test.csv, record 1" } },
        });
        var review = await client.PostJsonAsync($"/v1/statements/{statement.Id()}/reviews", new { publisher = new { name = "Snopes", url = "https://www.snopes.com" }, rating = "Outdated" });

        var json = await client.GetJsonAsync($"/v1/reviews/{review.Id()}/claimreview");

        AssertGoogleFactCheckFields(json);
        Assert.Null(json["itemReviewed"]!["firstAppearance"]);
        Assert.Null(json["reviewRating"]!["ratingValue"]);
        // No article of its own: the review's address in this API stands for it rather than an invented page.
        Assert.EndsWith($"/v1/reviews/{review.Id()}", json.Str("url"));
    }

    [Fact]
    public async Task EveryLiveFactCheckIsInTheDataFeedNarrowedByRatingAndReviewer()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald Trump");
        var statements = new List<JsonObject>();
        for (var i = 0; i < 3; i++) statements.Add(await client.CreateStatementAsync("donald-trump", $"2016-0{i + 1}-01", quote: $"Claim {i}."));
        string[] ratings = ["Pants on Fire", "False", "Four Pinocchios"];
        for (var i = 0; i < 3; i++)
            (await client.PostAsJsonAsync($"/v1/statements/{statements[i].Id()}/reviews", new
            {
                publisher = i < 2 ? new { name = "PolitiFact", url = "https://www.politifact.com" } : new { name = "The Washington Post", url = "https://www.washingtonpost.com" },
                rating = ratings[i],
            })).EnsureSuccessStatusCode();

        var feed = await client.GetJsonAsync("/v1/claimreviews");
        var falseOnly = await client.GetJsonAsync("/v1/claimreviews?rating=false");
        var post = await client.GetJsonAsync("/v1/claimreviews?reviewer=the+washington+post");

        Assert.Equal(("https://schema.org", "DataFeed"), (feed.Str("@context"), feed.Str("@type")));
        var items = feed["dataFeedElement"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.All(items, item => AssertGoogleFactCheckFields(item!));
        Assert.Equal(["False", "Four Pinocchios"], falseOnly["dataFeedElement"]!.AsArray().Select(i => i!["reviewRating"].Str("alternateName")));
        Assert.Equal(["Four Pinocchios"], post["dataFeedElement"]!.AsArray().Select(i => i!["reviewRating"].Str("alternateName")));
    }
}
