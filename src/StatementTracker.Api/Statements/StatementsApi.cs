using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;

namespace StatementTracker.Api.Statements;

public static class StatementsApi
{
    public static RouteGroupBuilder MapStatements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/statements").WithTags(ApiTags.Statements);

        group.MapPost("/", CreateStatement)
            .WithName("CreateStatement")
            .WithSummary("Record a statement")
            .WithDescription("Records who said what, when (as precisely as known, with the speaker's UTC offset) and where, with at least one source. An externalId already recorded is a 409 that points at the existing statement; an unknown person is a 422. The answer's ETag is the statement's first revision.")
            .Accepts<CreateStatementRequest>("application/json")
            .WithRequestExample(StatementExamples.CreateMeddling)
            .WithResponseExample(StatusCodes.Status201Created, StatementExamples.Meddling)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id}", GetStatement)
            .WithName("GetStatement")
            .WithSummary("Get a statement")
            .WithDescription("The statement with its sources and its links in both directions, each naming the other statement's person, date and an excerpt. A retracted statement is still here, marked with its retraction. `asRecordedAt` answers as the database held it at that instant: the wording it had then. The ETag is the statement's revision.")
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.WalkBack)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateStatement)
            .WithName("UpdateStatement")
            .WithSummary("Correct a statement")
            .WithDescription("A JSON merge patch (RFC 7396): fields left out stay as they are, fields set to null are cleared, `sources` replaces the list. The result is validated like a new statement, and a change of person or date that would break one of its links is a 422. Needs `If-Match` with the ETag you read (428 without it, 412 when someone changed the statement since); the earlier wording stays in the statement's revisions, and `reason` is recorded with the change.")
            .Accepts<UpdateStatementRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { venue = "Twitter (@realDonaldTrump)" })
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.WalkBack)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        group.MapDelete("/{id}", RetractStatement)
            .WithName("RetractStatement")
            .WithSummary("Retract a statement")
            .WithDescription("Nothing is deleted: the statement leaves lists, timelines, positions and reversals, stays readable by id (marked retracted, with the reason) and in `includeRetracted=true`, and the retraction appears in the corrections log. `reason` is required; `duplicateOf` names the statement this one duplicates. Needs `If-Match`. An admin can undo it with POST /v1/statements/{id}/restore.")
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.WalkBack)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        group.MapPost("/{id}/restore", RestoreStatement)
            .WithName("RestoreStatement")
            .WithSummary("Undo a retraction")
            .WithDescription("Admin scope. Puts a retracted statement back on the record, with its stances, and records why. `If-Match` is optional here.")
            .WithResponseExample(StatusCodes.Status200OK, StatementExamples.WalkBack)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireScope("admin");

        return group;
    }

    public static async Task<Results<Created<Statement>, ValidationProblem, ProblemHttpResult>> CreateStatement(
        CreateStatementRequest request, HttpContext http, StatementCommands commands, StatementStore statements, DbSession session, CancellationToken ct)
    {
        var outcome = await AnsweredInTheWriteAsync(() => commands.RecordAsync(request, WriteContext.From(http), ct), session, statements, ct);
        return outcome.Match(statement =>
        {
            Etags.Set(http, statement.Revision);
            return TypedResults.Created($"/v1/statements/{statement.Id}", statement);
        });
    }

    public static async Task<Results<Ok<Statement>, ValidationProblem, ProblemHttpResult>> GetStatement(
        string id, [AsParameters] StatementQuery query, HttpContext http, StatementStore statements, PeopleStore people, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var asRecorded = Dates.Instant(query.AsRecordedAt, "asRecordedAt", errors);
        if (errors.Any) return Problems.Invalid(errors);
        var statement = asRecorded is null ? await statements.GetAsync(id, ct) : await statements.GetAsRecordedAsync(id, asRecorded.Value, people, ct);
        if (statement is null) return Problems.NotFound("statement", id);
        Etags.Set(http, statement.Revision);
        return TypedResults.Ok(statement);
    }

    public static async Task<Results<Ok<Statement>, ValidationProblem, ProblemHttpResult>> UpdateStatement(
        string id, [AsParameters] ChangeQuery query, HttpContext http, StatementCommands commands, StatementStore statements, DbSession session, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(http.Request, ct);
        return Answer(await AnsweredInTheWriteAsync(() => commands.CorrectAsync(id, patch, WriteContext.From(http, query.Reason), ct), session, statements, ct), http);
    }

    public static async Task<Results<Ok<Statement>, ValidationProblem, ProblemHttpResult>> RetractStatement(
        string id, [AsParameters] RetractQuery query, HttpContext http, StatementCommands commands, StatementStore statements, DbSession session, CancellationToken ct) =>
        Answer(await AnsweredInTheWriteAsync(() => commands.RetractAsync(id, query.DuplicateOf, WriteContext.From(http, query.Reason), ct), session, statements, ct), http);

    public static async Task<Results<Ok<Statement>, ValidationProblem, ProblemHttpResult>> RestoreStatement(
        string id, [AsParameters] ChangeQuery query, HttpContext http, StatementCommands commands, StatementStore statements, DbSession session, CancellationToken ct) =>
        Answer(await AnsweredInTheWriteAsync(() => commands.RestoreAsync(id, WriteContext.From(http, query.Reason), ct), session, statements, ct), http);

    private static Results<Ok<Statement>, ValidationProblem, ProblemHttpResult> Answer(Outcome<Statement> outcome, HttpContext http) =>
        outcome.Match(statement =>
        {
            Etags.Set(http, statement.Revision);
            return TypedResults.Ok(statement);
        });

    /// <summary>
    /// Runs a command and reads the statement it answers with in the command's own write, before it commits. Read
    /// after the commit, the answer could show a later editor's revision, and its ETag would then let this editor
    /// overwrite, unseen, a change made in between. The command validates before it takes the writer slot, so a
    /// malformed request never queues behind real writes.
    /// </summary>
    private static async Task<Outcome<Statement>> AnsweredInTheWriteAsync(
        Func<Task<Outcome<string>>> command, DbSession session, StatementStore statements, CancellationToken ct)
    {
        await using var held = session.HoldCommit();
        var outcome = await command();
        if (outcome.Invalid is { } invalid) return invalid;
        if (outcome.Problem is { } problem) return problem;
        var statement = (await statements.GetAsync(outcome.Value!, ct))!;
        await held.CommitAsync(ct);
        return statement;
    }
}
