using System.Collections.Concurrent;

namespace StatementTracker.Api.Search;

/// <summary>
/// How many statements hold each word (or prefix) searched lately, as <see cref="SearchPlan"/> reads them to choose
/// between walking in date order and collecting the matches. SQLite's vocabulary table finds a word's count by
/// reading its whole list of documents: 19 ms for "the" at a million statements, two fifths of that search's time,
/// spent again on every request. The counts only choose a plan, never which statements answer or in what order, so
/// a count a little out of date costs at worst a slower plan: one is kept while the number of statements stays within
/// a hundredth of what it was when counted (a restore or a large import counts again), and the whole set starts
/// again past <see cref="MaxTerms"/> words rather than grow.
/// </summary>
public sealed class SearchTermCounts
{
    /// <summary>More words than this start the set again.</summary>
    public const int MaxTerms = 10_000;

    private readonly ConcurrentDictionary<(string Term, bool Prefix), (long Documents, long Statements)> _counts = new();

    /// <summary>The count kept for the word while <paramref name="statements"/> is close to what it was when counted; null otherwise.</summary>
    public long? Find(string term, bool prefix, long statements) =>
        _counts.TryGetValue((term, prefix), out var kept) && StillClose(kept.Statements, statements) ? kept.Documents : null;

    public void Keep(string term, bool prefix, long statements, long documents)
    {
        if (_counts.Count >= MaxTerms) _counts.Clear();
        _counts[(term, prefix)] = (documents, statements);
    }

    /// <summary>Whether a count taken at <paramref name="then"/> statements still stands at <paramref name="now"/>.</summary>
    public static bool StillClose(long then, long now) => Math.Abs(now - then) <= then / 100;
}
