using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Revisions;

public static class RevisionsApi
{
    public static RouteGroupBuilder MapRevisions(this IEndpointRouteBuilder app)
    {
        // Every kind of record keeps the same history, so its revisions hang off the record's own URL.
        var group = app.MapGroup("/v1").WithTags(ApiTags.Revisions);

        group.MapGet("/statements/{id}/revisions", GetStatementRevisions)
            .WithName("ListStatementRevisions")
            .WithResponseExample(StatusCodes.Status200OK, RevisionExamples.WalkBackHistory)
            .WithSummary("A statement's history")
            .WithDescription("Every change to the statement, oldest first: its creation, each correction, retraction and restoration, with when, by which key, why, the fields that changed (before and after) and the whole record after the change. Nothing is ever removed from it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/people/{slug}/revisions", GetPersonRevisions)
            .WithName("ListPersonRevisions")
            .WithResponseExample(StatusCodes.Status200OK, RevisionExamples.WalkBackHistory)
            .WithSummary("A person's history")
            .WithDescription("Every change to the person's record, oldest first, with its diff.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/topics/{slug}/revisions", GetTopicRevisions)
            .WithName("ListTopicRevisions")
            .WithResponseExample(StatusCodes.Status200OK, RevisionExamples.WalkBackHistory)
            .WithSummary("A topic's history")
            .WithDescription("Every change to the topic, oldest first, with its diff.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/statements/{id}/links/{linkId}/revisions", GetLinkRevisions)
            .WithName("ListLinkRevisions")
            .WithResponseExample(StatusCodes.Status200OK, RevisionExamples.WalkBackHistory)
            .WithSummary("A link's history")
            .WithDescription("The link's creation and, when it was taken back, its retraction with the reason. Retracted links are found here by id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/reviews/{reviewId}/revisions", GetReviewRevisions)
            .WithName("ListReviewRevisions")
            .WithResponseExample(StatusCodes.Status200OK, RevisionExamples.WalkBackHistory)
            .WithSummary("A fact-check's history")
            .WithDescription("Every change to the review, oldest first: its creation, each correction of its rating or text, and its retraction, with its diff.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/corrections", GetCorrections)
            .WithName("ListCorrections")
            .WithResponseExample(StatusCodes.Status200OK, RevisionExamples.Log)
            .WithSummary("The corrections log")
            .WithDescription("Every correction, retraction and restoration of published data, newest first: the public log fact-checkers keep. Each entry names the record, links to it, and says what changed, when, by which key and why.");

        return group;
    }

    public static async Task<Results<Ok<Page<RevisionEntry>>, ValidationProblem, ProblemHttpResult>> GetStatementRevisions(
        string id, [AsParameters] RevisionsQuery query, StatementStore statements, RevisionStore revisions, CancellationToken ct) =>
        await statements.FindAsync(id, ct) is null ? Problems.NotFound("statement", id) : await ListAsync("statement", id, query, revisions, ct);

    public static async Task<Results<Ok<Page<RevisionEntry>>, ValidationProblem, ProblemHttpResult>> GetPersonRevisions(
        string slug, [AsParameters] RevisionsQuery query, PeopleStore people, RevisionStore revisions, CancellationToken ct) =>
        await people.FindBySlugAsync(slug, ct) is { } person ? await ListAsync("person", person.Id, query, revisions, ct) : Problems.NotFound("person", slug);

    public static async Task<Results<Ok<Page<RevisionEntry>>, ValidationProblem, ProblemHttpResult>> GetTopicRevisions(
        string slug, [AsParameters] RevisionsQuery query, TopicStore topics, RevisionStore revisions, CancellationToken ct) =>
        await topics.FindBySlugAsync(slug, ct) is { } topic ? await ListAsync("topic", topic.Id, query, revisions, ct) : Problems.NotFound("topic", slug);

    public static async Task<Results<Ok<Page<RevisionEntry>>, ValidationProblem, ProblemHttpResult>> GetLinkRevisions(
        string id, string linkId, [AsParameters] RevisionsQuery query, LinkStore links, RevisionStore revisions, CancellationToken ct) =>
        await links.FindRecordAsync(id, linkId, ct) is null ? LinkCommands.NotFound(id, linkId) : await ListAsync("link", linkId, query, revisions, ct);

    public static async Task<Results<Ok<Page<RevisionEntry>>, ValidationProblem, ProblemHttpResult>> GetReviewRevisions(
        string reviewId, [AsParameters] RevisionsQuery query, Reviews.ReviewStore reviews, RevisionStore revisions, CancellationToken ct) =>
        await reviews.FindAsync(reviewId, ct) is null ? Problems.NotFound("review", reviewId) : await ListAsync("review", reviewId, query, revisions, ct);

    public static async Task<Results<Ok<Page<Correction>>, ValidationProblem>> GetCorrections(
        [AsParameters] CorrectionsQuery query, RevisionStore revisions, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var before = Cursor.Decode<CorrectionsCursor>(query.Cursor, "corrections", errors);
        if (query.EntityType is not null && !RevisionStore.EntityTypes.Contains(query.EntityType))
            errors.Add("entityType", $"entityType must be one of: {string.Join(", ", RevisionStore.EntityTypes)}.");
        if (errors.Any) return Problems.Invalid(errors);
        var (rows, next) = await revisions.CorrectionsAsync(query.EntityType, before?.Seq, limit, ct);
        var items = rows.Select(r =>
        {
            var snapshot = r.SnapshotNode;
            var previous = r.PreviousSnapshot is null ? null : JsonNode.Parse(r.PreviousSnapshot)!.AsObject();
            var (entityId, url) = Address(r.EntityType, r.EntityId, snapshot);
            return new Correction(r.EntityType, entityId, url, r.Revision, r.Action, Data.UtcText.Parse(r.RecordedAt), r.RecordedBy, r.Reason,
                RevisionDiff.Between(previous, snapshot));
        }).ToList();
        return TypedResults.Ok(new Page<Correction>(items, next));
    }

    /// <summary>How the API names a record: people and topics by slug, links under the statement they come from.</summary>
    private static (string Id, string Url) Address(string entityType, string entityId, JsonObject snapshot) => entityType switch
    {
        "person" => (snapshot["slug"]!.GetValue<string>(), $"/v1/people/{snapshot["slug"]!.GetValue<string>()}"),
        "topic" => (snapshot["slug"]!.GetValue<string>(), $"/v1/topics/{snapshot["slug"]!.GetValue<string>()}"),
        "link" => (entityId, $"/v1/statements/{snapshot["statement"]!.GetValue<string>()}/links/{entityId}"),
        "review" => (entityId, $"/v1/reviews/{entityId}"),
        _ => (entityId, $"/v1/statements/{entityId}"),
    };

    private static async Task<Results<Ok<Page<RevisionEntry>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string entityType, string entityId, RevisionsQuery query, RevisionStore revisions, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<RevisionsCursor>(query.Cursor, $"revisions:{entityType}:{entityId}", errors);
        if (errors.Any) return Problems.Invalid(errors);
        return TypedResults.Ok(await revisions.ListAsync(entityType, entityId, after?.Revision, limit, ct));
    }
}
