using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Search;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Statements;

public static class StatementListApi
{
    public static RouteGroupBuilder MapStatementList(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/statements").WithTags(ApiTags.Statements);

        group.MapGet("/", ListStatements)
            .WithName("ListStatements")
            .WithSummary("Find statements across people")
            .WithDescription("Every statement that passes all the filters given, one page at a time: by people, topics (a stance on it or only about it; `includeSubtopics` widens), stance, medium, language, externalId, fact-check rating and reviewer, wording (exact or paraphrase), a date range read in any IANA time zone (`tz`), and full-text search `q` (words, \"exact phrases\", -excluded, OR, prefix*; case and accents ignored; anything else is a 400 that says what is wrong). Each search hit carries a `highlight`. `sort` is saidAt, -saidAt or relevance (with q). `facets=person,medium,year,month,topic,stance,language,rating,reviewer,wording` adds counts over the whole filtered result, each with the query that narrows to it, and the `total`.")
            .WithMetadata(new OffersExports())
            .WithResponseExample(StatusCodes.Status200OK, new StatementList([StatementExamples.Proposal with { Highlight = "Putin &amp; I discussed forming an impenetrable <mark>Cyber</mark> Security unit so that election hacking, &amp; many other negative things, will be guarded.." }],
                null, 1, new Dictionary<string, IReadOnlyList<FacetValue>> { ["person"] = [new FacetValue("donald-j-trump", "Donald J. Trump", 1, "/v1/statements?q=cyber&person=donald-j-trump")] }));

        return group;
    }

    public static async Task<Results<Ok<StatementList>, ValidationProblem, StreamedExport<Statement>>> ListStatements(
        [AsParameters] StatementsQuery query, HttpContext http, PeopleStore people, TopicStore topics, StatementListStore list, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var sort = query.Sort ?? "saidAt";
        if (sort is not ("saidAt" or "-saidAt" or "relevance")) errors.Add("sort", "sort must be saidAt, -saidAt or relevance.");
        else if (sort == "relevance" && query.Q is null) errors.Add("sort", "sort=relevance needs a search: give q too.");
        var after = Cursor.Decode<StatementsCursor>(query.Cursor, $"statements:{sort}", errors);
        var facets = Facets.Parse(query.Facets, StatementListStore.FacetNames, errors);
        var export = Exports.Requested(http.Request, query.Format, errors);

        var filter = await FilterAsync(new StatementFilterQuery(query.Person, query.Topic, query.IncludeSubtopics, query.Stance, query.Medium,
            query.Language, query.ExternalId, query.From, query.To, query.Tz, query.Q, query.IncludeRetracted, query.Rating, query.Reviewer, query.Wording),
            people, topics, errors, ct);
        if (errors.Any) return Problems.Invalid(errors);
        if (export is { } format)
            return new StreamedExport<Statement>(format, "statements", StatementCsv.Header, StatementCsv.Row,
                list.StreamAsync(filter!, sort, ct), StatementCsv.OwnColumns);
        var (items, next) = await list.PageAsync(filter!, sort, after, limit, ct);
        long? total = null;
        Dictionary<string, IReadOnlyList<FacetValue>>? counted = null;
        if (facets.Count > 0)
        {
            total = await list.CountAsync(filter!, ct);
            counted = [];
            foreach (var facet in facets)
                counted[facet] = (await list.FacetAsync(facet, filter!, ct))
                    .Select(v => new FacetValue(v.Value, v.Label, v.Count, Facets.Narrowed(http.Request, facet, v.Value))).ToList();
        }
        return TypedResults.Ok(new StatementList(items, next is null ? null : Cursor.Encode($"statements:{sort}", next), total, counted));
    }

    /// <summary>The filters the statement list and its feed share, read and resolved to ids and instants; null when any is wrong.</summary>
    public static async Task<StatementFilter?> FilterAsync(StatementFilterQuery query, PeopleStore people, TopicStore topics, ValidationErrors errors,
        CancellationToken ct)
    {
        var (from, to) = Dates.Range(query.From, query.To, errors);
        var (fromMs, toMs) = Dates.Bounds(from, to, Dates.Zone(query.Tz, errors));
        var medium = query.Medium is null ? null : StatementRules.Medium("medium", query.Medium, errors, required: false);
        if (query.Stance is not null && !Stances.IsStance(query.Stance))
            errors.Add("stance", $"stance must be one of: {string.Join(", ", Stances.Scale)}.");
        var language = errors.OptionalText("language", query.Language, 35);
        var externalId = errors.OptionalText("externalId", query.ExternalId, 250);
        Reviews.Ratings.Check(query.Rating, errors);
        var reviewer = errors.OptionalText("reviewer", query.Reviewer, 200);
        if (query.Wording is not null && !StatementRules.Wordings.Contains(query.Wording, StringComparer.Ordinal))
            errors.Add("wording", "wording must be exact or paraphrase.");
        SearchQuery? search = null;
        if (query.Q is not null)
        {
            if (SearchQueryParser.TryParse(query.Q, out var parsed, out var error)) search = parsed;
            else errors.Add("q", error.Message);
        }
        var personIds = await PeopleAsync(query.Person, people, errors, ct);
        var topicIds = await TopicsAsync(query.Topic, query.IncludeSubtopics ?? false, topics, errors, ct);
        return errors.Any ? null
            : new StatementFilter(personIds, topicIds, query.Stance, medium, language, externalId, fromMs, toMs, query.IncludeRetracted ?? false, search)
            {
                Rating = query.Rating,
                ReviewerKey = reviewer is null ? null : Reviews.ReviewStore.PublisherKey(reviewer),
                Wording = query.Wording,
            };
    }

    /// <summary>How many values a repeatable filter takes: enough for any comparison, bounded so one request stays one query.</summary>
    public const int MaxFilterValues = 20;

    private static async Task<List<string>?> PeopleAsync(string[]? slugs, PeopleStore people, ValidationErrors errors, CancellationToken ct)
    {
        if (Distinct(slugs, "person", errors) is not { } wanted) return null;
        var known = await people.IdsBySlugAsync(wanted, ct);
        foreach (var slug in wanted.Where(s => !known.ContainsKey(s))) errors.Add("person", Problems.Unknown("person", slug));
        return [.. known.Values];
    }

    private static async Task<List<string>?> TopicsAsync(string[]? slugs, bool includeSubtopics, TopicStore topics, ValidationErrors errors, CancellationToken ct)
    {
        if (Distinct(slugs, "topic", errors) is not { } wanted) return null;
        var known = await topics.FindBySlugsAsync(wanted, ct);
        foreach (var slug in wanted.Where(s => !known.ContainsKey(s))) errors.Add("topic", Problems.Unknown("topic", slug));
        var ids = new HashSet<string>();
        foreach (var topic in known.Values)
        {
            if (includeSubtopics) ids.UnionWith(await topics.SubtreeIdsAsync(topic.Id, ct));
            else ids.Add(topic.Id);
        }
        return [.. ids];
    }

    private static List<string>? Distinct(string[]? values, string name, ValidationErrors errors)
    {
        if (values is null || values.Length == 0) return null;
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count <= MaxFilterValues) return distinct;
        errors.Add(name, $"{name} may be given at most {MaxFilterValues} times; it was given {distinct.Count}.");
        return null;
    }
}
