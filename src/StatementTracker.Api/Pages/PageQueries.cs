using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Pages;

/// <summary>
/// The API's query records as a page fills them: only the filters the page offers, the rest left out, and always a
/// JSON page (format=json), so a browser's Accept header never turns a page's read into a CSV export.
/// </summary>
public static class PageQueries
{
    public static StatementsQuery Statements(string[]? person = null, string[]? topic = null, string? stance = null, string? medium = null,
        string? language = null, string? from = null, string? to = null, string? q = null, string? sort = null, string? facets = null,
        long? limit = null, string? cursor = null) =>
        new()
        {
            Person = person, Topic = topic, Stance = stance, Medium = medium, Language = language, From = from, To = to, Q = q, Sort = sort,
            Facets = facets, Format = "json", Limit = limit, Cursor = cursor,
        };

    public static ReversalsQuery Reversals(string? person = null, string? topic = null, string? from = null, string? to = null, string? flip = null,
        string? facets = null, long? limit = null, string? cursor = null) =>
        new() { Person = person, Topic = topic, From = from, To = to, Flip = flip, Facets = facets, Format = "json", Limit = limit, Cursor = cursor };

    public static TimelineQuery Timeline(string? from, string? to, string? medium, string? order, long? limit, string? cursor) =>
        new() { From = from, To = to, Medium = medium, Order = order, Format = "json", Limit = limit, Cursor = cursor };
}
