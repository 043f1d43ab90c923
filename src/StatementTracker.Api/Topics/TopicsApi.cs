using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Topics;

public static class TopicsApi
{
    public static RouteGroupBuilder MapTopics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/topics").WithTags("Topics");

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
            .WithResponseExample(StatusCodes.Status200OK, TopicExamples.CyberUnit)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{slug}", UpdateTopic)
            .WithName("UpdateTopic")
            .WithSummary("Change a topic")
            .WithDescription("A JSON merge patch (RFC 7396). The slug cannot change. A parent that is the topic itself or one of its sub-topics would make a cycle and is a 422.")
            .Accepts<UpdateTopicRequest>(MergePatch.ContentType, "application/json")
            .WithRequestExample(new { description = "The joint unit Trump and Putin discussed at the G20 in July 2017.", parent = "foreign-policy" })
            .WithResponseExample(StatusCodes.Status200OK, TopicExamples.CyberUnit)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return group;
    }

    public static async Task<Results<Created<Topic>, ValidationProblem, ProblemHttpResult>> CreateTopic(
        CreateTopicRequest request, DbSession db, TopicStore topics, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var input = TopicRules.Validate(request, errors);
        if (input is null) return Problems.Invalid(errors);

        await using (var write = await db.BeginWriteAsync(ct))
        {
            string? parentId = null;
            if (input.Parent is not null)
            {
                var parent = await topics.FindBySlugAsync(input.Parent, ct);
                if (parent is null) return UnknownParent(input.Parent);
                parentId = parent.Id;
            }
            if (!await topics.InsertAsync(input, parentId, ct))
                return Problems.Conflict("slug", $"The slug '{input.Slug}' is taken by another topic; choose another slug.", $"/v1/topics/{input.Slug}");
            await write.CommitAsync(ct);
        }
        return TypedResults.Created($"/v1/topics/{input.Slug}", (await topics.FindBySlugAsync(input.Slug, ct))!.ToTopic());
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

    public static async Task<Results<Ok<Topic>, ProblemHttpResult>> GetTopic(string slug, TopicStore topics, CancellationToken ct) =>
        await topics.FindBySlugAsync(slug, ct) is { } row ? TypedResults.Ok(row.ToTopic()) : Problems.NotFound("topic", slug);

    public static async Task<Results<Ok<Topic>, ValidationProblem, ProblemHttpResult>> UpdateTopic(
        string slug, HttpRequest httpRequest, DbSession db, TopicStore topics, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(httpRequest, ct);
        await using (var write = await db.BeginWriteAsync(ct))
        {
            var row = await topics.FindBySlugAsync(slug, ct);
            if (row is null) return Problems.NotFound("topic", slug);

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
                        ? $"a topic cannot be its own parent."
                        : $"'{input.Parent}' sits below '{slug}' in the hierarchy; making it the parent would make a cycle.");
                    return Problems.Unprocessable(errors, "The new parent would make a cycle in the topic hierarchy.");
                }
                parentId = parent.Id;
            }
            await topics.UpdateAsync(row.Id, input, parentId, ct);
            await write.CommitAsync(ct);
        }
        return TypedResults.Ok((await topics.FindBySlugAsync(slug, ct))!.ToTopic());
    }

    private static ProblemHttpResult UnknownParent(string slug)
    {
        var errors = new ValidationErrors();
        errors.Add("parent", $"no topic has the slug '{slug}'; add the parent topic first.");
        return Problems.Unprocessable(errors, $"The parent topic '{slug}' does not exist.");
    }
}
