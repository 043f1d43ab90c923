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

    /// <summary>What matches nothing: no statement both holds and lacks a word.</summary>
    public const string Nothing = "'a' & !'a'";

    /// <summary>
    /// The query as PostgreSQL can answer it. Its index splits words on anything but letters and decimal digits
    /// (st_words), while the query language, shared with SQLite, also takes other numbers and private-use characters
    /// as word characters ("²", "½"). So each word is split the same way here: "x²" is "x", a word split in two is a
    /// phrase, and a word of none (to_tsquery would silently drop it, turning "² -russia" into "everything but russia")
    /// matches nothing: an AND holding it matches nothing, an exclusion of it excludes nothing, an OR loses that
    /// alternative, and a query left with nothing renders as <see cref="Nothing"/>.
    /// </summary>
    public static string RenderForIndex(SearchQuery query) => Indexable(query) is { } kept ? Render(kept) : Nothing;

    private static SearchQuery? Indexable(SearchQuery query)
    {
        switch (query)
        {
            case SearchQuery.Term t:
                return Parts(t.Text) switch
                {
                    [] => null,
                    [var one] => new SearchQuery.Term(one, t.Prefix),
                    var parts => new SearchQuery.Phrase(parts, t.Prefix),
                };
            case SearchQuery.Phrase p:
                var tokens = p.Tokens.SelectMany((token, i) => Parts(token).Select(part => (part, last: i == p.Tokens.Count - 1))).ToList();
                // A prefix holds only if the phrase's last word kept its last part.
                var prefix = p.Prefix && tokens.Count > 0 && tokens[^1].last && p.Tokens[^1].EndsWith(tokens[^1].part, StringComparison.Ordinal);
                return tokens.Count == 0 ? null : tokens.Count == 1 ? new SearchQuery.Term(tokens[0].part, prefix)
                    : new SearchQuery.Phrase(tokens.Select(t => t.part).ToList(), prefix);
            case SearchQuery.And a:
                var items = new List<SearchQuery>();
                foreach (var item in a.Items)
                {
                    if (item is SearchQuery.Not not)
                    {
                        // Excluding what can never be there excludes nothing.
                        if (Indexable(not.Excluded) is { } excluded) items.Add(new SearchQuery.Not(excluded));
                        continue;
                    }
                    if (Indexable(item) is not { } kept) return null;
                    items.Add(kept);
                }
                return items.Count == 1 && items[0] is not SearchQuery.Not ? items[0] : new SearchQuery.And(items);
            case SearchQuery.Or o:
                var alternatives = o.Alternatives.Select(Indexable).OfType<SearchQuery>().ToList();
                return alternatives.Count switch { 0 => null, 1 => alternatives[0], _ => new SearchQuery.Or(alternatives) };
            default:
                return query;
        }
    }

    /// <summary>The parts of <paramref name="word"/> PostgreSQL's index holds: its runs of letters and decimal digits.</summary>
    private static List<string> Parts(string word)
    {
        var parts = new List<string>();
        var part = new System.Text.StringBuilder();
        foreach (var rune in word.EnumerateRunes())
        {
            if (System.Text.Rune.IsLetter(rune) || System.Text.Rune.IsDigit(rune)) part.Append(rune.ToString());
            else if (part.Length > 0) { parts.Add(part.ToString()); part.Clear(); }
        }
        if (part.Length > 0) parts.Add(part.ToString());
        return parts;
    }
}
