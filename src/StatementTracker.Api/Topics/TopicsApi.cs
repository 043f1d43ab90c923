using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Topics;

public static class TopicsApi
{
    public static RouteGroupBuilder MapTopics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/topics").WithTags(ApiTags.Topics);

        group.MapPost("/", CreateTopic)
            .WithName("CreateTopic")
            .WithSummary("Add a topic")
            .WithDescription("Adds a topic on which statements take stances, optionally under a broader one (foreign-policy → us-russia-cyber-unit). The slug is made from the name when absent; a slug taken already is a 409, an unknown parent a 422.")
            .Accepts<CreateTopicRequest>("application/json")
            .WithRequestExample(TopicExamples.CreateCyberUnit)
            .WithResponseExample(StatusCodes.Status201Created, TopicExamples.CyberUnit)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ListTopics)
            .WithName("ListTopics")
            .WithSummary("List or find topics")
            .WithDescription("Topics in slug order, one page at a time; `q` matches names, `parent` lists the direct sub-topics of a topic.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<Topic>([TopicExamples.ForeignPolicy, TopicExamples.CyberUnit], null));

        group.MapGet("/{slug}", GetTopic)
            .WithName("GetTopic")
            .WithSummary("Get a topic")
            .WithDescription("The topic with the slug of its parent, null at the top of the hierarchy. Statements on it are `GET /v1/statements?topic={slug}`, who stood where on it `GET /v1/topics/{slug}/positions`. The ETag is the topic's revision: send it as `If-Match` to change it.")
            .WithResponseExample(StatusCodes.Status200OK, TopicExamples.CyberUnit)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{slug}", UpdateTopic)
            .WithName("UpdateTopic")
            .WithSummary("Change a topic")
            .WithDescription("A JSON merge patch (RFC 7396). The slug cannot change. A parent that is the topic itself or one of its sub-topics would make a cycle and is a 422. Needs `If-Match` with the ETag you read (428 without, 412 when stale).")
            .Accepts<UpdateTopicRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { description = "The joint unit Trump and Putin discussed at the G20 in July 2017.", parent = "foreign-policy" })
            .WithResponseExample(StatusCodes.Status200OK, TopicExamples.CyberUnit)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return group;
    }

    public static async Task<Results<Created<Topic>, ValidationProblem, ProblemHttpResult>> CreateTopic(
        CreateTopicRequest request, HttpContext http, TopicCommands commands, CancellationToken ct)
    {
        var outcome = await commands.CreateAsync(request, WriteContext.From(http), ct);
        return outcome.Match(row =>
        {
            Etags.Set(http, row.Revision);
            return TypedResults.Created($"/v1/topics/{row.Slug}", row.ToTopic());
        });
    }

    public static async Task<Results<Ok<Page<Topic>>, ValidationProblem, ProblemHttpResult>> ListTopics(
        [AsParameters] TopicsQuery query, TopicStore topics, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<TopicsCursor>(query.Cursor, "topics", errors);
        var q = errors.OptionalText("q", query.Q, 200);
        var parent = query.Parent is null ? null : await topics.FindBySlugAsync(query.Parent, ct);
        if (query.Parent is not null && parent is null) errors.Add("parent", Problems.Unknown("topic", query.Parent));
        if (errors.Any) return Problems.Invalid(errors);
        return TypedResults.Ok(await topics.ListAsync(q, parent?.Id, after?.AfterSlug, limit, ct));
    }

    public static async Task<Results<Ok<Topic>, ProblemHttpResult>> GetTopic(string slug, HttpContext http, TopicStore topics, CancellationToken ct)
    {
        var row = await topics.FindBySlugAsync(slug, ct);
        if (row is null) return Problems.NotFound("topic", slug);
        Etags.Set(http, row.Revision);
        return TypedResults.Ok(row.ToTopic());
    }

    public static async Task<Results<Ok<Topic>, ValidationProblem, ProblemHttpResult>> UpdateTopic(
        string slug, [AsParameters] ChangeQuery query, HttpContext http, TopicCommands commands, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(http.Request, ct);
        var outcome = await commands.UpdateAsync(slug, patch, WriteContext.From(http, query.Reason), ct);
        return outcome.Match(row =>
        {
            Etags.Set(http, row.Revision);
            return TypedResults.Ok(row.ToTopic());
        });
    }
}
