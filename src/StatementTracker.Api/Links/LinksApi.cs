using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Links;

public static class LinksApi
{
    public static RouteGroupBuilder MapLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/statements/{id}/links").WithTags(ApiTags.Links);

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
            .WithDescription("The link as seen from the statement in the URL, which may be either end: `direction` is outgoing when this statement is the later one (it reverses, answers, ... the other), incoming when the other is; `statement` is the other end, with its person, date and excerpt. A retracted link is a 404 here and stays in its revisions. The ETag is the link's revision, for `If-Match` when retracting it.")
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.ReversesLink)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{linkId}", DeleteLink)
            .WithName("DeleteLink")
            .WithSummary("Retract a link")
            .WithDescription("Takes the link off both statements and out of the reversals; it stays in its revisions and the corrections log. The link may be named from either end. `reason` is required, and `If-Match` with the link's ETag.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return group;
    }

    public static async Task<Results<Created<Link>, ValidationProblem, ProblemHttpResult>> CreateLink(
        string id, CreateLinkRequest request, HttpContext http, LinkCommands commands, CancellationToken ct)
    {
        var outcome = await commands.LinkAsync(id, request, WriteContext.From(http), ct);
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        var link = outcome.Value!;
        Etags.Set(http, link.Revision);
        return TypedResults.Created($"/v1/statements/{id}/links/{link.Id}", link);
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

    public static async Task<Results<Ok<Link>, ProblemHttpResult>> GetLink(string id, string linkId, HttpContext http, LinkStore links, CancellationToken ct)
    {
        var link = await links.FindAsync(id, linkId, ct);
        if (link is null) return LinkCommands.NotFound(id, linkId);
        Etags.Set(http, link.Revision);
        return TypedResults.Ok(link);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteLink(
        string id, string linkId, [AsParameters] RequiredReasonQuery query, HttpContext http, LinkCommands commands, CancellationToken ct)
    {
        var outcome = await commands.UnlinkAsync(id, linkId, WriteContext.From(http, query.Reason), ct);
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        return TypedResults.NoContent();
    }
}
