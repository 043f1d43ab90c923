using System.Text.Json.Nodes;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

/// <summary>
/// Examples for the OpenAPI document: PolitiFact's rating of Barack Obama's "If you like your health care plan, you
/// can keep it", its 2013 Lie of the Year. The demo story has no fact-check, so these ids are illustrations.
/// </summary>
public static class ReviewExamples
{
    private static readonly DateTime Recorded = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
    private const string StatementId = "st_2c4e6g8j0l2n4p6r";
    private const string ArticleUrl = "https://www.politifact.com/article/2013/dec/12/lie-year-if-you-like-your-health-care-plan-keep-it/";
    private const string Verdict = "The promise was impossible to keep: millions of Americans received cancellation letters for their plans.";

    public static readonly CreateReviewRequest Create = new(
        new PublisherInput("PolitiFact", "https://www.politifact.com"), "Pants on Fire", Url: ArticleUrl, Author: "Angie Drobnic Holan",
        ReviewedAt: "2013-12-12", Summary: Verdict, ExternalId: "politifact:lie-of-the-year-2013");

    public static readonly Review LieOfTheYear = new(
        "rv_7k3m9p1r5t8w2y4a", StatementId, new Publisher("PolitiFact", "https://www.politifact.com"), "Pants on Fire", "pants_on_fire",
        ArticleUrl, "Angie Drobnic Holan", "2013-12-12", Verdict, "politifact:lie-of-the-year-2013", null, Recorded, Recorded, 1, "newsroom-editor", null);

    public static readonly JsonObject ClaimReview = new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "ClaimReview",
        ["@id"] = "https://statements.example.org/v1/reviews/rv_7k3m9p1r5t8w2y4a",
        ["identifier"] = "politifact:lie-of-the-year-2013",
        ["url"] = ArticleUrl,
        ["claimReviewed"] = "If you like your health care plan, you can keep it.",
        ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "PolitiFact", ["url"] = "https://www.politifact.com" },
        ["reviewRating"] = new JsonObject
        {
            ["@type"] = "Rating", ["alternateName"] = "Pants on Fire", ["ratingValue"] = 1, ["bestRating"] = 6, ["worstRating"] = 1, ["name"] = "Pants on Fire",
        },
        ["itemReviewed"] = new JsonObject
        {
            ["@type"] = "Claim",
            ["identifier"] = $"statementtracker:{StatementId}",
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = "Barack Obama", ["url"] = "https://statements.example.org/v1/people/barack-obama" },
            ["datePublished"] = "2009-06-15",
            ["appearance"] = new JsonArray(new JsonObject
            {
                ["@type"] = "CreativeWork", ["url"] = "https://obamawhitehouse.archives.gov/the-press-office/remarks-president-annual-conference-american-medical-association",
                ["headline"] = "Remarks by the President at the Annual Conference of the American Medical Association",
            }),
            ["firstAppearance"] = new JsonObject
            {
                ["@type"] = "Quotation", ["text"] = "If you like your health care plan, you can keep it.",
                ["url"] = "https://obamawhitehouse.archives.gov/the-press-office/remarks-president-annual-conference-american-medical-association",
            },
        },
        ["creator"] = new JsonObject { ["@type"] = "Person", ["name"] = "Angie Drobnic Holan" },
        ["datePublished"] = "2013-12-12",
        ["reviewBody"] = Verdict,
        ["isBasedOn"] = $"https://statements.example.org/v1/statements/{StatementId}",
    };

    public static readonly JsonObject Feed = new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "DataFeed",
        ["@id"] = "https://statements.example.org/v1/claimreviews",
        ["name"] = "StatementTracker fact-checks",
        ["dateModified"] = "2026-11-30T09:00:00Z",
        ["dataFeedElement"] = new JsonArray(WithoutContext(ClaimReview)),
    };

    private static JsonObject WithoutContext(JsonObject item)
    {
        var copy = item.DeepClone().AsObject();
        copy.Remove("@context");
        return copy;
    }
}
