using System.Text.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

/// <summary>A review that passed validation, ready to store.</summary>
public sealed record ReviewInput(
    string PublisherName, string PublisherUrl, string Rating, string? NormalisedRating, string? Url, string? Author,
    string? ReviewedAt, string? Summary, string? ExternalId, string? Raw);

/// <summary>The rules a fact-check's fields keep, whether created, patched or imported.</summary>
public static class ReviewRules
{
    public const int MaxRatingLength = 100;
    public const int MaxSummaryLength = 10_000;
    public const int MaxRawBytes = 64 * 1024;

    public static ReviewInput? Validate(CreateReviewRequest request, ValidationErrors errors, DateTime utcNow)
    {
        string? publisherName = null, publisherUrl = null;
        if (request.Publisher is not { } publisher) errors.Add("publisher", "publisher is required: an object with the publisher's name and url.");
        else
        {
            publisherName = errors.RequiredText("publisher.name", publisher.Name, 200);
            publisherUrl = StatementRules.HttpUrl("publisher.url", publisher.Url, errors, required: true);
        }
        var rating = errors.RequiredText("rating", request.Rating, MaxRatingLength);
        var normalised = request.NormalisedRating;
        if (normalised is not null && !Ratings.Scale.Contains(normalised, StringComparer.Ordinal))
            errors.Add("normalisedRating", $"normalisedRating must be one of: {string.Join(", ", Ratings.Scale)}; leave it out to have it worked out from the rating.");
        else if (normalised is null && rating is not null) normalised = Ratings.Normalise(rating);
        var url = StatementRules.HttpUrl("url", request.Url, errors, required: false);
        var author = errors.OptionalText("author", request.Author, 200);
        string? reviewedAt = null;
        if (request.ReviewedAt is not null) reviewedAt = StatementRules.SaidAt(request.ReviewedAt, errors, utcNow, "reviewedAt")?.Text;
        var summary = errors.OptionalText("summary", request.Summary, MaxSummaryLength, multiline: true);
        var externalId = StatementRules.ExternalId(request.ExternalId, errors);
        string? raw = null;
        if (request.Raw is not null)
        {
            raw = request.Raw.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            if (System.Text.Encoding.UTF8.GetByteCount(raw) > MaxRawBytes) errors.Add("raw", $"raw must be at most {MaxRawBytes / 1024} KB of JSON.");
        }
        return errors.Any ? null : new ReviewInput(publisherName!, publisherUrl!, rating!, normalised, url, author, reviewedAt, summary, externalId, raw);
    }
}
