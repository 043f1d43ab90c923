using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Revisions;

namespace StatementTracker.Api.Topics;

/// <summary>The one way topics are written: validate, write, record the revision, in one transaction.</summary>
public sealed class TopicCommands(DbSession db, TopicStore topics, RevisionStore revisions, IOptions<JsonOptions> json)
{
    public async Task<Outcome<TopicStore.TopicRow>> CreateAsync(CreateTopicRequest request, WriteContext write, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = TopicRules.Validate(request, errors);
        if (input is null) return Problems.Invalid(errors);

        await using var scope = await db.BeginWriteAsync(ct);
        string? parentId = null;
        if (input.Parent is not null)
        {
            var parent = await topics.FindBySlugAsync(input.Parent, ct);
            if (parent is null) return UnknownParent(input.Parent);
            parentId = parent.Id;
        }
        var id = Ids.New("top");
        if (!await topics.InsertAsync(id, input, parentId, write, ct))
            return Problems.Conflict("slug", $"The slug '{input.Slug}' is taken by another topic; choose another slug.", $"/v1/topics/{input.Slug}");
        await revisions.AppendAsync("topic", id, "create", (await topics.FindBySlugAsync(input.Slug, ct))!.ToRequest(), write, null, ct);
        return await CommitAndReadAsync(scope, input.Slug, ct);
    }

    public async Task<Outcome<TopicStore.TopicRow>> UpdateAsync(string slug, JsonObject patch, WriteContext write, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var row = await topics.FindBySlugAsync(slug, ct);
        if (row is null) return Problems.NotFound("topic", slug);
        if (Etags.Check(write.IfMatch, row.Revision) is { } precondition) return precondition;

        var errors = new ValidationErrors();
        MergePatch.KeepSlug(patch, row.Slug, errors);
        var merged = MergePatch.Merge(row.ToRequest(), patch, json.Value.SerializerOptions);
        var input = TopicRules.Validate(merged, errors);
        if (input is null) return Problems.Invalid(errors);

        string? parentId = null;
        if (input.Parent is not null)
        {
            var parent = await topics.FindBySlugAsync(input.Parent, ct);
            if (parent is null) return UnknownParent(input.Parent);
            if ((await topics.SubtreeIdsAsync(row.Id, ct)).Contains(parent.Id))
            {
                errors.Add("parent", parent.Id == row.Id
                    ? "a topic cannot be its own parent."
                    : $"'{input.Parent}' sits below '{slug}' in the hierarchy; making it the parent would make a cycle.");
                return Problems.Unprocessable(errors, "The new parent would make a cycle in the topic hierarchy.");
            }
            parentId = parent.Id;
        }
        await topics.UpdateAsync(row.Id, input, parentId, write, ct);
        var updated = (await topics.FindBySlugAsync(slug, ct))!;
        if (!RevisionDiff.Differs(row.ToRequest(), updated.ToRequest())) return row;  // nothing changed: no revision
        await revisions.AppendAsync("topic", row.Id, "correct", updated.ToRequest(), write, null, ct);
        return await CommitAndReadAsync(scope, slug, ct);
    }


    private static ProblemHttpResult UnknownParent(string slug)
    {
        var errors = new ValidationErrors();
        errors.Add("parent", $"no topic has the slug '{slug}'; add the parent topic first.");
        return Problems.Unprocessable(errors, $"The parent topic '{slug}' does not exist.");
    }

    /// <summary>
    /// The answer is read inside the write, before it commits. Read after, it could show a later editor's revision,
    /// and its ETag would let this editor overwrite, unseen, a change made in between.
    /// </summary>
    private async Task<TopicStore.TopicRow> CommitAndReadAsync(DbSession.WriteScope scope, string slug, CancellationToken ct)
    {
        var row = (await topics.FindBySlugAsync(slug, ct))!;
        await scope.CommitAsync(ct);
        return row;
    }
}
