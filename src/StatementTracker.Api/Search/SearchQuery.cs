namespace StatementTracker.Api.Search;

/// <summary>
/// A full-text search (<c>q=</c>) as a tree. <see cref="SearchQueryParser"/> makes it from what a person typed, always in
/// one shape: alternatives (<see cref="Or"/>) of words and phrases side by side (<see cref="And"/>), some excluded
/// (<see cref="Not"/>), each with something to find. Every word is a token as <see cref="SearchTokens"/> makes them, so
/// the renderers can quote it and nothing typed reaches an engine as syntax.
/// </summary>
/// <remarks>
/// Records holding lists compare those lists by reference; compare trees by <see cref="ToString"/>, which writes the
/// query back in the language itself, normalised (<c>"u s" cyber* -russia OR putin</c>).
/// </remarks>
public abstract record SearchQuery
{
    /// <summary>One word; with <paramref name="Prefix"/>, any word it begins (<c>cyber*</c>).</summary>
    public sealed record Term(string Text, bool Prefix = false) : SearchQuery;

    /// <summary>
    /// Two or more words next to each other, in order: a quoted phrase, or one typed word that splits in two (<c>U.S.</c>).
    /// With <paramref name="Prefix"/> the last word is a prefix (<c>"cyber sec"*</c>).
    /// </summary>
    public sealed record Phrase(IReadOnlyList<string> Tokens, bool Prefix = false) : SearchQuery;

    /// <summary>A word or phrase a match must not contain (<c>-russia</c>).</summary>
    public sealed record Not(SearchQuery Excluded) : SearchQuery;

    /// <summary>Everything here must match (words typed side by side).</summary>
    public sealed record And(IReadOnlyList<SearchQuery> Items) : SearchQuery;

    /// <summary>Any one of these must match (<c>trump OR putin</c>).</summary>
    public sealed record Or(IReadOnlyList<SearchQuery> Alternatives) : SearchQuery;

    /// <summary>
    /// The words and phrases a match contains, for marking them in results: excluded ones left out, each once, in the
    /// order typed. A phrase is its words joined by one space, and a prefix ends in <c>*</c> (<c>"cyber unit"</c>,
    /// <c>"russ*"</c>); words never contain either, so the form is unambiguous.
    /// </summary>
    public IReadOnlyList<string> HighlightTerms()
    {
        var terms = new List<string>();
        Collect(this, terms);
        return terms.Distinct(StringComparer.Ordinal).ToList();

        static void Collect(SearchQuery query, List<string> terms)
        {
            switch (query)
            {
                case Term t: terms.Add(t.Text + (t.Prefix ? "*" : "")); break;
                case Phrase p: terms.Add(string.Join(' ', p.Tokens) + (p.Prefix ? "*" : "")); break;
                case And a: foreach (var item in a.Items) Collect(item, terms); break;
                case Or o: foreach (var alternative in o.Alternatives) Collect(alternative, terms); break;
            }
        }
    }

    /// <summary>The query in its own language, normalised; parsing it again gives the same tree.</summary>
    public sealed override string ToString() => this switch
    {
        Term t => t.Text + (t.Prefix ? "*" : ""),
        Phrase p => "\"" + string.Join(' ', p.Tokens) + "\"" + (p.Prefix ? "*" : ""),
        Not n => "-" + n.Excluded,
        And a => string.Join(' ', a.Items.Select(i => i is Or ? $"({i})" : i.ToString())),
        Or o => string.Join(" OR ", o.Alternatives),
        _ => GetType().Name,
    };
}
