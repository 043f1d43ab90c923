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

        group.MapGet("/", Home).WithName("HomePage");
        group.MapGet("/assets/{name}", Asset).WithName("SiteAsset");

        return group;
    }

    public static async Task<RazorComponentResult> Home(HttpContext http, [AsParameters] Api api, CancellationToken ct)
    {
        var newest = await StatementListApi.ListStatements(PageQueries.Statements(sort: "-saidAt", limit: 10), http, api.People, api.Topics, api.List, ct);
        var reversals = await ReversalsApi.GetReversals(PageQueries.Reversals(limit: 5), http, api.People, api.Topics, api.Reversals, ct);
        return PageResults.Show<HomePage>(new HomeModel(PageResults.Value<StatementList>(newest.Result)!.Items, PageResults.Value<ReversalList>(reversals.Result)!.Items));
    }

    /// <summary>The stylesheet or script by its hashed name: cached for a year, since the name changes with the bytes.</summary>
    public static IResult Asset(string name, HttpContext http)
    {
        if (SiteAssets.Find(name) is not { } asset) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = SiteAssets.CacheControl;
        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    /// <summary>The stores the pages read, in one parameter (as eShop bundles a handler's services).</summary>
    public sealed record Api(
        People.PeopleStore People, Topics.TopicStore Topics, StatementStore Statements, StatementListStore List,
        ReversalStore Reversals, Positions.PositionStore Positions, Reviews.ReviewStore Reviews);
}
