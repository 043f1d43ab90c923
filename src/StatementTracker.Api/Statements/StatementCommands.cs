using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Statements;

/// <summary>Everything the statement commands work with, bundled so the class reads as its commands.</summary>
public sealed record StatementWriters(
    DbSession Db, PeopleStore People, TopicStore Topics, PositionStore Positions, StatementStore Statements, StatementPartsStore Parts, LinkStore Links,
    ReversalWriter Reversals, RevisionStore Revisions, IOptions<JsonOptions> Json);

/// <summary>
/// The one way statements are written: record, correct, retract and restore, used by the API, the demo loader and
/// importers. Each validates, writes, records its revision and brings the derived reversals and current stances up to
/// date, in one transaction; reversals are refreshed only for the statements a change can affect, and current stances
/// only for the (person, topic) pairs it touches, so a write costs the same whatever the person's history.
/// </summary>
public sealed class StatementCommands(StatementWriters w)
{
    public const int MaxReasonLength = 1000;

    public async Task<Outcome<string>> RecordAsync(CreateStatementRequest request, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = StatementRules.Validate(request, errors, write.Now);
        if (input is null) return Problems.Invalid(errors);

        await using var scope = await w.Db.BeginWriteAsync(ct);
        var person = await w.People.FindBySlugAsync(input.Person, ct);
        if (person is null) return UnknownPerson(input.Person);
        if (input.ExternalId is not null && await w.Statements.FindIdByExternalIdAsync(input.ExternalId, ct) is { } existing)
            return ExternalIdTaken(input.ExternalId, existing);
        var stances = await PositionRules.ResolveAsync(input.Positions, w.Topics, errors, ct);
        var about = await ResolveTopicsAsync(input.Topics, errors, ct);
        if (stances is null || about is null) return Problems.Unprocessable(errors, "A position or topic names an unknown topic or stance, or a topic twice.");

        var id = Ids.New("st");
        await w.Statements.InsertAsync(id, person.Id, input, write, ct);
        await w.Positions.AddAsync(id, stances, ct);  // a new id has no stances or topics to replace
        await KeepCurrentStancesAsync(stances.Select(s => (person.Id, s.TopicId)), write, ct);
        await w.Statements.AddTopicsAsync(id, about, ct);
        // A new statement's parts are its input's: no need to read them back (an import writes many of these).
        await w.Parts.WriteAsync(id, StatementParts.Of(input), ct);
        await AppendRevisionAsync(id, "create", person, input, write, ct);
        // A new statement has no links yet: only its stances, and the next stance after each, can change.
        if (stances.Count > 0 && !Deferred(write, person.Id)) await w.Reversals.RefreshAsync(await w.Reversals.AffectedByAsync(id, ct), write.NowMs, ct, recorded: id);
        await scope.CommitAsync(ct);
        return id;
    }

    /// <summary>A JSON merge patch of the statement, validated like a new one; a change that breaks a link is a 422.</summary>
    public async Task<Outcome<string>> CorrectAsync(string id, JsonObject patch, WriteContext write, CancellationToken ct)
    {
        await using var scope = await w.Db.BeginWriteAsync(ct);
        var row = await w.Statements.FindAsync(id, ct);
        if (row is null) return Problems.NotFound("statement", id);
        if (Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;
        if (row.RetractedAt is not null) return Retracted(id, "corrected");
        var current = await w.Statements.EditableAsync(row, ct);
        var merged = MergePatch.Merge(current.ToRequest(), patch, w.Json.Value.SerializerOptions);

        var errors = new ValidationErrors();
        var input = StatementRules.Validate(merged, errors, write.Now);
        if (input is null) return Problems.Invalid(errors);
        var person = await w.People.FindBySlugAsync(input.Person, ct);
        if (person is null) return UnknownPerson(input.Person);
        if (input.ExternalId is not null && await w.Statements.FindIdByExternalIdAsync(input.ExternalId, ct) is { } existing && existing != id)
            return ExternalIdTaken(input.ExternalId, existing);
        if (LinkRules.FirstBroken(new LinkRules.End(id, person.Id, person.Name, input.SaidAt), await w.Links.LinksOfAsync(id, ct)) is { } broken)
        {
            var linkErrors = new ValidationErrors();
            linkErrors.Add(patch.ContainsKey("person") ? "person" : "saidAt", $"this change would break link {broken.LinkId}: {broken.Message}");
            return Problems.Unprocessable(linkErrors, $"The change would break link {broken.LinkId}; retract or change the link first.");
        }
        var stances = await PositionRules.ResolveAsync(input.Positions, w.Topics, errors, ct);
        var about = await ResolveTopicsAsync(input.Topics, errors, ct);
        if (stances is null || about is null) return Problems.Unprocessable(errors, "A position or topic names an unknown topic or stance, or a topic twice.");
        // A patch that changes nothing records no revision; found before writing, it writes nothing to take back
        // (a file imported again is all such patches).
        if (!RevisionDiff.Differs(current, StatementSnapshot.Of(person.Slug, input))) return id;

        // A new date, person or stance can make or unmake reversals, at the old place and at the new one; a corrected
        // quote or source cannot, and spares the refresh.
        var stancesChanged = !current.Positions.Select(p => (p.Topic!, p.Stance!)).Order().SequenceEqual(input.Positions.Order());
        var movesStances = stancesChanged || row.SaidAt != input.SaidAt.Text || row.PersonId != person.Id;
        var moved = movesStances && !Deferred(write, row.PersonId, person.Id);
        var affected = moved ? await w.Reversals.AffectedByAsync(id, ct) : [];
        // The same changes move current stances: those of the pairs the statement stood on before, and after.
        var pairs = movesStances ? await w.Positions.PairsOfAsync(id, ct) : null;

        await w.Statements.UpdateAsync(id, person.Id, input, write, ct);
        await w.Positions.ReplaceAsync(id, stances, ct);
        if (pairs is not null) await KeepCurrentStancesAsync(pairs.Concat(stances.Select(s => (person.Id, s.TopicId))), write, ct);
        await w.Statements.ReplaceTopicsAsync(id, about, ct);
        await w.Parts.WriteAsync([id], ct);
        await AppendRevisionAsync(id, "correct", person, input, write, ct);
        if (moved)
        {
            affected.UnionWith(await w.Reversals.AffectedByAsync(id, ct));
            await w.Reversals.RefreshAsync(affected, write.NowMs, ct);
        }
        await scope.CommitAsync(ct);
        return id;
    }

    /// <summary>Takes a statement off the record with a reason: it leaves timelines, positions and reversals, and stays readable.</summary>
    public async Task<Outcome<string>> RetractAsync(string id, string? duplicateOf, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var reason = errors.RequiredText("reason", write.Reason, MaxReasonLength, multiline: true);
        duplicateOf = errors.OptionalText("duplicateOf", duplicateOf, 100);
        if (errors.Any) return Problems.Invalid(errors);

        await using var scope = await w.Db.BeginWriteAsync(ct);
        var row = await w.Statements.FindAsync(id, ct);
        if (row is null) return Problems.NotFound("statement", id);
        if (Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;
        if (row.RetractedAt is not null) return Retracted(id, "retracted again");
        if (duplicateOf is not null)
        {
            var original = await w.Statements.FindAsync(duplicateOf, ct);
            var problem = original is null ? $"no statement has the id '{duplicateOf}'."
                : original.Id == id ? "a statement cannot be a duplicate of itself."
                : original.RetractedAt is not null ? $"{duplicateOf} is retracted itself; name the statement that stays."
                : null;
            if (problem is not null)
            {
                errors.Add("duplicateOf", problem);
                return Problems.Unprocessable(errors, problem);
            }
        }

        var affected = await w.Reversals.AffectedByAsync(id, ct);
        var current = (await w.Statements.ExpandAsync([row], null, ct))[0];
        var pairs = await w.Positions.PairsOfAsync(id, ct);
        await w.Statements.SetRetractionAsync(id, reason, duplicateOf, write with { Reason = reason }, ct);
        await w.Positions.ReplaceAsync(id, [], ct);
        await w.Parts.WriteAsync([id], ct);
        await KeepCurrentStancesAsync(pairs, write, ct);
        await w.Revisions.AppendAsync("statement", id, "retract", StatementSnapshot.Of(current, new RetractionNote(reason!, duplicateOf)),
            write with { Reason = reason }, Keys(row.PersonId, current.SaidAt, current.Medium, retracted: true), ct);
        await w.Reversals.RefreshAsync(affected, write.NowMs, ct);
        await scope.CommitAsync(ct);
        return id;
    }

    /// <summary>Undoes a retraction (an admin's call): the statement and its stances return as they were.</summary>
    public async Task<Outcome<string>> RestoreAsync(string id, WriteContext write, CancellationToken ct)
    {
        await using var scope = await w.Db.BeginWriteAsync(ct);
        var row = await w.Statements.FindAsync(id, ct);
        if (row is null) return Problems.NotFound("statement", id);
        if (write.IfMatch is not null && Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;
        if (row.RetractedAt is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: $"Statement {id} is not retracted; there is nothing to restore.");

        var snapshot = (await w.Revisions.CurrentSnapshotsAsync("statement", [id], ct))[id];
        var positions = StatementSnapshot.From(snapshot).Positions;
        var errors = new ValidationErrors();
        var stances = await PositionRules.ResolveAsync(positions.Select(p => (p.Topic!, p.Stance!)).ToList(), w.Topics, errors, ct)
            ?? throw new InvalidOperationException($"The stances of retracted statement {id} no longer resolve.");
        await w.Statements.SetRetractionAsync(id, null, null, write, ct);
        await w.Positions.ReplaceAsync(id, stances, ct);
        await w.Parts.WriteAsync([id], ct);
        await KeepCurrentStancesAsync(stances.Select(s => (row.PersonId, s.TopicId)), write, ct);
        // Restoring is rare and its stances come from the old snapshot: read the statement back whole for its revision.
        var restored = (await w.Statements.GetAsync(id, ct))!;
        await w.Revisions.AppendAsync("statement", id, "restore", StatementSnapshot.Of(restored, null), write,
            Keys(row.PersonId, restored.SaidAt, restored.Medium, retracted: false), ct);
        await w.Reversals.RefreshAsync(await w.Reversals.AffectedByAsync(id, ct), write.NowMs, ct);
        await scope.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// Brings the current stance of each (person, topic) pair a write touched up to date, a few index seeks each; in a
    /// bulk import, notes the pairs for the importer to refresh once at the end instead.
    /// </summary>
    private async Task KeepCurrentStancesAsync(IEnumerable<(string PersonId, string TopicId)> pairs, WriteContext write, CancellationToken ct)
    {
        if (write.Deferred is { } deferred) deferred.Stances.UnionWith(pairs);
        else await w.Positions.RefreshCurrentAsync(pairs, ct);
    }

    /// <summary>Whether the write is part of a bulk import that derives reversals once at the end; if so, notes whose.</summary>
    private static bool Deferred(WriteContext write, params string[] personIds)
    {
        if (write.Deferred is not { } deferred) return false;
        deferred.People.UnionWith(personIds);
        return true;
    }

    /// <summary>Records the statement's state after a change as a revision.</summary>
    /// <remarks>
    /// The snapshot is made from what the change has just written, the validated input and the person it named,
    /// not read back: reading it back cost nine queries (links, repeat chains, reversal marks, reviews, ... that a
    /// snapshot does not keep) and gives the same snapshot, which Revisions/SnapshotTests checks byte for byte.
    /// </remarks>
    private async Task AppendRevisionAsync(string id, string action, PeopleStore.PersonRow person, StatementInput input, WriteContext write, CancellationToken ct) =>
        await w.Revisions.AppendAsync("statement", id, action, StatementSnapshot.Of(person.Slug, input), write,
            Keys(person.Id, input.SaidAt.Text, input.Medium, retracted: false), ct);

    /// <summary>The ids of the topics a statement is about; null (with an error per unknown slug) when any is unknown.</summary>
    private async Task<List<string>?> ResolveTopicsAsync(IReadOnlyList<string> slugs, ValidationErrors errors, CancellationToken ct)
    {
        var known = await w.Topics.FindBySlugsAsync(slugs, ct);
        for (var i = 0; i < slugs.Count; i++)
            if (!known.ContainsKey(slugs[i])) errors.Add($"topics[{i}]", $"no topic has the slug '{slugs[i]}'; add it first with POST /v1/topics.");
        return errors.Any ? null : slugs.Select(slug => known[slug].Id).ToList();
    }

    private static RevisionStore.StatementKeys Keys(string personId, string storedSaidAt, string medium, bool retracted)
    {
        var saidAt = PartialDate.ParseStored(storedSaidAt);
        return new(personId, UtcText.ToUnixMs(saidAt.Start), (long)saidAt.Precision, medium, retracted);
    }

    private static ProblemHttpResult Retracted(string id, string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The statement is retracted.",
            detail: $"Statement {id} is retracted and cannot be {what}; an admin can restore it with POST /v1/statements/{id}/restore.");

    private static ProblemHttpResult UnknownPerson(string slug)
    {
        var errors = new ValidationErrors();
        errors.Add("person", $"no person has the slug '{slug}'; add the person first with POST /v1/people.");
        return Problems.Unprocessable(errors, $"The person '{slug}' does not exist.");
    }

    private static ProblemHttpResult ExternalIdTaken(string externalId, string existingId) =>
        Problems.Conflict("externalId", $"A statement with the externalId '{externalId}' exists already: {existingId}.", $"/v1/statements/{existingId}");
}
