using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Reversals;

public static class ReversalsApi
{
    public static RouteGroupBuilder MapReversals(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/reversals").WithTags("Reversals");

        group.MapGet("/", GetReversals)
            .WithName("ListReversals")
            .WithSummary("Every reversal, newest first")
            .WithDescription("Each entry names the person, the topic when known, the earlier and the later statement, the time between them, a Flip-O-Meter rating and its evidence: an editor's `reverses` (full_flop) or `walks_back` (half_flip) link, a change found between two consecutive stances on a topic, or both, in which case the link's rating stands. `asRecordedAt` shows the feed as it stood at that instant.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<Reversal>([ReversalExamples.CyberUnitReversal], null));

        return group;
    }

    public static async Task<Results<Ok<Page<Reversal>>, ValidationProblem, ProblemHttpResult>> GetReversals(
        [AsParameters] ReversalsQuery query, PeopleStore people, TopicStore topics, ReversalStore reversals, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var before = Cursor.Decode<ReversalsCursor>(query.Cursor, "reversals", errors);
        var (from, to) = Dates.Range(query.From, query.To, errors);
        var asRecorded = Dates.Instant(query.AsRecordedAt, "asRecordedAt", errors);
        if (query.Flip is not null && !Stances.Flips.Contains(query.Flip))
            errors.Add("flip", $"flip must be one of: {string.Join(", ", Stances.Flips)}.");
        // A filter naming someone or something unknown is a mistake in the query, not an empty result.
        var person = query.Person is null ? null : await people.FindBySlugAsync(query.Person, ct);
        if (query.Person is not null && person is null) errors.Add("person", Problems.Unknown("person", query.Person));
        var topic = query.Topic is null ? null : await topics.FindBySlugAsync(query.Topic, ct);
        if (query.Topic is not null && topic is null) errors.Add("topic", Problems.Unknown("topic", query.Topic));
        if (errors.Any) return Problems.Invalid(errors);
        var (personId, topicId) = (person?.Id, topic?.Id);
        return TypedResults.Ok(await reversals.FeedAsync(personId, topicId, from?.Start, to?.End, query.Flip, before, limit,
            asRecorded is null ? null : Data.UtcText.ToUnixMs(asRecorded.Value), ct));
    }
}
