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
        var group = app.MapGroup("/v1/reversals").WithTags(ApiTags.Reversals);

        group.MapGet("/", GetReversals)
            .WithName("ListReversals")
            .WithSummary("Every reversal, newest first")
            .WithDescription("Each entry names the person, the topic when known, the earlier and the later statement, the time between them, a Flip-O-Meter rating and its evidence: an editor's `reverses` (full_flop) or `walks_back` (half_flip) link, a change found between two consecutive stances on a topic, or both, in which case the link's rating stands. `asRecordedAt` shows the feed as it stood at that instant. `facets=person,topic,year,flip` adds counts over the whole filtered feed (who reversed most in 2017: `from=2017&to=2017&facets=person`).")
            .WithMetadata(new OffersExports())
            .WithResponseExample(StatusCodes.Status200OK, new ReversalList([ReversalExamples.CyberUnitReversal], null, 1,
                new Dictionary<string, IReadOnlyList<FacetValue>> { ["person"] = [new FacetValue("donald-j-trump", "Donald J. Trump", 1, "/v1/reversals?from=2017&to=2017&person=donald-j-trump")] }));

        return group;
    }

    public static async Task<Results<Ok<ReversalList>, ValidationProblem, ProblemHttpResult, StreamedExport<Reversal>>> GetReversals(
        [AsParameters] ReversalsQuery query, HttpContext http, PeopleStore people, TopicStore topics, ReversalStore reversals, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var before = Cursor.Decode<ReversalsCursor>(query.Cursor, "reversals", errors);
        var (from, to) = Dates.Range(query.From, query.To, errors);
        var asRecorded = Dates.Instant(query.AsRecordedAt, "asRecordedAt", errors);
        var facets = Facets.Parse(query.Facets, ReversalStore.FacetNames, errors);
        var export = Exports.Requested(http.Request, query.Format, errors);
        if (facets.Count > 0 && asRecorded is not null) errors.Add("facets", "facets count the live feed; they cannot be combined with asRecordedAt.");
        if (query.Flip is not null && !Stances.Flips.Contains(query.Flip))
            errors.Add("flip", $"flip must be one of: {string.Join(", ", Stances.Flips)}.");
        // A filter naming someone or something unknown is a mistake in the query, not an empty result.
        var person = query.Person is null ? null : await people.FindBySlugAsync(query.Person, ct);
        if (query.Person is not null && person is null) errors.Add("person", Problems.Unknown("person", query.Person));
        var topic = query.Topic is null ? null : await topics.FindBySlugAsync(query.Topic, ct);
        if (query.Topic is not null && topic is null) errors.Add("topic", Problems.Unknown("topic", query.Topic));
        if (errors.Any) return Problems.Invalid(errors);
        var (personId, topicId) = (person?.Id, topic?.Id);
        var asRecordedMs = asRecorded is null ? (long?)null : Data.UtcText.ToUnixMs(asRecorded.Value);
        if (export is { } format)
            return new StreamedExport<Reversal>(format, "reversals", Statements.StatementCsv.ReversalHeader,
                Statements.StatementCsv.ReversalRow,
                Cursor.AllPages<Reversal, ReversalsCursor>(before => reversals.FeedAsync(personId, topicId, from?.Start, to?.End, query.Flip, before, 500, asRecordedMs, ct),
                    "reversals", ct), Statements.StatementCsv.OwnColumns);
        var page = await reversals.FeedAsync(personId, topicId, from?.Start, to?.End, query.Flip, before, limit, asRecordedMs, ct);
        if (facets.Count == 0) return TypedResults.Ok(new ReversalList(page.Items, page.NextCursor, null, null));

        var (fromMs, toMs) = Dates.Bounds(from, to, null);
        var counted = new Dictionary<string, IReadOnlyList<FacetValue>>();
        foreach (var facet in facets)
            counted[facet] = (await reversals.FacetAsync(facet, personId, topicId, fromMs, toMs, query.Flip, ct))
                .Select(v => new FacetValue(v.Value, v.Label, v.Count, Facets.Narrowed(http.Request, facet, v.Value))).ToList();
        return TypedResults.Ok(new ReversalList(page.Items, page.NextCursor, await reversals.CountAsync(personId, topicId, fromMs, toMs, query.Flip, ct), counted));
    }
}
