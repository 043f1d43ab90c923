using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Links;

public static class LinksApi
{
    public static RouteGroupBuilder MapLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/statements/{id}/links").WithTags("Links");

        group.MapPost("/", CreateLink)
            .WithName("CreateLink")
            .WithSummary("Link a statement to an earlier one")
            .WithDescription("The statement in the URL is the later one, the one that reverses, walks back, clarifies, reaffirms or repeats an earlier statement of the same person, or responds to, contradicts or supports anyone's. A self-link, a duplicate, a same-person relation across two people, or one pointing forward in time is a 422 that names the rule.")
            .Accepts<CreateLinkRequest>("application/json")
            .WithRequestExample(new CreateLinkRequest("st_9m2k4x7q1b3c5d6e", "reverses", "Thirteen hours after proposing the unit, he says it cannot happen."))
            .WithResponseExample(StatusCodes.Status201Created, StatementExamples.ReversesLink)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListLinks)
            .WithName("ListLinks")
            .WithSummary("List a statement's links")
            .WithDescription("Links in both directions, ordered by when the statement at the other end was said.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<Link>([StatementExamples.ReversesLink], null))
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{linkId}", GetLink)
            .WithName("GetLink")
            .WithSummary("Get one link of a statement")
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.ReversesLink)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{linkId}", DeleteLink)
            .WithName("DeleteLink")
            .WithSummary("Remove a link")
            .WithDescription("Removes the link from both statements. The link may be named from either end.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Results<Created<Link>, ValidationProblem, ProblemHttpResult>> CreateLink(
        string id, CreateLinkRequest request, DbSession db, StatementStore statements, LinkStore links, ReversalStore reversals, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var link = LinkRules.Validate(request, errors);
        if (link is null) return Problems.Invalid(errors);
        var (target, relation, note) = link.Value;

        string linkId;
        await using (var write = await db.BeginWriteAsync(ct))
        {
            var later = await statements.FindAsync(id, ct);
            if (later is null) return Problems.NotFound("statement", id);
            var earlier = await statements.FindAsync(target, ct);
            if (earlier is null)
            {
                errors.Add("target", $"no statement has the id '{target}'.");
                return Problems.Unprocessable(errors, "The target statement does not exist.");
            }
            if (await LinkRules.CheckNewAsync(relation, later.AsLinkEnd(), earlier.AsLinkEnd(), links, ct) is { } broken)
            {
                errors.Add(broken.Field, broken.Message);
                return Problems.Unprocessable(errors, broken.Message);
            }
            linkId = await links.InsertAsync(id, target, relation, note, ct);
            if (ReversalStore.LinkFlips.ContainsKey(relation)) await reversals.RebuildForPersonAsync(later.PersonId, ct);
            await write.CommitAsync(ct);
        }
        return TypedResults.Created($"/v1/statements/{id}/links/{linkId}", (await links.FindAsync(id, linkId, ct))!);
    }

    public static async Task<Results<Ok<Page<Link>>, ValidationProblem, ProblemHttpResult>> ListLinks(
        string id, [AsParameters] LinksQuery query, StatementStore statements, LinkStore links, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        // A cursor names the statement whose links it walks; another statement's list refuses it.
        var after = Cursor.Decode<LinksCursor>(query.Cursor, $"links:{id}", errors);
        if (errors.Any) return Problems.Invalid(errors);
        if (await statements.FindAsync(id, ct) is null) return Problems.NotFound("statement", id);
        return TypedResults.Ok(await links.ListAsync(id, after, limit, ct));
    }

    public static async Task<Results<Ok<Link>, ProblemHttpResult>> GetLink(string id, string linkId, LinkStore links, CancellationToken ct) =>
        await links.FindAsync(id, linkId, ct) is { } link ? TypedResults.Ok(link) : LinkNotFound(id, linkId);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteLink(
        string id, string linkId, DbSession db, LinkStore links, StatementStore statements, ReversalStore reversals, CancellationToken ct)
    {
        await using var write = await db.BeginWriteAsync(ct);
        var deleted = await links.DeleteAsync(id, linkId, ct);
        if (deleted is null) return LinkNotFound(id, linkId);
        if (ReversalStore.LinkFlips.ContainsKey(deleted.Value.Relation))
            await reversals.RebuildForPersonAsync((await statements.FindAsync(deleted.Value.StatementId, ct))!.PersonId, ct);
        await write.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult LinkNotFound(string id, string linkId) =>
        TypedResults.Problem(detail: $"Statement '{id}' has no link '{linkId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
