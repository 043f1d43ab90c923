namespace StatementTracker.Api.Search;

/// <summary>
/// How to find a page of matches in date order. Collecting every match first costs as many rows as there are
/// matches (half the archive for "the"); walking the statements in date order and checking each against the index
/// costs about page size ÷ share of matches (ruinous for a rare word). The share decides, estimated from how many
/// statements hold each word: an upper bound, since words side by side can only narrow it.
/// </summary>
public static class SearchPlan
{
    /// <summary>Above this share of all statements, walk in date order and check each one.</summary>
    public const double WalkAbove = 0.05;

    /// <summary>At most how many statements can match <paramref name="query"/>, given each word's (or prefix's) document count.</summary>
    public static long MostMatches(SearchQuery query, Func<string, bool, long> documents) => query switch
    {
        SearchQuery.Term t => documents(t.Text, t.Prefix),
        SearchQuery.Phrase p => p.Tokens.Select((token, i) => documents(token, p.Prefix && i == p.Tokens.Count - 1)).Min(),
        SearchQuery.Not => long.MaxValue,   // an exclusion narrows nothing on its own; its And's other items bound it
        SearchQuery.And a => a.Items.Select(item => MostMatches(item, documents)).Min(),
        SearchQuery.Or o => o.Alternatives.Select(item => MostMatches(item, documents)).Aggregate(0L, (sum, n) => n == long.MaxValue || sum == long.MaxValue ? long.MaxValue : sum + n),
        _ => long.MaxValue,
    };

    /// <summary>True when the matches are common enough that walking in date order finds a page sooner.</summary>
    public static bool Walk(long mostMatches, long statements) => statements > 0 && (double)mostMatches / statements > WalkAbove;
}
