using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Statements;

public static class StatementsApi
{
    public static RouteGroupBuilder MapStatements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/statements").WithTags("Statements");

        group.MapPost("/", CreateStatement)
            .WithName("CreateStatement")
            .WithSummary("Record a statement")
            .WithDescription("Records who said what, when (as precisely as known, with the speaker's UTC offset) and where, with at least one source. An externalId already recorded is a 409 that points at the existing statement; an unknown person is a 422.")
            .Accepts<CreateStatementRequest>("application/json")
            .WithRequestExample(StatementExamples.CreateWalkBack)
            .WithResponseExample(StatusCodes.Status201Created, StatementExamples.WalkBack)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id}", GetStatement)
            .WithName("GetStatement")
            .WithSummary("Get a statement")
            .WithDescription("The statement with its sources and its links in both directions, each naming the other statement's person, date and an excerpt.")
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.WalkBack)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateStatement)
            .WithName("UpdateStatement")
            .WithSummary("Correct a statement")
            .WithDescription("A JSON merge patch (RFC 7396): fields left out stay as they are, fields set to null are cleared, `sources` replaces the list. The result is validated like a new statement, and a change of person or date that would break one of its links is a 422.")
            .Accepts<UpdateStatementRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { venue = "Twitter (@realDonaldTrump)" })
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.WalkBack)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return group;
    }

    public static async Task<Results<Created<Statement>, ValidationProblem, ProblemHttpResult>> CreateStatement(
        CreateStatementRequest request, DbSession db, PeopleStore people, TopicStore topics, PositionStore positions,
        StatementStore statements, ReversalStore reversals, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = StatementRules.Validate(request, errors, DateTime.UtcNow);
        if (input is null) return Problems.Invalid(errors);

        var id = Ids.New("st");
        await using (var write = await db.BeginWriteAsync(ct))
        {
            var person = await people.FindBySlugAsync(input.Person, ct);
            if (person is null) return UnknownPerson(input.Person);
            if (input.ExternalId is not null && await statements.FindIdByExternalIdAsync(input.ExternalId, ct) is { } existing)
                return ExternalIdTaken(input.ExternalId, existing);
            var stances = await PositionRules.ResolveAsync(input.Positions, topics, errors, ct);
            if (stances is null) return Problems.Unprocessable(errors, "A position names an unknown topic or stance, or a topic twice.");
            await statements.InsertAsync(id, person.Id, input, ct);
            await positions.ReplaceAsync(id, stances, ct);
            // A new statement has no links yet, so only stances can make it part of a reversal.
            if (stances.Count > 0) await reversals.RebuildForPersonAsync(person.Id, ct);
            await write.CommitAsync(ct);
        }
        return TypedResults.Created($"/v1/statements/{id}", (await statements.GetAsync(id, ct))!);
    }

    public static async Task<Results<Ok<Statement>, ProblemHttpResult>> GetStatement(string id, StatementStore statements, CancellationToken ct) =>
        await statements.GetAsync(id, ct) is { } statement ? TypedResults.Ok(statement) : Problems.NotFound("statement", id);

    public static async Task<Results<Ok<Statement>, ValidationProblem, ProblemHttpResult>> UpdateStatement(
        string id, HttpRequest httpRequest, IOptions<JsonOptions> json, DbSession db, PeopleStore people, TopicStore topics,
        PositionStore positions, StatementStore statements, LinkStore links, ReversalStore reversals, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(httpRequest, ct);
        await using (var write = await db.BeginWriteAsync(ct))
        {
            var row = await statements.FindAsync(id, ct);
            if (row is null) return Problems.NotFound("statement", id);
            var current = (await statements.ExpandAsync([row], ct))[0];
            var merged = MergePatch.Merge(current.ToRequest(), patch, json.Value.SerializerOptions);

            var errors = new ValidationErrors();
            var input = StatementRules.Validate(merged, errors, DateTime.UtcNow);
            if (input is null) return Problems.Invalid(errors);

            var person = await people.FindBySlugAsync(input.Person, ct);
            if (person is null) return UnknownPerson(input.Person);
            if (input.ExternalId is not null && await statements.FindIdByExternalIdAsync(input.ExternalId, ct) is { } existing && existing != id)
                return ExternalIdTaken(input.ExternalId, existing);

            var changed = new LinkRules.End(id, person.Id, person.Name, input.SaidAt);
            if (LinkRules.FirstBroken(changed, await links.LinksOfAsync(id, ct)) is { } broken)
            {
                var linkErrors = new ValidationErrors();
                linkErrors.Add(patch.ContainsKey("person") ? "person" : "saidAt", $"this change would break link {broken.LinkId}: {broken.Message}");
                return Problems.Unprocessable(linkErrors, $"The change would break link {broken.LinkId}; delete or change the link first.");
            }

            var stances = await PositionRules.ResolveAsync(input.Positions, topics, errors, ct);
            if (stances is null) return Problems.Unprocessable(errors, "A position names an unknown topic or stance, or a topic twice.");

            await statements.UpdateAsync(id, person.Id, input, ct);
            await positions.ReplaceAsync(id, stances, ct);
            // A new date, person or stance can make or unmake reversals for whoever said it, before and after;
            // a corrected quote or source cannot, and spares the rebuild.
            var stancesChanged = !current.Positions.Select(p => (p.Topic, p.Stance)).Order().SequenceEqual(input.Positions.Order());
            if (stancesChanged || row.SaidAt != input.SaidAt.Text || row.PersonId != person.Id)
            {
                await reversals.RebuildForPersonAsync(person.Id, ct);
                if (row.PersonId != person.Id) await reversals.RebuildForPersonAsync(row.PersonId, ct);
            }
            await write.CommitAsync(ct);
        }
        return TypedResults.Ok((await statements.GetAsync(id, ct))!);
    }

    private static ProblemHttpResult UnknownPerson(string slug)
    {
        var errors = new ValidationErrors();
        errors.Add("person", $"no person has the slug '{slug}'; add the person first with POST /v1/people.");
        return Problems.Unprocessable(errors, $"The person '{slug}' does not exist.");
    }

    private static ProblemHttpResult ExternalIdTaken(string externalId, string existingId) =>
        Problems.Conflict("externalId", $"A statement with the externalId '{externalId}' exists already: {existingId}.", $"/v1/statements/{existingId}");
}
