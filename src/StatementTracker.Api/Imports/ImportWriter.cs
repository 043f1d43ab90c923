using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Reviews;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Imports;

/// <summary>What one import record did.</summary>
public enum ImportOutcome { Created, Updated, Unchanged }

/// <summary>
/// Writes one import record through the same commands the API uses, so every line meets the API's rules and leaves
/// its revisions. Records are found again by their natural key (a person's or topic's slug, a statement's or review's
/// externalId, a link's two ends and relation): a record that exists is corrected with the line's fields as a merge
/// patch, which counts as updated only when something changed, so a file imported twice changes nothing.
/// </summary>
/// <remarks>
/// A person is also found by name or alias ("Donald Trump" is Donald J. Trump's alias), so a dataset that names people
/// its own way files their words under the person who is already here. With createPeople, a statement naming nobody
/// known creates the person. A record an editor has retracted stays retracted: importing it again leaves it alone.
/// </remarks>
public sealed class ImportWriter(
    PersonCommands personCommands, TopicCommands topicCommands, StatementCommands statementCommands, LinkCommands linkCommands,
    ReviewCommands reviewCommands, PeopleStore people, TopicStore topics, StatementStore statements, LinkStore links, ReviewStore reviews,
    IOptions<JsonOptions> json)
{
    public static readonly string[] Types = ["person", "topic", "statement", "link", "review"];

    /// <summary>
    /// What a record does to one that exists already: update it with the line's fields (the default), or keep it as
    /// it is. Dataset mappings and ClaimReview claims say keep: a dataset's blurb about a senator, or a fact-check's
    /// view of a tweet's sources, is no reason to rewrite what an editor curated.
    /// </summary>
    public static readonly string[] OnExisting = ["update", "keep"];

    private readonly Dictionary<string, string> _personSlugs = new(StringComparer.Ordinal);

    public async Task<(string Type, ImportOutcome? Outcome, IReadOnlyList<ImportError> Errors)> ApplyAsync(
        long line, JsonObject record, bool createPeople, WriteContext write, CancellationToken ct)
    {
        var type = "statement";
        if (record["type"] is { } typeNode)
        {
            if (typeNode is not JsonValue value || !value.TryGetValue<string>(out var named) || !Types.Contains(named))
                return ("unknown", null, [new(line, "type", $"type must be one of: {string.Join(", ", Types)} (statement when left out).")]);
            type = named;
            record.Remove("type");
        }
        var keepExisting = false;
        if (record["onExisting"] is { } onExisting)
        {
            if (onExisting is not JsonValue value || !value.TryGetValue<string>(out var chosen) || !OnExisting.Contains(chosen))
                return (type, null, [new(line, "onExisting", "onExisting must be update (the default: a record that exists takes the line's fields) or keep (it stays as it is).")]);
            keepExisting = chosen == "keep";
            record.Remove("onExisting");
        }
        try
        {
            var (outcome, errors) = type switch
            {
                "person" => await PersonAsync(line, record, keepExisting, write, ct),
                "topic" => await TopicAsync(line, record, keepExisting, write, ct),
                "link" => await LinkAsync(line, record, write, ct),
                "review" => await ReviewAsync(line, record, keepExisting, write, ct),
                _ => await StatementAsync(line, record, createPeople, keepExisting, write, ct),
            };
            return (type, outcome, errors);
        }
        catch (JsonException e)
        {
            // The line's fields do not fit the API's shape: named the way the API names them in a 400.
            var requestType = type switch
            {
                "person" => typeof(CreatePersonRequest), "topic" => typeof(CreateTopicRequest), "link" => typeof(CreateLinkRequest),
                "review" => typeof(CreateReviewRequest), _ => typeof(CreateStatementRequest),
            };
            var described = ProblemExceptionHandler.DescribeJson(e, requestType);
            return (type, null, ErrorsOf(line, described.Errors, described.Detail));
        }
    }

    private async Task<(ImportOutcome?, IReadOnlyList<ImportError>)> PersonAsync(long line, JsonObject record, bool keepExisting, WriteContext write, CancellationToken ct)
    {
        var request = Read<CreatePersonRequest>(record);
        var slug = request.Slug ?? (request.Name is null ? null : Slug.From(request.Name));
        if (slug is not null && await people.FindBySlugAsync(slug, ct) is { } existing)
        {
            if (keepExisting) return (ImportOutcome.Unchanged, []);
            record.Remove("slug");
            var corrected = await personCommands.UpdateAsync(slug, record, write with { IfMatch = Etags.Of(existing.Revision) }, ct);
            return corrected.Failed ? (null, ErrorsOf(line, corrected)) : (corrected.Value!.Revision > existing.Revision ? ImportOutcome.Updated : ImportOutcome.Unchanged, []);
        }
        if (request.Name is not null && await SingleByNameAsync(request.Name, ct) is not null) return (ImportOutcome.Unchanged, []);
        var created = await personCommands.CreateAsync(request, write, ct);
        return created.Failed ? (null, ErrorsOf(line, created)) : (ImportOutcome.Created, []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<ImportError>)> TopicAsync(long line, JsonObject record, bool keepExisting, WriteContext write, CancellationToken ct)
    {
        var request = Read<CreateTopicRequest>(record);
        var slug = request.Slug ?? (request.Name is null ? null : Slug.From(request.Name));
        if (slug is not null && await topics.FindBySlugAsync(slug, ct) is { } existing)
        {
            if (keepExisting) return (ImportOutcome.Unchanged, []);
            record.Remove("slug");
            var corrected = await topicCommands.UpdateAsync(slug, record, write with { IfMatch = Etags.Of(existing.Revision) }, ct);
            return corrected.Failed ? (null, ErrorsOf(line, corrected)) : (corrected.Value!.Revision > existing.Revision ? ImportOutcome.Updated : ImportOutcome.Unchanged, []);
        }
        var created = await topicCommands.CreateAsync(request, write, ct);
        return created.Failed ? (null, ErrorsOf(line, created)) : (ImportOutcome.Created, []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<ImportError>)> StatementAsync(long line, JsonObject record, bool createPeople, bool keepExisting,
        WriteContext write, CancellationToken ct)
    {
        if (Text(record["externalId"]) is not { } externalId)
            return (null, [new(line, "externalId", "externalId is required in an import (namespace:value): it is how running the same file again finds the statement instead of recording it twice.")]);
        if (Text(record["person"]) is { } named)
        {
            var slug = await ResolvePersonAsync(named, createPeople, write, ct);
            if (slug is null)
                return (null, [new(line, "person", $"no person has the slug, name or alias '{named}'; add them first (a person line, or POST /v1/people), or import with createPeople.")]);
            record["person"] = slug;
        }

        var (existingId, own) = await FindAsync(externalId, statements.FindIdByExternalIdAsync, async id => (await statements.FindAsync(id, ct))?.Id, ct);
        if (existingId is not null)
        {
            // Only the revision and the retraction are needed here: the command reads the statement itself.
            var (revision, retracted) = (await statements.RevisionAsync(existingId, ct))!.Value;
            if (retracted || keepExisting) return (ImportOutcome.Unchanged, []);
            if (own) record.Remove("externalId");  // this service's own id: the record has no externalId to change
            var corrected = await statementCommands.CorrectAsync(existingId, record, write with { IfMatch = Etags.Of(revision) }, ct);
            if (corrected.Failed) return (null, ErrorsOf(line, corrected));
            return ((await statements.RevisionAsync(existingId, ct))!.Value.Revision > revision ? ImportOutcome.Updated : ImportOutcome.Unchanged, []);
        }
        var request = Read<CreateStatementRequest>(record);
        var recorded = await statementCommands.RecordAsync(request, write, ct);
        return recorded.Failed ? (null, ErrorsOf(line, recorded)) : (ImportOutcome.Created, []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<ImportError>)> LinkAsync(long line, JsonObject record, WriteContext write, CancellationToken ct)
    {
        var from = Text(record["statement"]);
        record.Remove("statement");
        if (from is null) return (null, [new(line, "statement", "statement is required: the id or externalId of the later statement, the one that reverses, answers, ... the other.")]);
        var request = Read<CreateLinkRequest>(record);
        var laterId = await StatementIdAsync(from, ct);
        if (laterId is null) return (null, [new(line, "statement", $"no statement has the id or externalId '{from}'.")]);
        var targetId = request.Target is null ? null : await StatementIdAsync(request.Target, ct);
        if (request.Target is not null && targetId is null) return (null, [new(line, "target", $"no statement has the id or externalId '{request.Target}'.")]);
        if (targetId is not null && request.Relation is not null && await links.FindBetweenAsync(laterId, targetId, [request.Relation], ct) is not null)
            return (ImportOutcome.Unchanged, []);
        var linked = await linkCommands.LinkAsync(laterId, request with { Target = targetId }, write, ct);
        return linked.Failed ? (null, ErrorsOf(line, linked)) : (ImportOutcome.Created, []);
    }

    private async Task<(ImportOutcome?, IReadOnlyList<ImportError>)> ReviewAsync(long line, JsonObject record, bool keepExisting, WriteContext write, CancellationToken ct)
    {
        var of = Text(record["statement"]);
        record.Remove("statement");
        if (Text(record["externalId"]) is not { } externalId)
            return (null, [new(line, "externalId", "externalId is required in an import (namespace:value): it is how running the same file again finds the review instead of recording it twice.")]);
        var (existingId, own) = await FindAsync(externalId, reviews.FindIdByExternalIdAsync, async id => (await reviews.FindAsync(id, ct))?.Id, ct);
        if (existingId is not null)
        {
            var row = (await reviews.FindAsync(existingId, ct))!;
            if (row.RetractedAt is not null || keepExisting) return (ImportOutcome.Unchanged, []);
            if (own) record.Remove("externalId");
            var corrected = await reviewCommands.CorrectAsync(existingId, record, write with { IfMatch = Etags.Of(row.Revision) }, ct);
            return corrected.Failed ? (null, ErrorsOf(line, corrected)) : (corrected.Value!.Revision > row.Revision ? ImportOutcome.Updated : ImportOutcome.Unchanged, []);
        }
        if (of is null) return (null, [new(line, "statement", "statement is required: the id or externalId of the statement the review rates.")]);
        var statementId = await StatementIdAsync(of, ct);
        if (statementId is null) return (null, [new(line, "statement", $"no statement has the id or externalId '{of}'; the statement's line must come before its review.")]);
        var request = Read<CreateReviewRequest>(record);
        var created = await reviewCommands.CreateAsync(statementId, request, write, ct);
        return created.Failed ? (null, ErrorsOf(line, created)) : (ImportOutcome.Created, []);
    }

    /// <summary>
    /// A person named by slug, by name or alias (a slug's words count as a name: "donald-trump" finds the alias
    /// "Donald Trump"), or, with createPeople, made from the name. Null when none of these works.
    /// </summary>
    private async Task<string?> ResolvePersonAsync(string named, bool createPeople, WriteContext write, CancellationToken ct)
    {
        if (_personSlugs.TryGetValue(named, out var known)) return known;
        string? slug = null;
        if (Slug.IsValid(named) && await people.FindBySlugAsync(named, ct) is not null) slug = named;
        slug ??= await SingleByNameAsync(named, ct);
        if (slug is null && Slug.IsValid(named)) slug = await SingleByNameAsync(named.Replace('-', ' '), ct);
        if (slug is not null)
        {
            _personSlugs[named] = slug;
            return slug;
        }
        // A person created here is not remembered: if the rest of the record fails, its savepoint takes the person back too.
        if (createPeople && !Slug.IsValid(named))
        {
            var created = await personCommands.CreateAsync(new CreatePersonRequest(named), write, ct);
            if (!created.Failed) slug = created.Value!.Slug;
        }
        return slug;
    }

    private async Task<string?> SingleByNameAsync(string name, CancellationToken ct) =>
        await people.SlugsByNameAsync(name, ct) is [var only] ? only : null;

    /// <summary>A statement named by its id or its externalId, as links and reviews refer to statements.</summary>
    private async Task<string?> StatementIdAsync(string reference, CancellationToken ct) =>
        (await FindAsync(reference, statements.FindIdByExternalIdAsync, async id => (await statements.FindAsync(id, ct))?.Id, ct)).Id;

    /// <summary>
    /// A record by reference: this service's own id ("st_…", or "statementtracker:st_…" as its ClaimReview writes it),
    /// else an externalId. Own says the reference was this service's id.
    /// </summary>
    private static async Task<(string? Id, bool Own)> FindAsync(string reference, Func<string, CancellationToken, Task<string?>> byExternalId,
        Func<string, Task<string?>> byId, CancellationToken ct)
    {
        var own = reference.StartsWith($"{ClaimReviewJson.OwnIds}:", StringComparison.Ordinal) ? reference[(ClaimReviewJson.OwnIds.Length + 1)..]
            : reference.Contains(':') ? null : reference;
        if (own is not null && await byId(own) is { } id) return (id, true);
        return (reference.Contains(':') ? await byExternalId(reference, ct) : null, false);
    }

    private T Read<T>(JsonObject record) => record.Deserialize<T>(json.Value.SerializerOptions)
        ?? throw new JsonException("The record is not a JSON object.");

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static IReadOnlyList<ImportError> ErrorsOf<T>(long line, Outcome<T> outcome)
    {
        if (outcome.Invalid is { } invalid) return ErrorsOf(line, invalid.ProblemDetails.Errors, invalid.ProblemDetails.Detail);
        var problem = outcome.Problem!.ProblemDetails;
        var errors = problem.Extensions.TryGetValue("errors", out var value) ? value as IDictionary<string, string[]> : null;
        return ErrorsOf(line, errors, problem.Detail ?? problem.Title);
    }

    private static IReadOnlyList<ImportError> ErrorsOf(long line, IDictionary<string, string[]>? errors, string? detail) =>
        errors is { Count: > 0 }
            ? errors.SelectMany(e => e.Value.Select(message => new ImportError(line, e.Key == "body" ? "" : e.Key, message))).ToList()
            : [new ImportError(line, "", detail ?? "the record was refused.")];
}
