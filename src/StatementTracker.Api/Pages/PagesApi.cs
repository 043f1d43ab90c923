using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Pages;

/// <summary>
/// Pages for people: the same stores and rules as the API, rendered on the server as HTML by Razor components
/// (static rendering, no interactivity, no framework script). Each handler reads what the API handler for the same
/// data reads, through that handler when there is one, so a page validates and pages exactly as the API does; the
/// API's typed result is then shown as a page, a 400 page or a 404 page.
/// </summary>
public static class PagesApi
{
    public static RouteGroupBuilder MapPages(this IEndpointRouteBuilder app)
    {
        // Pages are not operations of the API: out of the OpenAPI document and its strict query rules, and marked so
        // that headers, caching, keys and rate limits treat them as the reads they are (see HtmlPage).
        var group = app.MapGroup("").ExcludeFromDescription().WithMetadata(new HtmlPage());

        group.MapGet("/", GetHome).WithName("HomePage");
        group.MapGet("/people/{slug}", GetPerson).WithName("PersonPage");
        group.MapGet("/statements/{id}", GetStatement).WithName("StatementPage");
        group.MapGet("/reversals", GetReversals).WithName("ReversalsPage");
        group.MapGet("/search", GetSearch).WithName("SearchPage");
        group.MapGet("/statements/{id}/embed", GetEmbed).WithName("StatementEmbed").WithMetadata(new HtmlPage(Embeddable: true));
        group.MapGet("/assets/{name}", GetAsset).WithName("SiteAsset");

        return group;
    }

    public static async Task<RazorComponentResult> GetHome(HttpContext http, [AsParameters] Api api, CancellationToken ct)
    {
        var newest = await StatementListApi.ListStatements(PageQueries.Statements(sort: "-saidAt", limit: 10), http, api.People, api.Topics, api.List, ct);
        var reversals = await ReversalsApi.GetReversals(PageQueries.Reversals(limit: 5), http, api.People, api.Topics, api.Reversals, ct);
        var statements = PageResults.Value<StatementList>(newest.Result)!.Items;
        var pairs = PageResults.Value<ReversalList>(reversals.Result)!.Items;
        return PageResults.Show<HomePage>(new HomeModel(statements, pairs, await LanguagesAsync(api, statements, pairs, ct)));
    }

    /// <summary>
    /// Statements on a person's page at a time: a day or two of a busy speaker, and under 100 KB even when each is as
    /// long, as much sourced and as much linked as the API allows (see PageWeightTests).
    /// </summary>
    public const int TimelinePageSize = 15;

    public static async Task<RazorComponentResult> GetPerson(string slug, string? from, string? to, string? medium, string? order, string? cursor,
        HttpContext http, [AsParameters] Api api, CancellationToken ct)
    {
        var timeline = await TimelineApi.GetTimeline(slug, PageQueries.Timeline(from, to, medium, order, TimelinePageSize, cursor), http, api.People, api.Statements, ct);
        if (PageResults.Problem(timeline.Result) is { } problem) return problem;
        var statements = PageResults.Value<Page<Statement>>(timeline.Result)!;
        var person = (await api.People.FindBySlugAsync(slug, ct))!;

        var stances = await api.Positions.HistoryAsync([person.Id], null, null, ct);
        var chart = StanceChart.Of(stances.Select(r => new StancePoint(r.TopicSlug, r.TopicName, DateTime.UnixEpoch.AddMilliseconds(r.SortUtcMs), r.Stance, r.StatementId, r.SaidAt)).ToList());
        var days = Display.ByDay(statements.Items, s => s.SaidAt).Select(d => new DayGroup(d.Key, d.Label, d.Items)).ToList();
        var newestFirst = order == "desc";
        var paging = PageLinks.Of(http.Request, statements.NextCursor, newestFirst ? "Older statements" : "Newer statements",
            newestFirst ? "Back to the newest" : "Back to the oldest");
        var json = PageLinks.Api(http.Request, $"/v1/people/{slug}/timeline", ["from", "to", "medium", "order"]);
        return PageResults.Show<PersonPage>(new PersonModel(person.ToPerson(), days, new TimelineFilter(from, to, medium, order), paging, chart, json,
            await LanguagesAsync(api, statements.Items, [], ct)));
    }

    public static async Task<RazorComponentResult> GetStatement(string id, HttpContext http, [AsParameters] Api api, CancellationToken ct) =>
        await Permalink<StatementPage>(id, http, api, ct);

    public static async Task<RazorComponentResult> GetEmbed(string id, HttpContext http, [AsParameters] Api api, CancellationToken ct) =>
        await Permalink<EmbedPage>(id, http, api, ct);

    /// <summary>Reversals and search hits on a page: enough to scan, and under 100 KB at their largest.</summary>
    public const int ListPageSize = 15;

    public static async Task<RazorComponentResult> GetReversals(string? person, string? topic, string? from, string? to, string? flip, string? cursor,
        HttpContext http, [AsParameters] Api api, CancellationToken ct)
    {
        const string facets = "person,topic,year";
        var result = await ReversalsApi.GetReversals(PageQueries.Reversals(person, topic, from, to, flip, facets, ListPageSize, cursor), http,
            api.People, api.Topics, api.Reversals, ct);
        if (PageResults.Problem(result.Result) is { } problem) return problem;
        var list = PageResults.Value<ReversalList>(result.Result)!;
        var active = Active(http.Request, ("person", person), ("topic", topic), ("from", from), ("to", to), ("flip", flip));
        var json = PageLinks.Api(http.Request, "/v1/reversals", ["person", "topic", "from", "to", "flip"], ("facets", facets));
        return PageResults.Show<ReversalsPage>(new ReversalsModel(list.Items, list.Total, list.Facets ?? new Dictionary<string, IReadOnlyList<FacetValue>>(),
            active, PageLinks.Of(http.Request, list.NextCursor, "Older reversals", "Back to the newest"), json, await LanguagesAsync(api, [], list.Items, ct)));
    }

    public static async Task<RazorComponentResult> GetSearch(string? q, string[]? person, string[]? topic, string? medium, string? from, string? to,
        string? sort, string? cursor, HttpContext http, [AsParameters] Api api, CancellationToken ct)
    {
        const string facets = "person,year,topic,medium";
        // Best match first when there are words to match; without them, the newest first, as the home page lists them.
        sort ??= q is null ? "-saidAt" : "relevance";
        var active = Active(http.Request, [.. (person ?? []).Select(p => ("person", (string?)p)), .. (topic ?? []).Select(t => ("topic", (string?)t)),
            ("medium", medium), ("from", from), ("to", to)]);
        var json = PageLinks.Api(http.Request, "/v1/statements", ["q", "person", "topic", "medium", "from", "to"], ("sort", sort), ("facets", facets));
        var empty = new Dictionary<string, IReadOnlyList<FacetValue>>();
        if (q is null && active.Count == 0)
            return PageResults.Show<SearchPage>(new SearchModel(null, sort, [], null, empty, active, new Paging(null, "", null, ""), new Dictionary<string, string[]>(), json,
                ExcerptLanguages.None));

        var result = await StatementListApi.ListStatements(PageQueries.Statements(person, topic, medium: medium, from: from, to: to, q: q, sort: sort,
            facets: facets, limit: ListPageSize, cursor: cursor), http, api.People, api.Topics, api.List, ct);
        // A query that cannot be read is the reader's to fix: say so on the search page, next to the box.
        if (result.Result is Microsoft.AspNetCore.Http.HttpResults.ValidationProblem invalid)
            return PageResults.Show<SearchPage>(new SearchModel(q, sort, [], null, empty, active, new Paging(null, "", null, ""),
                invalid.ProblemDetails.Errors, json, ExcerptLanguages.None), StatusCodes.Status400BadRequest);
        if (PageResults.Problem(result.Result) is { } problem) return problem;
        var list = PageResults.Value<StatementList>(result.Result)!;
        return PageResults.Show<SearchPage>(new SearchModel(q, sort, list.Items, list.Total, list.Facets ?? empty, active,
            PageLinks.Of(http.Request, list.NextCursor, "More results", "Back to the first results"), new Dictionary<string, string[]>(), json,
            await LanguagesAsync(api, list.Items, [], ct)));
    }

    /// <summary>The filters given, each with the link that lifts it (the page again without that parameter).</summary>
    private static List<ActiveFilter> Active(HttpRequest request, params (string Name, string? Value)[] filters) =>
        filters.Where(f => f.Value is not null).Select(f => new ActiveFilter(f.Name, f.Value!, PageLinks.With(request, f.Name, null))).ToList();

    /// <summary>A statement's page or its embed: the statement as the API's GetStatement answers it, and what a permalink adds.</summary>
    private static async Task<RazorComponentResult> Permalink<TPage>(string id, HttpContext http, Api api, CancellationToken ct)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var statement = await api.Statements.GetAsync(id, ct);
        if (statement is null) return PageResults.NotFound($"No statement has the id '{id}'.");
        var origin = Origin(http);
        // Retracted reviews are off the record and out of the markup; OfStatementAsync reads only live ones.
        var reviews = await api.Reviews.OfStatementAsync(id, ct);
        var history = statement.Revision > 1 ? (await api.Revisions.ListAsync("statement", id, null, 20, ct)).Items : [];
        return PageResults.Show<TPage>(new StatementModel(statement, reviews,
            reviews.Select(r => Reviews.ClaimReviewJson.Of(r, statement, origin)).ToList(), history, origin,
            Citation.Of(statement, origin), Citation.Embed(statement, origin), await LanguagesAsync(api, [statement], [], ct)));
    }

    /// <summary>The languages of the statements a page shows excerpts of: the other ends of links, both sides of reversals.</summary>
    private static async Task<ExcerptLanguages> LanguagesAsync(Api api, IEnumerable<Statement> statements, IEnumerable<Reversal> reversals, CancellationToken ct)
    {
        var ids = statements.SelectMany(s => s.Links.Select(l => l.Statement.Id))
            .Concat(reversals.SelectMany(r => new[] { r.Earlier.Id, r.Later.Id }))
            .ToHashSet();
        return new ExcerptLanguages(await api.Statements.LanguagesAsync(ids, ct));
    }

    /// <summary>This service's scheme, host and base path, as the ClaimReview markup and the API's own feeds name it.</summary>
    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>The stylesheet or script by its hashed name: cached for a year, since the name changes with the bytes.</summary>
    public static IResult GetAsset(string name, HttpContext http)
    {
        if (SiteAssets.Find(name) is not { } asset) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = SiteAssets.CacheControl;
        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>The stores the pages read, in one parameter (as eShop bundles a handler's services).</summary>
    public sealed record Api(
        People.PeopleStore People, Topics.TopicStore Topics, StatementStore Statements, StatementListStore List,
        ReversalStore Reversals, Positions.PositionStore Positions, Reviews.ReviewStore Reviews, Revisions.RevisionStore Revisions);
}
