using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.People;

public static class PeopleApi
{
    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/people").WithTags("People");

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
            .WithResponseExample(StatusCodes.Status200OK, PeopleExamples.Trump)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{slug}", UpdatePerson)
            .WithName("UpdatePerson")
            .WithSummary("Change a person")
            .WithDescription("A JSON merge patch (RFC 7396): fields left out stay as they are, fields set to null are cleared. The slug cannot change, since URLs elsewhere point at it.")
            .Accepts<UpdatePersonRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { aliases = new[] { "Donald Trump", "Trump", "@realDonaldTrump" } })
            .WithResponseExample(StatusCodes.Status200OK, PeopleExamples.Trump)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return group;
    }

    public static async Task<Results<Created<Person>, ValidationProblem, ProblemHttpResult>> CreatePerson(
        CreatePersonRequest request, DbSession db, PeopleStore people, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = PersonRules.Validate(request, errors);
        if (input is null) return Problems.Invalid(errors);

        await using (var write = await db.BeginWriteAsync(ct))
        {
            var clash = await people.InsertAsync(input, ct);
            if (clash != PeopleStore.Clash.None) return ClashProblem(clash, input);
            await write.CommitAsync(ct);
        }
        var created = (await people.FindBySlugAsync(input.Slug, ct))!.ToPerson();
        return TypedResults.Created($"/v1/people/{created.Slug}", created);
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

    public static async Task<Results<Ok<Person>, ProblemHttpResult>> GetPerson(string slug, PeopleStore people, CancellationToken ct)
    {
        var row = await people.FindBySlugAsync(slug, ct);
        return row is null ? Problems.NotFound("person", slug) : TypedResults.Ok(row.ToPerson());
    }

    public static async Task<Results<Ok<Person>, ValidationProblem, ProblemHttpResult>> UpdatePerson(
        string slug, HttpRequest httpRequest, DbSession db, PeopleStore people, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(httpRequest, ct);
        // Read, merge and write in one transaction, so a concurrent patch cannot be overwritten with stale fields.
        await using (var write = await db.BeginWriteAsync(ct))
        {
            var row = await people.FindBySlugAsync(slug, ct);
            if (row is null) return Problems.NotFound("person", slug);

            var errors = new ValidationErrors();
            MergePatch.KeepSlug(patch, row.Slug, errors);
            var merged = MergePatch.Merge(row.ToRequest(), patch, json.Value.SerializerOptions);
            var input = PersonRules.Validate(merged, errors);
            if (input is null) return Problems.Invalid(errors);

            var clash = await people.UpdateAsync(row.Id, input, ct);
            if (clash != PeopleStore.Clash.None) return ClashProblem(clash, input);
            await write.CommitAsync(ct);
        }
        return TypedResults.Ok((await people.FindBySlugAsync(slug, ct))!.ToPerson());
    }

    private static ProblemHttpResult ClashProblem(PeopleStore.Clash clash, PersonInput input) => clash == PeopleStore.Clash.Slug
        ? Problems.Conflict("slug", $"The slug '{input.Slug}' is taken by another person; choose another slug.", $"/v1/people/{input.Slug}")
        : Problems.Conflict("wikidataId", $"Another person already has the Wikidata id '{input.WikidataId}'.");
}
