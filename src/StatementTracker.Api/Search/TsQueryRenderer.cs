namespace StatementTracker.Api.Search;

/// <summary>
/// Writes a <see cref="SearchQuery"/> in PostgreSQL's tsquery syntax, for <c>to_tsquery('simple', @q)</c> once the
/// service runs on PostgreSQL: <c>&amp;</c> for words side by side, <c>|</c> for OR, <c>!</c> for an exclusion,
/// <c>&lt;-&gt;</c> between the words of a phrase and <c>:*</c> after a prefix. Every word is a quoted lexeme
/// (<c>'cyber'</c>, a quote doubled and a backslash escaped), so nothing typed becomes tsquery syntax.
/// </summary>
/// <remarks>
/// tsquery's <c>!</c> is unary, so exclusions sit beside what they exclude from: <c>a b -x OR c</c> is
/// <c>('a' &amp; 'b' &amp; !'x') | 'c'</c>. Groups and phrases inside others are parenthesised rather than left to
/// tsquery's precedence.
/// </remarks>
public static class TsQueryRenderer
{
    public static string Render(SearchQuery query) => query switch
    {
        SearchQuery.Term t => Lexeme(t.Text, t.Prefix),
        SearchQuery.Phrase p => string.Join(" <-> ", p.Tokens.Select((token, i) => Lexeme(token, p.Prefix && i == p.Tokens.Count - 1))),
        SearchQuery.Not n => "!" + Operand(n.Excluded),
        SearchQuery.And a => string.Join(" & ", a.Items.Select(Operand)),
        SearchQuery.Or o => string.Join(" | ", o.Alternatives.Select(Operand)),
        _ => throw new ArgumentException($"Unknown search query node {query.GetType().Name}.", nameof(query)),
    };

    private static string Operand(SearchQuery query) =>
        query is SearchQuery.Term or SearchQuery.Not ? Render(query) : $"({Render(query)})";

    private static string Lexeme(string text, bool prefix) =>
        "'" + text.Replace("\\", "\\\\").Replace("'", "''") + "'" + (prefix ? ":*" : "");
}
