using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Positions;

public static class PositionsApi
{
    public static RouteGroupBuilder MapPositions(this IEndpointRouteBuilder app)
    {
        // Positions hang off people and topics alike, so the group is /v1 and each route names its resource.
        var group = app.MapGroup("/v1").WithTags(ApiTags.Positions);

        group.MapGet("/people/{slug}/positions", GetPersonPositions)
            .WithName("GetPersonPositions")
            .WithSummary("What a person stood for on a date")
            .WithDescription("For each topic the person has spoken on, the stance in effect at `asOf` (a date or a date-time with offset; now when absent): the stance of their latest statement on the topic said by then, that statement, and since when the stance has held. A date covers the whole UTC day. Topics in slug order. `asRecordedAt` answers from the record as it stood at that instant.")
            .WithResponseExample(StatusCodes.Status200OK, PositionExamples.TrumpOnTenthOfJuly)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/people/{slug}/positions/{topic}", GetPositionHistory)
            .WithName("GetPositionHistory")
            .WithSummary("A person's stances on a topic over time")
            .WithDescription("Every statement of the person with a stance on the topic, in timeline order, and the changes among them: two consecutive stances that differ, rated full_flop when crossing between the support and the oppose side and half_flip otherwise.")
            .WithResponseExample(StatusCodes.Status200OK, PositionExamples.TrumpHistory)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/topics/{slug}/positions", GetTopicPositions)
            .WithName("GetTopicPositions")
            .WithSummary("Who stood where on a topic on a date")
            .WithDescription("One row per person who had spoken on the topic by `asOf`, with their latest stance, the statement behind it and since when it held; people in slug order. With `includeSubtopics=true` stances on sub-topics count too, and each person's latest anywhere in the sub-tree stands. `stance` keeps only the people who stood there.")
            .WithResponseExample(StatusCodes.Status200OK, PositionExamples.WhoSupportedOnNinthOfJuly)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Results<Ok<PersonPositions>, ValidationProblem, ProblemHttpResult>> GetPersonPositions(
        string slug, [AsParameters] PersonPositionsQuery query, PeopleStore people, PositionStore positions, TopicStore topics,
        Revisions.RevisionStore revisions, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var asOf = AsOf(query.AsOf, errors);
        var asRecorded = Dates.Instant(query.AsRecordedAt, "asRecordedAt", errors);
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<TopicsCursor>(query.Cursor, "person-positions", errors);
        if (errors.Any) return Problems.Invalid(errors);
        var person = await people.FindBySlugAsync(slug, ct);
        if (person is null) return Problems.NotFound("person", slug);

        List<PositionAt> items;
        bool more;
        if (asRecorded is { } at)
        {
            var all = (await positions.HistoryAsRecordedAsync(person, at, Before(asOf), revisions, topics, ct))
                .GroupBy(r => r.TopicSlug).Where(g => after is null || string.CompareOrdinal(g.Key, after.AfterSlug) > 0).ToList();
            items = all.Take(limit).Select(g => PositionRules.Current(g.ToList())).ToList();
            more = all.Count > limit;
        }
        else
        {
            // A page of topics first, then only their histories: "since" needs each topic's run of stances.
            var topicIds = await positions.TopicsOfPersonAsync(person.Id, Before(asOf), after?.AfterSlug, limit + 1, ct);
            var history = await positions.HistoryAsync([person.Id], topicIds.Take(limit).ToList(), Before(asOf), ct);
            items = history.GroupBy(r => r.TopicSlug).Select(g => PositionRules.Current(g.ToList())).ToList();
            more = topicIds.Count > limit;
        }
        var next = more ? Cursor.Encode("person-positions", new TopicsCursor(items[^1].Topic.Slug)) : null;
        return TypedResults.Ok(new PersonPositions(new PersonRef(person.Slug, person.Name), asOf, items, next));
    }

    public static async Task<Results<Ok<PositionHistory>, ProblemHttpResult>> GetPositionHistory(
        string slug, string topic, PeopleStore people, TopicStore topics, PositionStore positions, CancellationToken ct)
    {
        var person = await people.FindBySlugAsync(slug, ct);
        if (person is null) return Problems.NotFound("person", slug);
        var topicRow = await topics.FindBySlugAsync(topic, ct);
        if (topicRow is null) return Problems.NotFound("topic", topic);

        var rows = await positions.HistoryAsync([person.Id], [topicRow.Id], null, ct);
        return TypedResults.Ok(new PositionHistory(new PersonRef(person.Slug, person.Name), new TopicRef(topicRow.Slug, topicRow.Name),
            rows.Select(r => new StanceTaken(r.Summary(), r.Stance)).ToList(), PositionRules.Changes(rows)));
    }

    public static async Task<Results<Ok<TopicPositions>, ValidationProblem, ProblemHttpResult>> GetTopicPositions(
        string slug, [AsParameters] TopicPositionsQuery query, TopicStore topics, PositionStore positions, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var asOf = AsOf(query.AsOf, errors);
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<PeopleCursor>(query.Cursor, "topic-positions", errors);
        if (query.Stance is not null && !Stances.IsStance(query.Stance))
            errors.Add("stance", $"stance must be one of: {string.Join(", ", Stances.Scale)}.");
        if (errors.Any) return Problems.Invalid(errors);
        var topic = await topics.FindBySlugAsync(slug, ct);
        if (topic is null) return Problems.NotFound("topic", slug);

        var includeSubtopics = query.IncludeSubtopics ?? false;
        IReadOnlyList<string> topicIds = includeSubtopics ? await topics.SubtreeIdsAsync(topic.Id, ct) : [topic.Id];
        var latest = await positions.LatestPerPersonAsync(topicIds, Before(asOf), query.Stance, after?.AfterSlug, limit + 1, ct);
        var shown = latest.Take(limit).ToList();

        // "Since when" needs each person's run of stances on the topic their latest stance is about.
        var history = await positions.HistoryAsync(shown.Select(r => r.PersonId).ToList(), shown.Select(r => r.TopicId).Distinct().ToList(), Before(asOf), ct);
        var runs = history.ToLookup(r => (r.PersonId, r.TopicId));
        var items = shown.Select(r =>
        {
            var current = PositionRules.Current(runs[(r.PersonId, r.TopicId)].ToList());
            return new PersonStance(r.Person, r.Topic, current.Stance, current.Statement, current.Since);
        }).ToList();
        var next = latest.Count > limit ? Cursor.Encode("topic-positions", new PeopleCursor(shown[^1].PersonSlug)) : null;
        return TypedResults.Ok(new TopicPositions(new TopicRef(topic.Slug, topic.Name), asOf, includeSubtopics, items, next));
    }

    /// <summary>The instant positions are taken at: statements said at or before it count; now when absent.</summary>
    private static DateTime AsOf(string? text, ValidationErrors errors) => Dates.Instant(text, "asOf", errors) ?? DateTime.UtcNow;

    /// <summary>The exclusive bound stores compare with: one millisecond after the asOf instant.</summary>
    private static long Before(DateTime asOf) => UtcText.ToUnixMs(asOf) + 1;
}
