namespace StatementTracker.Api.Search;

/// <summary>
/// Writes a <see cref="SearchQuery"/> as an SQLite FTS5 MATCH expression, to be bound as a parameter. Every word is a
/// double-quoted string, so nothing in it (NEAR, ^, a column name and colon) is FTS5 syntax; between them are only
/// spaces (AND), OR, NOT, parentheses and the <c>*</c> of a prefix.
/// </summary>
/// <remarks>
/// FTS5's NOT is binary (<c>a NOT b</c>: a without b), so exclusions follow what they exclude from:
/// <c>cyber unit -russia -putin</c> is <c>("cyber" "unit") NOT "russia" NOT "putin"</c>, and an exclusion inside one
/// alternative stays there: <c>a -x OR b</c> is <c>("a" NOT "x") OR "b"</c>. Anything that is not a single word or
/// phrase is parenthesised, so the meaning never rests on FTS5's precedence between implicit AND, NOT and OR.
/// </remarks>
public static class Fts5Renderer
{
    /// <exception cref="ArgumentException">A group with only exclusions, which FTS5 cannot express; the parser never makes one.</exception>
    public static string Render(SearchQuery query) => query switch
    {
        SearchQuery.Term t => Quote(t.Text) + (t.Prefix ? "*" : ""),
        SearchQuery.Phrase p => Quote(string.Join(' ', p.Tokens)) + (p.Prefix ? "*" : ""),
        SearchQuery.And a => All(a.Items),
        SearchQuery.Or o => string.Join(" OR ", o.Alternatives.Select(Operand)),
        SearchQuery.Not => throw NothingToExcludeFrom(),
        _ => throw new ArgumentException($"Unknown search query node {query.GetType().Name}.", nameof(query)),
    };

    private static string All(IReadOnlyList<SearchQuery> items)
    {
        var found = items.Where(i => i is not SearchQuery.Not).ToList();
        if (found.Count == 0) throw NothingToExcludeFrom();
        var text = found.Count == 1 ? Operand(found[0]) : string.Join(' ', found.Select(Operand));
        var excluded = items.OfType<SearchQuery.Not>().ToList();
        if (excluded.Count == 0) return text;
        if (found.Count > 1) text = $"({text})";
        return text + string.Concat(excluded.Select(n => " NOT " + Operand(n.Excluded)));
    }

    private static string Operand(SearchQuery query) =>
        query is SearchQuery.Term or SearchQuery.Phrase ? Render(query) : $"({Render(query)})";

    /// <summary>An FTS5 string: inside double quotes everything is text, and a double quote is written twice.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

    private static ArgumentException NothingToExcludeFrom() =>
        new("FTS5's NOT needs something to exclude from: a group of only exclusions cannot be rendered.", "query");
}
