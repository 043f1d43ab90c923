using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Revisions;

namespace StatementTracker.Api.People;

/// <summary>
/// The one way people are written, by the API, the demo loader and importers alike: validate, write, record the
/// revision, in one transaction.
/// </summary>
public sealed class PersonCommands(DbSession db, PeopleStore people, RevisionStore revisions, IOptions<JsonOptions> json)
{
    public async Task<Outcome<PeopleStore.PersonRow>> CreateAsync(CreatePersonRequest request, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = PersonRules.Validate(request, errors);
        if (input is null) return Problems.Invalid(errors);

        await using var scope = await db.BeginWriteAsync(ct);
        var id = Ids.New("per");
        var clash = await people.InsertAsync(id, input, write, ct);
        if (clash != PeopleStore.Clash.None) return ClashProblem(clash, input);
        var row = (await people.FindBySlugAsync(input.Slug, ct))!;
        await revisions.AppendAsync("person", id, "create", row.ToRequest(), write, null, ct);
        return await CommitAndReadAsync(scope, input.Slug, ct);
    }

    /// <summary>A merge patch, read, merged and written in one transaction, so a concurrent change is never overwritten.</summary>
    public async Task<Outcome<PeopleStore.PersonRow>> UpdateAsync(string slug, JsonObject patch, WriteContext write, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await people.FindBySlugAsync(slug, ct);
        if (row is null) return Problems.NotFound("person", slug);
        if (Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;

        var errors = new ValidationErrors();
        MergePatch.KeepSlug(patch, row.Slug, errors);
        var merged = MergePatch.Merge(row.ToRequest(), patch, json.Value.SerializerOptions);
        var input = PersonRules.Validate(merged, errors);
        if (input is null) return Problems.Invalid(errors);

        var clash = await people.UpdateAsync(row.Id, input, write, ct);
        if (clash != PeopleStore.Clash.None) return ClashProblem(clash, input);
        var updated = (await people.FindBySlugAsync(slug, ct))!;
        if (!RevisionDiff.Differs(row.ToRequest(), updated.ToRequest())) return row;  // nothing changed: no revision
        await revisions.AppendAsync("person", row.Id, "correct", updated.ToRequest(), write, null, ct);
        return await CommitAndReadAsync(scope, slug, ct);
    }


    private static ProblemHttpResult ClashProblem(PeopleStore.Clash clash, PersonInput input) => clash == PeopleStore.Clash.Slug
        ? Problems.Conflict("slug", $"The slug '{input.Slug}' is taken by another person; choose another slug.", $"/v1/people/{input.Slug}")
        : Problems.Conflict("wikidataId", $"Another person already has the Wikidata id '{input.WikidataId}'.");

    /// <summary>
    /// The answer is read inside the write, before it commits. Read after, it could show a later editor's revision,
    /// and its ETag would let this editor overwrite, unseen, a change made in between.
    /// </summary>
    private async Task<PeopleStore.PersonRow> CommitAndReadAsync(DbSession.WriteScope scope, string slug, CancellationToken ct)
    {
        var row = (await people.FindBySlugAsync(slug, ct))!;
        await scope.CommitAsync(ct);
        return row;
    }
}
