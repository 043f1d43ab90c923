using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Links;

/// <summary>
/// The one way links are written: link and unlink (a retraction: the link stays in its revisions), each checking
/// the link rules, recording the revision and refreshing the later statement's reversals in one transaction.
/// </summary>
public sealed class LinkCommands(DbSession db, StatementStore statements, LinkStore links, ReversalWriter reversals, RevisionStore revisions)
{
    public async Task<Outcome<Link>> LinkAsync(string id, CreateLinkRequest request, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var valid = LinkRules.Validate(request, errors);
        if (valid is null) return Problems.Invalid(errors);
        var (target, relation, note) = valid.Value;

        await using var scope = await db.BeginWriteAsync(ct);
        var later = await statements.FindAsync(id, ct);
        if (later is null || later.RetractedAt is not null) return Problems.NotFound("statement", id);
        var earlier = await statements.FindAsync(target, ct);
        if (earlier is null || earlier.RetractedAt is not null)
        {
            errors.Add("target", earlier is null ? $"no statement has the id '{target}'." : $"statement '{target}' is retracted.");
            return Problems.Unprocessable(errors, earlier is null ? "The target statement does not exist." : "The target statement is retracted.");
        }
        if (await LinkRules.CheckNewAsync(relation, later.AsLinkEnd(), earlier.AsLinkEnd(), links, ct) is { } broken)
        {
            errors.Add(broken.Field, broken.Message);
            return Problems.Unprocessable(errors, broken.Message);
        }
        var linkId = await links.InsertAsync(id, target, relation, note, write, ct);
        await revisions.AppendAsync("link", linkId, "create", (await links.FindRecordAsync(id, linkId, ct))!.ToSnapshot(), write, null, ct);
        if (ReversalRules.LinkFlips.ContainsKey(relation))
        {
            // A bulk import derives the person's reversals once at the end instead.
            if (write.Deferred is { } deferred) deferred.People.Add(later.PersonId);
            else await reversals.RefreshAsync([id], write.NowMs, ct);
        }
        // Read inside the transaction: once it commits, another writer may retract the link before anyone reads it.
        var link = (await links.FindAsync(id, linkId, ct))!;
        await scope.CommitAsync(ct);
        return link;
    }

    /// <summary>Retracts a link, named from either end, with a reason.</summary>
    public async Task<Outcome<string>> UnlinkAsync(string id, string linkId, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var reason = errors.RequiredText("reason", write.Reason, StatementCommands.MaxReasonLength, multiline: true);
        if (errors.Any) return Problems.Invalid(errors);

        await using var scope = await db.BeginWriteAsync(ct);
        var link = await links.FindRecordAsync(id, linkId, ct);
        if (link is null || link.RetractedAt is not null) return NotFound(id, linkId);
        if (Etags.Check(write.IfMatch, link.Revision) is { } precondition) return precondition;
        await links.RetractAsync(linkId, write with { Reason = reason }, ct);
        await revisions.AppendAsync("link", linkId, "retract", (await links.FindRecordAsync(id, linkId, ct))!.ToSnapshot(), write with { Reason = reason }, null, ct);
        if (ReversalRules.LinkFlips.ContainsKey(link.Relation)) await reversals.RefreshAsync([link.StatementId], write.NowMs, ct);
        await scope.CommitAsync(ct);
        return linkId;
    }

    public static ProblemHttpResult NotFound(string id, string linkId) =>
        TypedResults.Problem(detail: $"Statement '{id}' has no link '{linkId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
