using System.Text.Json.Nodes;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

/// <summary>
/// Fact-checks as schema.org ClaimReview JSON-LD, the markup fact-checkers publish and search engines read. Each
/// carries what Google's fact-check markup requires (claimReviewed, reviewRating with alternateName, url) and what
/// it recommends (author, itemReviewed as a Claim with its author, date and appearances, datePublished, and the
/// rating's value on the shared scale with bestRating and worstRating).
/// </summary>
/// <remarks>
/// The claim's wording travels too: a statement in the speaker's exact words gives the Claim a firstAppearance that
/// is a Quotation of that text at its first source, which the importer reads back as exact wording; a paraphrase
/// has none. A review without an article of its own (imported from a dataset) has the review's URL in this API as
/// its url, so the markup stays valid without inventing a page. The ClaimReview and its Claim carry an identifier (the
/// record's externalId, or this service's id), so reading the markup back finds the same records instead of copies.
/// </remarks>
public static class ClaimReviewJson
{
    public const string ContentType = "application/ld+json";

    /// <summary>
    /// The identifier namespace of this service's own ids: a record without an externalId is identified as
    /// "statementtracker:st_…", which the importer reads back as that record rather than a new one.
    /// </summary>
    public const string OwnIds = "statementtracker";

    /// <summary>One fact-check as a ClaimReview; <paramref name="origin"/> is this service's scheme, host and base path.</summary>
    public static JsonObject Of(Review review, Statement statement, string origin)
    {
        var claim = new JsonObject
        {
            ["@type"] = "Claim",
            ["identifier"] = statement.ExternalId ?? $"{OwnIds}:{statement.Id}",
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = statement.Person.Name, ["url"] = $"{origin}/v1/people/{statement.Person.Slug}" },
            ["datePublished"] = statement.SaidAt,
            ["appearance"] = new JsonArray(statement.Sources.Select(Appearance).ToArray<JsonNode?>()),
        };
        if (statement.Wording == "exact" && statement.Sources.Count > 0)
            claim["firstAppearance"] = new JsonObject { ["@type"] = "Quotation", ["text"] = statement.Quote, ["url"] = statement.Sources[0].Url };

        var rating = new JsonObject { ["@type"] = "Rating", ["alternateName"] = review.Rating };
        if (review.NormalisedRating is { } normalised)
        {
            rating["ratingValue"] = Ratings.ValueOf(normalised);
            rating["bestRating"] = Ratings.Best;
            rating["worstRating"] = Ratings.Worst;
            rating["name"] = Ratings.NameOf(normalised);
        }

        var claimReview = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["@id"] = $"{origin}/v1/reviews/{review.Id}",
            ["identifier"] = review.ExternalId ?? $"{OwnIds}:{review.Id}",
            ["url"] = review.Url ?? $"{origin}/v1/reviews/{review.Id}",
            ["claimReviewed"] = statement.Quote,
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = review.Publisher.Name, ["url"] = review.Publisher.Url },
            ["reviewRating"] = rating,
            ["itemReviewed"] = claim,
        };
        if (review.Author is { } author) claimReview["creator"] = new JsonObject { ["@type"] = "Person", ["name"] = author };
        if (review.ReviewedAt is { } reviewedAt) claimReview["datePublished"] = reviewedAt;
        if (review.Summary is { } summary) claimReview["reviewBody"] = summary;
        if (statement.Language != "en") claimReview["inLanguage"] = statement.Language;
        claimReview["isBasedOn"] = $"{origin}/v1/statements/{statement.Id}";
        return claimReview;
    }

    /// <summary>The opening of a DataFeed of ClaimReviews; its items follow in dataFeedElement.</summary>
    public static JsonObject FeedHeader(string origin, DateTime now) => new()
    {
        ["@context"] = "https://schema.org",
        ["@type"] = "DataFeed",
        ["@id"] = $"{origin}/v1/claimreviews",
        ["name"] = "StatementTracker fact-checks",
        ["dateModified"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static JsonNode Appearance(Source source)
    {
        var work = new JsonObject { ["@type"] = "CreativeWork", ["url"] = source.Url };
        if (source.Title is { } title) work["headline"] = title;
        if (source.Publisher is { } publisher) work["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = publisher };
        if (source.PublishedAt is { } published) work["datePublished"] = published;
        return work;
    }
}
