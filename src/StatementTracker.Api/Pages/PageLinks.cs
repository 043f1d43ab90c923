using Microsoft.AspNetCore.WebUtilities;

namespace StatementTracker.Api.Pages;

/// <summary>Links from a page to itself with one query value changed: the next page of a list, the first page again.</summary>
public static class PageLinks
{
    /// <summary>This request's path and query with <paramref name="name"/> set to <paramref name="value"/> (removed when null).</summary>
    public static string With(HttpRequest request, string name, string? value)
    {
        var kept = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => p.Key != name)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .ToList();
        if (value is not null) kept.Add(new(name, value));
        return request.PathBase + request.Path + QueryString.Create(kept);
    }

    /// <summary>The next page from a keyset list's cursor, and the first page once a cursor is in use.</summary>
    public static Paging Of(HttpRequest request, string? nextCursor, string nextLabel, string firstLabel) => new(
        nextCursor is null ? null : With(request, "cursor", nextCursor), nextLabel,
        request.Query.ContainsKey("cursor") ? With(request, "cursor", null) : null, firstLabel);

    /// <summary>
    /// The API URL behind a page: <paramref name="path"/> with the query values of this request the API takes there
    /// (<paramref name="names"/>; a page ignores others, the API would refuse them), without the page's own cursor,
    /// which is signed for the page's list and not the API's, and with any <paramref name="extra"/> values.
    /// </summary>
    public static string Api(HttpRequest request, string path, string[] names, params (string Name, string? Value)[] extra)
    {
        var kept = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => names.Contains(p.Key, StringComparer.Ordinal))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Concat(extra.Where(e => e.Value is not null).Select(e => new KeyValuePair<string, string?>(e.Name, e.Value)))
            .ToList();
        return path + QueryString.Create(kept);
    }
}
