using Microsoft.AspNetCore.WebUtilities;

namespace StatementTracker.Api.Infrastructure;

/// <summary>One value of a facet: how many items of the whole filtered result have it, and the query that narrows to them.</summary>
/// <param name="Value">The value as a filter takes it (a slug, a medium, 2017, 2017-07).</param>
/// <param name="Label">How to show it (a person's name, a topic's name); the value itself otherwise.</param>
/// <param name="Href">The list narrowed to this value: the current query with this filter added.</param>
public sealed record FacetValue(string Value, string Label, long Count, string Href);

/// <summary>What lists with facets share: reading <c>facets=</c>, and the link that narrows a list to one value.</summary>
public static class Facets
{
    public static List<string> Parse(string? text, IReadOnlyCollection<string> known, ValidationErrors errors)
    {
        var names = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        foreach (var name in names.Where(n => !known.Contains(n)))
            errors.Add("facets", $"'{name}' is not a facet here; the facets are: {string.Join(", ", known)}.");
        return names;
    }

    /// <summary>The current list's URL narrowed to one value of a facet: the page restarts.</summary>
    public static string Narrowed(HttpRequest request, string facet, string value)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        // The value replaces the facet's own filter (not added to it: most filters take one value), a date range
        // replaces from, to and tz, and a topic value is that topic alone, without its sub-topics.
        var dated = facet is "year" or "month";
        var replaced = dated ? new[] { "from", "to", "tz" } : facet == "topic" ? new[] { "topic", "includeSubtopics" } : [facet];
        var kept = query.Where(p => p.Key is not ("cursor" or "facets") && !replaced.Contains(p.Key))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))).ToList();
        if (dated)
        {
            kept.Add(new("from", value));
            kept.Add(new("to", value));
        }
        else kept.Add(new(facet, value));
        return request.PathBase + request.Path + QueryString.Create(kept);
    }
}
