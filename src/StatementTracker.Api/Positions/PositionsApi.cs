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
        Revisions.RevisionStore revisions, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var asOf = AsOf(query.AsOf, errors);
        var asRecorded = Dates.Instant(query.AsRecordedAt, "asRecordedAt", errors);
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<TopicsCursor>(query.Cursor, "person-positions", errors);
        if (errors.Any) return Problems.Invalid(errors);
        // Taken now, the answer holds until the clock passes a statement's time; read as recorded, it is not kept.
        if (query.AsOf is null && asRecorded is null) Caching.ReadCache.TakenNow(http, asOf);
        else if (query.AsOf is null) Caching.ReadCache.DoNotKeep(http);
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
        else if (await positions.CurrentCoversAsync(Before(asOf), ct))
        {
            // Now (or any asOf after every stance stored): the page is one read of the person's current stances.
            var current = await positions.CurrentOfPersonAsync(person.Id, after?.AfterSlug, limit + 1, ct);
            items = current.Take(limit).Select(c => PositionRules.Current(c.Run)).ToList();
            more = current.Count > limit;
        }
        else
        {
            // A page of topics, then each one's latest stance and the start of its run, read from the index: the
            // page costs its topics, not the person's history.
            var topicIds = await positions.TopicsOfPersonAsync(person.Id, Before(asOf), after?.AfterSlug, limit + 1, ct);
            items = [];
            foreach (var topicId in topicIds.Take(limit))
            {
                var latest = await positions.LatestAsync(person.Id, topicId, Before(asOf), ct);
                // A statement retracted between the two reads leaves no run: the topic is skipped, not a 500.
                if (latest is not null && await positions.RunAsync(person.Id, latest, ct) is { Count: > 0 } run) items.Add(PositionRules.Current(run));
            }
            more = topicIds.Count > limit;
        }
        var next = more && items.Count > 0 ? Cursor.Encode("person-positions", new TopicsCursor(items[^1].Topic.Slug)) : null;
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
        string slug, [AsParameters] TopicPositionsQuery query, TopicStore topics, PositionStore positions, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var asOf = AsOf(query.AsOf, errors);
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<PeopleCursor>(query.Cursor, "topic-positions", errors);
        if (query.Stance is not null && !Stances.IsStance(query.Stance))
            errors.Add("stance", $"stance must be one of: {string.Join(", ", Stances.Scale)}.");
        if (errors.Any) return Problems.Invalid(errors);
        // Taken now, the answer holds until the clock passes a statement's time (see ReadCache.TakenNow).
        if (query.AsOf is null) Caching.ReadCache.TakenNow(http, asOf);
        var topic = await topics.FindBySlugAsync(slug, ct);
        if (topic is null) return Problems.NotFound("topic", slug);

        var includeSubtopics = query.IncludeSubtopics ?? false;
        IReadOnlyList<string> topicIds = includeSubtopics ? await topics.SubtreeIdsAsync(topic.Id, ct) : [topic.Id];
        // Now (or any asOf after every stance stored) people come in slug order from the current stances' (topic, person)
        // index, with their stances and runs in the same read for one topic and in one more query for a subtree. Before
        // that, people in slug order, each with one index read per topic for their latest stance, then the run behind the
        // latest of those. Either way a page costs the people it passes over, not the stances stored. With a stance
        // filter, people whose latest stance is another are passed over, a batch at a time (on one topic the current
        // stances' read leaves them out itself).
        var useCurrent = await positions.CurrentCoversAsync(Before(asOf), ct);
        var items = new List<PersonStance>();
        var more = false;
        var afterSlug = after?.AfterSlug;
        while (!more)
        {
            IReadOnlyList<(string Id, string Slug)> batch;
            ILookup<string, PositionStore.CurrentStance>? currents = null;
            if (useCurrent && topicIds.Count == 1)
            {
                // One topic: its people and their stances in one read.
                var page = await positions.CurrentOnTopicAsync(topicIds[0], query.Stance, afterSlug, limit + 1, ct);
                batch = page.Select(c => (c.Run[^1].PersonId, c.Run[^1].PersonSlug)).ToList();
                currents = page.ToLookup(c => c.Run[^1].PersonId);
            }
            else if (useCurrent)
            {
                batch = await positions.PeopleWithCurrentStancesAsync(topicIds, afterSlug, limit + 1, ct);
                currents = await positions.CurrentOfPeopleAsync(batch.Select(b => b.Id).ToList(), topicIds, ct);
            }
            else batch = await positions.PeopleWithStancesAsync(topicIds, Before(asOf), afterSlug, limit + 1, ct);
            foreach (var (personId, personSlug) in batch)
            {
                PositionStore.StanceKey? latest = null;
                PositionStore.CurrentStance? chosen = null;
                if (currents is not null)
                {
                    foreach (var candidate in currents[personId])
                    {
                        if (chosen is null || candidate.Latest.IsAfter(chosen.Latest)) chosen = candidate;
                    }
                    latest = chosen?.Latest;
                }
                else
                {
                    foreach (var topicId in topicIds)
                    {
                        if (await positions.LatestAsync(personId, topicId, Before(asOf), ct) is { } candidate && (latest is null || candidate.IsAfter(latest)))
                            latest = candidate;
                    }
                }
                if (latest is null || (query.Stance is not null && latest.Stance != query.Stance)) continue;
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }
                var run = chosen?.Run ?? await positions.RunAsync(personId, latest, ct);
                if (run.Count == 0) continue;   // retracted between the two reads
                var current = PositionRules.Current(run);
                items.Add(new PersonStance(run[^1].Person, run[^1].Topic, current.Stance, current.Statement, current.Since));
            }
            if (batch.Count <= limit) break;
            afterSlug = batch[^1].Slug;
        }
        var next = more ? Cursor.Encode("topic-positions", new PeopleCursor(items[^1].Person.Slug)) : null;
        return TypedResults.Ok(new TopicPositions(new TopicRef(topic.Slug, topic.Name), asOf, includeSubtopics, items, next));
    }

    /// <summary>The instant positions are taken at: statements said at or before it count; now when absent.</summary>
    private static DateTime AsOf(string? text, ValidationErrors errors) => Dates.Instant(text, "asOf", errors) ?? UtcText.NowToTheMillisecond();

    /// <summary>The exclusive bound stores compare with: one millisecond after the asOf instant.</summary>
    private static long Before(DateTime asOf) => UtcText.ToUnixMs(asOf) + 1;
}
