using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;

namespace StatementTracker.Api.Statements;

public static class TimelineApi
{
    public static RouteGroupBuilder MapTimeline(this IEndpointRouteBuilder app)
    {
        // A person's statements, served from the statements' store: a tag of its own in the document, since it is
        // the first thing a newcomer reads, and found neither among the people's records nor the statement list.
        var group = app.MapGroup("/v1/people/{slug}/timeline").WithTags(ApiTags.Timeline);

        group.MapGet("/", GetTimeline)
            .WithName("GetTimeline")
            .WithSummary("A person's statements in time order")
            .WithDescription("Ordered by the UTC instant each statement covers (the start of its day, month or year when coarser; a date without a time counts as UTC), coarser precision first on ties, then id. So 2017-07-09T19:45:13-05:00 comes after 2017-07-09T23:00:00Z. Each statement carries its sources and links. Retracted statements are left out unless `includeRetracted=true`; `asRecordedAt` shows the timeline as the database held it at that instant.")
            .WithMetadata(new OffersExports())
            .WithResponseExample(StatusCodes.Status200OK, new Page<Statement>([StatementExamples.Proposal, StatementExamples.WalkBack], null))
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    public static async Task<Results<Ok<Page<Statement>>, ValidationProblem, ProblemHttpResult, StreamedExport<Statement>>> GetTimeline(
        string slug, [AsParameters] TimelineQuery query, HttpContext http, PeopleStore people, StatementStore statements, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var descending = query.Order switch
        {
            null or "asc" => false,
            "desc" => true,
            _ => Invalid(errors, "order", "order must be asc or desc."),
        };
        var after = Cursor.Decode<TimelineCursor>(query.Cursor, descending ? "timeline-desc" : "timeline-asc", errors);
        var (from, to) = Dates.Range(query.From, query.To, errors);
        var (fromMs, toMs) = Dates.Bounds(from, to, Dates.Zone(query.Tz, errors));
        var medium = query.Medium is null ? null : StatementRules.Medium("medium", query.Medium, errors, required: false);
        var asRecorded = Dates.Instant(query.AsRecordedAt, "asRecordedAt", errors);
        var export = Exports.Requested(http.Request, query.Format, errors);
        if (asRecorded is not null && query.IncludeRetracted == true)
            errors.Add("includeRetracted", "includeRetracted cannot be combined with asRecordedAt: a timeline as recorded shows what was on the record then.");
        if (errors.Any) return Problems.Invalid(errors);

        var person = await people.FindBySlugAsync(slug, ct);
        if (person is null) return Problems.NotFound("person", slug);
        if (export is { } format)
            return new StreamedExport<Statement>(format, $"{slug}-timeline", StatementCsv.Header, StatementCsv.Row,
                Cursor.AllPages<Statement, TimelineCursor>(cursor => asRecorded is { } at
                    ? statements.TimelineAsRecordedAsync(person, at, fromMs, toMs, medium, descending, cursor, 500, ct)
                    : statements.TimelineAsync(person.Id, fromMs, toMs, medium, descending, query.IncludeRetracted ?? false, cursor, 500, ct),
                    descending ? "timeline-desc" : "timeline-asc", ct), StatementCsv.OwnColumns);
        return TypedResults.Ok(asRecorded is { } at
            ? await statements.TimelineAsRecordedAsync(person, at, fromMs, toMs, medium, descending, after, limit, ct)
            : await statements.TimelineAsync(person.Id, fromMs, toMs, medium, descending, query.IncludeRetracted ?? false, after, limit, ct));
    }

    private static bool Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return false;
    }
}
