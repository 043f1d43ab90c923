using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.People;

public static class PeopleApi
{
    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/people").WithTags(ApiTags.People);

        group.MapPost("/", CreatePerson)
            .WithName("CreatePerson")
            .WithSummary("Add a person")
            .WithDescription("Adds a politician, official or spokesperson. The slug is made from the name when absent (\"Donald J. Trump\" → donald-j-trump) and is the person's id in URLs; a slug or Wikidata id already taken is a 409.")
            .Accepts<CreatePersonRequest>("application/json")
            .WithRequestExample(PeopleExamples.CreateTrump)
            .WithResponseExample(StatusCodes.Status201Created, PeopleExamples.Trump)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/", ListPeople)
            .WithName("ListPeople")
            .WithSummary("List or find people")
            .WithDescription("People in slug order, one page at a time. `q` matches names and aliases, ignoring case and accents.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<Person>([PeopleExamples.Trump], null));

        group.MapGet("/{slug}", GetPerson)
            .WithName("GetPerson")
            .WithSummary("Get a person")
            .WithDescription("The person's record: name, aliases, description and Wikidata id. What they said is on their timeline (`GET /v1/people/{slug}/timeline`), where they stood under Positions. The ETag is the person's revision: send it as `If-Match` to change them.")
            .WithResponseExample(StatusCodes.Status200OK, PeopleExamples.Trump)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{slug}", UpdatePerson)
            .WithName("UpdatePerson")
            .WithSummary("Change a person")
            .WithDescription("A JSON merge patch (RFC 7396): fields left out stay as they are, fields set to null are cleared. The slug cannot change, since URLs elsewhere point at it. Needs `If-Match` with the ETag you read (428 without, 412 when stale); the earlier state stays in the person's revisions.")
            .Accepts<UpdatePersonRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { aliases = new[] { "Donald Trump", "Trump", "@realDonaldTrump" } })
            .WithResponseExample(StatusCodes.Status200OK, PeopleExamples.Trump)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return group;
    }

    public static async Task<Results<Created<Person>, ValidationProblem, ProblemHttpResult>> CreatePerson(
        CreatePersonRequest request, HttpContext http, PersonCommands commands, CancellationToken ct)
    {
        var outcome = await commands.CreateAsync(request, WriteContext.From(http), ct);
        return outcome.Match(row =>
        {
            Etags.Set(http, row.Revision);
            return TypedResults.Created($"/v1/people/{row.Slug}", row.ToPerson());
        });
    }

    public static async Task<Results<Ok<Page<Person>>, ValidationProblem>> ListPeople(
        [AsParameters] PeopleQuery query, PeopleStore people, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<PeopleCursor>(query.Cursor, "people", errors);
        var q = errors.OptionalText("q", query.Q, 200);
        if (errors.Any) return Problems.Invalid(errors);
        return TypedResults.Ok(await people.ListAsync(q, after?.AfterSlug, limit, ct));
    }

    public static async Task<Results<Ok<Person>, ProblemHttpResult>> GetPerson(string slug, HttpContext http, PeopleStore people, CancellationToken ct)
    {
        var row = await people.FindBySlugAsync(slug, ct);
        if (row is null) return Problems.NotFound("person", slug);
        Etags.Set(http, row.Revision);
        return TypedResults.Ok(row.ToPerson());
    }

    public static async Task<Results<Ok<Person>, ValidationProblem, ProblemHttpResult>> UpdatePerson(
        string slug, [AsParameters] ChangeQuery query, HttpContext http, PersonCommands commands, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(http.Request, ct);
        var outcome = await commands.UpdateAsync(slug, patch, WriteContext.From(http, query.Reason), ct);
        return outcome.Match(row =>
        {
            Etags.Set(http, row.Revision);
            return TypedResults.Ok(row.ToPerson());
        });
    }
}
