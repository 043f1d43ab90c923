using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

/// <summary>
/// The one way fact-checks are written, by the API and the importer alike: review, correct and retract, each
/// validated, written and recorded as a revision in one transaction. A review changes no reversal, so nothing
/// derived needs refreshing.
/// </summary>
public sealed class ReviewCommands(DbSession db, ReviewStore reviews, StatementStore statements, RevisionStore revisions, IOptions<JsonOptions> json)
{
    public async Task<Outcome<ReviewStore.ReviewRow>> CreateAsync(string statementId, CreateReviewRequest request, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = ReviewRules.Validate(request, errors, write.Now);
        if (input is null) return Problems.Invalid(errors);

        await using var scope = await db.BeginWriteAsync(ct);
        var statement = await statements.FindAsync(statementId, ct);
        if (statement is null) return Problems.NotFound("statement", statementId);
        if (statement.RetractedAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The statement is retracted.",
                detail: $"Statement {statementId} is retracted; a fact-check cannot be added to it.");
        if (input.ExternalId is not null && await reviews.FindIdByExternalIdAsync(input.ExternalId, ct) is { } existing)
            return ExternalIdTaken(input.ExternalId, existing);

        var id = Ids.New("rv");
        await reviews.InsertAsync(id, statementId, input, write, ct);
        var row = await AppendRevisionAsync(id, "create", null, write, ct);
        await scope.CommitAsync(ct);
        return row!;
    }

    /// <summary>A JSON merge patch of the review, validated like a new one; the statement it reviews cannot change.</summary>
    public async Task<Outcome<ReviewStore.ReviewRow>> CorrectAsync(string id, JsonObject patch, WriteContext write, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await reviews.FindAsync(id, ct);
        if (row is null) return Problems.NotFound("review", id);
        if (Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;
        if (row.RetractedAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The review is retracted.", detail: $"Review {id} is retracted and cannot be corrected.");

        var errors = new ValidationErrors();
        if (patch.ContainsKey("statement"))
        {
            errors.Add("statement", "a review stays with the statement it reviews; retract it and review the other statement instead.");
            return Problems.Invalid(errors);
        }
        // A corrected rating is normalised again unless the patch sets the normalised rating itself.
        if (patch.ContainsKey("rating") && !patch.ContainsKey("normalisedRating")) patch["normalisedRating"] = null;
        var merged = MergePatch.Merge(row.ToReview().ToRequest(), patch, json.Value.SerializerOptions);
        var input = ReviewRules.Validate(merged, errors, write.Now);
        if (input is null) return Problems.Invalid(errors);
        if (input.ExternalId is not null && await reviews.FindIdByExternalIdAsync(input.ExternalId, ct) is { } existing && existing != id)
            return ExternalIdTaken(input.ExternalId, existing);

        await reviews.UpdateAsync(id, input, write, ct);
        var updated = await AppendRevisionAsync(id, "correct", row.ToReview().ToRequest(), write, ct);
        if (updated is null) return row;  // nothing changed: no revision, and the transaction rolls back
        await scope.CommitAsync(ct);
        return updated;
    }

    /// <summary>Takes a review off its statement with a reason; it stays readable by id and in its revisions.</summary>
    public async Task<Outcome<ReviewStore.ReviewRow>> RetractAsync(string id, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var reason = errors.RequiredText("reason", write.Reason, StatementCommands.MaxReasonLength, multiline: true);
        if (errors.Any) return Problems.Invalid(errors);

        await using var scope = await db.BeginWriteAsync(ct);
        var row = await reviews.FindAsync(id, ct);
        if (row is null) return Problems.NotFound("review", id);
        if (Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;
        if (row.RetractedAt is not null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The review is retracted.", detail: $"Review {id} is retracted already.");
        await reviews.RetractAsync(id, write with { Reason = reason }, ct);
        var retracted = await AppendRevisionAsync(id, "retract", null, write with { Reason = reason }, ct);
        await scope.CommitAsync(ct);
        return retracted!;
    }

    /// <summary>Records the review's state after a change; with <paramref name="before"/>, a change that changed nothing records nothing and answers null.</summary>
    private async Task<ReviewStore.ReviewRow?> AppendRevisionAsync(string id, string action, CreateReviewRequest? before, WriteContext write, CancellationToken ct)
    {
        var row = (await reviews.FindAsync(id, ct))!;
        var snapshot = ReviewSnapshot.Of(row);
        if (before is not null && !RevisionDiff.Differs(ReviewSnapshot.Of(row.StatementId, before, null), snapshot)) return null;
        await revisions.AppendAsync("review", id, action, snapshot, write, null, ct);
        return await reviews.FindAsync(id, ct);
    }

    private static ProblemHttpResult ExternalIdTaken(string externalId, string existingId) =>
        Problems.Conflict("externalId", $"A review with the externalId '{externalId}' exists already: {existingId}.", $"/v1/reviews/{existingId}");
}

/// <summary>What a revision keeps of a review: the statement it reviews, its editable fields, and its retraction.</summary>
public sealed record ReviewSnapshot(
    string Statement, PublisherInput Publisher, string Rating, string? NormalisedRating, string? Url, string? Author, string? ReviewedAt,
    string? Summary, string? ExternalId, JsonObject? Raw, RetractionNote? Retracted)
{
    public static ReviewSnapshot Of(ReviewStore.ReviewRow row) =>
        Of(row.StatementId, row.ToReview().ToRequest(), row.RetractedAt is null ? null : new RetractionNote(row.RetractionReason ?? "", null));

    public static ReviewSnapshot Of(string statementId, CreateReviewRequest r, RetractionNote? retracted) =>
        new(statementId, r.Publisher!, r.Rating!, r.NormalisedRating, r.Url, r.Author, r.ReviewedAt, r.Summary, r.ExternalId, r.Raw, retracted);
}
