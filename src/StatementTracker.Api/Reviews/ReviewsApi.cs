using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder app)
    {
        var onStatement = app.MapGroup("/v1/statements/{id}/reviews").WithTags(ApiTags.Reviews);

        onStatement.MapPost("/", CreateReview)
            .WithName("CreateReview")
            .WithSummary("Add a fact-check to a statement")
            .WithDescription("Records a publisher's verdict on the statement: the rating as the publisher wrote it and, worked out from it unless given, its step on the shared scale (true, mostly_true, half_true, mostly_false, false, pants_on_fire; PolitiFact's six steps and the Washington Post's Pinocchios are known, another scale keeps its own words and a null normalisedRating). An externalId already used by a review is a 409; a retracted statement is a 409.")
            .Accepts<CreateReviewRequest>("application/json")
            .WithRequestExample(ReviewExamples.Create)
            .WithResponseExample(StatusCodes.Status201Created, ReviewExamples.LieOfTheYear)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        onStatement.MapGet("/", ListStatementReviews)
            .WithName("ListStatementReviews")
            .WithSummary("List a statement's fact-checks")
            .WithDescription("The statement's live fact-checks in the order they were recorded. Retracted ones are found by id and in the corrections log.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<Review>([ReviewExamples.LieOfTheYear], null))
            .ProducesProblem(StatusCodes.Status404NotFound);

        var reviews = app.MapGroup("/v1/reviews").WithTags(ApiTags.Reviews);

        reviews.MapGet("/", ListReviews)
            .WithName("ListReviews")
            .WithSummary("List fact-checks")
            .WithDescription("Every live fact-check, in the order recorded, optionally of one normalised rating and one publisher. To find the statements instead, filter GET /v1/statements with the same rating= and reviewer=.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<Review>([ReviewExamples.LieOfTheYear], null));

        reviews.MapGet("/{reviewId}", GetReview)
            .WithName("GetReview")
            .WithSummary("Get a fact-check")
            .WithDescription("The review with the raw ClaimReview it was imported from, if any. A retracted review is still here, marked with its retraction. The ETag is the review's revision.")
            .WithResponseExample(StatusCodes.Status200OK, ReviewExamples.LieOfTheYear)
            .ProducesProblem(StatusCodes.Status404NotFound);

        reviews.MapGet("/{reviewId}/claimreview", GetClaimReview)
            .WithName("GetClaimReview")
            .WithSummary("A fact-check as ClaimReview JSON-LD")
            .WithDescription("The review as schema.org ClaimReview, the markup fact-checkers publish and search engines read: claimReviewed, the publisher as author, reviewRating with the publisher's words as alternateName and the shared scale's value (1 pants on fire to 6 true), and itemReviewed as a Claim with its author, date and appearances (its sources). Read back by POST /v1/imports with format=claimreview.")
            .Produces<JsonObject>(StatusCodes.Status200OK, ClaimReviewJson.ContentType, "application/json")
            .WithResponseExample(StatusCodes.Status200OK, ReviewExamples.ClaimReview)
            .ProducesProblem(StatusCodes.Status404NotFound);

        reviews.MapPatch("/{reviewId}", UpdateReview)
            .WithName("UpdateReview")
            .WithSummary("Correct a fact-check")
            .WithDescription("A JSON merge patch: fields left out stay, fields set to null are cleared. A new rating is normalised again unless the patch sets normalisedRating too. The statement it reviews cannot change. Needs `If-Match` (428 without, 412 when stale); the earlier state stays in its revisions.")
            .Accepts<UpdateReviewRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { rating = "Pants on Fire", author = "Angie Drobnic Holan" })
            .WithResponseExample(StatusCodes.Status200OK, ReviewExamples.LieOfTheYear)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        reviews.MapDelete("/{reviewId}", RetractReview)
            .WithName("RetractReview")
            .WithSummary("Retract a fact-check")
            .WithDescription("Takes the review off its statement, out of rating= and reviewer= and the ClaimReview feed; it stays readable by id and in its revisions. `reason` is required, and `If-Match`.")
            .WithResponseExample(StatusCodes.Status200OK, ReviewExamples.LieOfTheYear)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        app.MapGet("/v1/claimreviews", GetClaimReviewFeed)
            .WithTags(ApiTags.Reviews)
            .WithName("GetClaimReviewFeed")
            .WithSummary("Every fact-check as a ClaimReview DataFeed")
            .WithDescription("All live fact-checks as one schema.org DataFeed of ClaimReview items (dataFeedElement), the form fact-check aggregators take in bulk. Streamed as it is read, so it starts at once whatever its size; `rating` and `reviewer` narrow it.")
            .Produces<JsonObject>(StatusCodes.Status200OK, ClaimReviewJson.ContentType, "application/json")
            .WithResponseExample(StatusCodes.Status200OK, ReviewExamples.Feed)
            .WithMetadata(new AlwaysStreamed());

        return app;
    }

    public static async Task<Results<Created<Review>, ValidationProblem, ProblemHttpResult>> CreateReview(
        string id, CreateReviewRequest request, HttpContext http, ReviewCommands commands, CancellationToken ct)
    {
        var outcome = await commands.CreateAsync(id, request, WriteContext.From(http), ct);
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        var review = outcome.Value!.ToReview();
        Etags.Set(http, review.Revision);
        return TypedResults.Created($"/v1/reviews/{review.Id}", review);
    }

    public static async Task<Results<Ok<Page<Review>>, ProblemHttpResult>> ListStatementReviews(
        string id, StatementStore statements, ReviewStore reviews, CancellationToken ct) =>
        await statements.FindAsync(id, ct) is null
            ? Problems.NotFound("statement", id)
            : TypedResults.Ok(new Page<Review>(await reviews.OfStatementAsync(id, ct), null));

    public static async Task<Results<Ok<Page<Review>>, ValidationProblem>> ListReviews(
        [AsParameters] ReviewsQuery query, ReviewStore reviews, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<ReviewsCursor>(query.Cursor, "reviews", errors);
        var reviewer = errors.OptionalText("reviewer", query.Reviewer, 200);
        Ratings.Check(query.Rating, errors);
        if (errors.Any) return Problems.Invalid(errors);
        var rows = await reviews.ListAsync(query.Rating, reviewer, after?.RowId, limit + 1, ct);
        return TypedResults.Ok(Cursor.ToPage(rows, limit, r => r.ToReview(), r => Cursor.Encode("reviews", new ReviewsCursor(r.RowId))));
    }

    public static async Task<Results<Ok<Review>, ProblemHttpResult>> GetReview(string reviewId, HttpContext http, ReviewStore reviews, CancellationToken ct)
    {
        if (await reviews.FindAsync(reviewId, ct) is not { } row) return Problems.NotFound("review", reviewId);
        Etags.Set(http, row.Revision);
        return TypedResults.Ok(row.ToReview());
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetClaimReview(
        string reviewId, HttpContext http, ReviewStore reviews, StatementStore statements, CancellationToken ct)
    {
        if (await reviews.FindAsync(reviewId, ct) is not { } row) return Problems.NotFound("review", reviewId);
        var statement = (await statements.GetAsync(row.StatementId, ct))!;
        var json = ClaimReviewJson.Of(row.ToReview(), statement, Origin(http)).ToJsonString(Output);
        return TypedResults.Content(json, ContentTypeFor(http));
    }

    public static async Task<Results<Ok<Review>, ValidationProblem, ProblemHttpResult>> UpdateReview(
        string reviewId, [AsParameters] ChangeQuery query, HttpContext http, ReviewCommands commands, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(http.Request, ct);
        return Answer(await commands.CorrectAsync(reviewId, patch, WriteContext.From(http, query.Reason), ct), http);
    }

    public static async Task<Results<Ok<Review>, ValidationProblem, ProblemHttpResult>> RetractReview(
        string reviewId, [AsParameters] RequiredReasonQuery query, HttpContext http, ReviewCommands commands, CancellationToken ct) =>
        Answer(await commands.RetractAsync(reviewId, WriteContext.From(http, query.Reason), ct), http);

    public static Results<ClaimReviewFeed, ValidationProblem> GetClaimReviewFeed([AsParameters] ClaimReviewFeedQuery query)
    {
        var errors = new ValidationErrors();
        var reviewer = errors.OptionalText("reviewer", query.Reviewer, 200);
        Ratings.Check(query.Rating, errors);
        if (errors.Any) return Problems.Invalid(errors);
        return new ClaimReviewFeed(query.Rating, reviewer);
    }

    // Writes the DataFeed as it reads it, a page of reviews and their statements at a time, so memory stays flat
    // and the first bytes leave at once.
    internal static async Task WriteFeedAsync(HttpContext http, string? rating, string? reviewer)
    {
        var ct = http.RequestAborted;
        var reviews = http.RequestServices.GetRequiredService<ReviewStore>();
        var statements = http.RequestServices.GetRequiredService<StatementStore>();
        var origin = Origin(http);
        http.Response.ContentType = $"{ContentTypeFor(http)}; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter.AsStream(), new JsonWriterOptions { Encoder = Output.Encoder });
        json.WriteStartObject();
        foreach (var (name, value) in ClaimReviewJson.FeedHeader(origin, DateTime.UtcNow))
        {
            json.WritePropertyName(name);
            value!.WriteTo(json);
        }
        json.WriteStartArray("dataFeedElement");
        long? after = null;
        while (true)
        {
            var page = await reviews.ListAsync(rating, reviewer, after, 200, ct);
            if (page.Count == 0) break;
            var byId = (await statements.ExpandAsync(await statements.FindManyAsync(page.Select(r => r.StatementId).Distinct().ToList(), ct), null, ct))
                .ToDictionary(s => s.Id);
            foreach (var row in page)
            {
                var item = ClaimReviewJson.Of(row.ToReview(), byId[row.StatementId], origin);
                item.Remove("@context");  // the feed's context covers its items
                item.WriteTo(json);
            }
            await json.FlushAsync(ct);
            after = page[^1].RowId;
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static readonly JsonSerializerOptions Output = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON-LD unless the client asked for plain JSON only.</summary>
    private static string ContentTypeFor(HttpContext http) =>
        Negotiation.Allows(http.Request.Headers.Accept, [ClaimReviewJson.ContentType]) != false ? ClaimReviewJson.ContentType : "application/json";

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static Results<Ok<Review>, ValidationProblem, ProblemHttpResult> Answer(Outcome<ReviewStore.ReviewRow> outcome, HttpContext http)
    {
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        Etags.Set(http, outcome.Value!.Revision);
        return TypedResults.Ok(outcome.Value!.ToReview());
    }
}

/// <summary>Every live fact-check (of a rating, by a reviewer) as one ClaimReview DataFeed, streamed.</summary>
public sealed class ClaimReviewFeed(string? rating, string? reviewer) : IResult
{
    public Task ExecuteAsync(HttpContext http) => ReviewsApi.WriteFeedAsync(http, rating, reviewer);
}

/// <summary>The review list's keyset: the last review's place in recording order.</summary>
public sealed record ReviewsCursor(long RowId);

/// <summary>Query parameters of the ClaimReview feed.</summary>
public sealed record ClaimReviewFeedQuery
{
    [System.ComponentModel.Description("Only reviews with this normalised rating."), RatingValues] public string? Rating { get; init; }
    [System.ComponentModel.Description("Only reviews by this publisher (its name, ignoring case and accents).")] public string? Reviewer { get; init; }
}
