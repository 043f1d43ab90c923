using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

/// <summary>Who published a fact-check.</summary>
/// <param name="Name">The publisher's name, e.g. "PolitiFact"; reviewer= matches it, ignoring case and accents.</param>
/// <param name="Url">The publisher's home page, an absolute http(s) URL.</param>
public sealed record PublisherInput([property: Required, MaxLength(200)] string? Name, [property: Required, MaxLength(2048)] string? Url);

/// <summary>A fact-check of a statement.</summary>
/// <param name="Publisher">Who published the verdict.</param>
/// <param name="Rating">The verdict as the publisher wrote it: "Pants on Fire", "Mostly False", "Four Pinocchios".</param>
/// <param name="NormalisedRating">The verdict on the shared scale; worked out from the rating when left out (null for a scale the service does not know).</param>
/// <param name="Url">The fact-check article.</param>
/// <param name="Author">Who wrote it, when known.</param>
/// <param name="ReviewedAt">When it was published: a date ("2017-07-10") or a date-time with offset.</param>
/// <param name="Summary">The publisher's reasoning, in brief.</param>
/// <param name="ExternalId">An id in another system, "namespace:value", e.g. "liar2:12345". Unique among reviews.</param>
/// <param name="Raw">The ClaimReview JSON-LD the review was imported from, every field kept; at most 64 KB.</param>
public sealed record CreateReviewRequest(
    [property: Required] PublisherInput? Publisher,
    [property: Required, MaxLength(ReviewRules.MaxRatingLength)] string? Rating,
    [property: RatingValues] string? NormalisedRating = null,
    [property: MaxLength(2048)] string? Url = null,
    [property: MaxLength(200)] string? Author = null,
    string? ReviewedAt = null,
    [property: MaxLength(ReviewRules.MaxSummaryLength)] string? Summary = null,
    [property: MaxLength(250)] string? ExternalId = null,
    JsonObject? Raw = null);

/// <summary>A JSON merge patch of a review: fields left out stay, fields set to null are cleared.</summary>
public sealed record UpdateReviewRequest(
    PublisherInput? Publisher, string? Rating, string? NormalisedRating, string? Url, string? Author, string? ReviewedAt,
    string? Summary, string? ExternalId, JsonObject? Raw);

/// <summary>The publisher of a fact-check.</summary>
public sealed record Publisher(string Name, string Url);

/// <summary>A fact-check of a statement: a publisher's verdict, as written and on the shared scale.</summary>
/// <param name="Statement">The id of the statement reviewed.</param>
/// <param name="NormalisedRating">true, mostly_true, half_true, mostly_false, false or pants_on_fire; null when the publisher's scale is not known.</param>
/// <param name="Raw">The ClaimReview JSON-LD the review was imported from, when it was; unknown fields are kept here.</param>
/// <param name="Revision">How many times the review was written; its ETag is this number in quotes.</param>
/// <param name="Retracted">Set when the review was retracted: it left the statement and the filters, and stays readable here.</param>
public sealed record Review(
    string Id, string Statement, Publisher Publisher, string Rating, [property: RatingValues] string? NormalisedRating, string? Url,
    string? Author, string? ReviewedAt, string? Summary, string? ExternalId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Raw,
    DateTime CreatedAt, DateTime UpdatedAt, long Revision, string? RecordedBy, Retraction? Retracted)
{
    /// <summary>The review as the request that would create it: what a merge patch edits and a revision keeps.</summary>
    public CreateReviewRequest ToRequest() =>
        new(new PublisherInput(Publisher.Name, Publisher.Url), Rating, NormalisedRating, Url, Author, ReviewedAt, Summary, ExternalId, Raw?.DeepClone().AsObject());
}

/// <summary>A fact-check as a statement carries it: enough to show the verdict and follow it.</summary>
public sealed record ReviewRef(string Id, Publisher Publisher, string Rating, [property: RatingValues] string? NormalisedRating, string? ReviewedAt, string? Url);

/// <summary>Query parameters of the review list.</summary>
public sealed record ReviewsQuery
{
    [Description("Only reviews with this normalised rating."), RatingValues] public string? Rating { get; init; }
    [Description("Only reviews by this publisher (its name, ignoring case and accents).")] public string? Reviewer { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}
