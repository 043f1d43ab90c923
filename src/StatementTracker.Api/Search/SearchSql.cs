namespace StatementTracker.Api.Search;

/// <summary>
/// The engine-specific SQL of full-text search, in one place: SQLite's FTS5 here (migration 0009 makes the
/// statements_fts index). Everything else about search (the query language, its errors, paging) is the
/// engine's business nowhere else. The MATCH argument is always a parameter rendered by <see cref="Fts5Renderer"/>.
/// </summary>
public static class SearchSql
{
    /// <summary>A filter on statements aliased s: only those whose quote or summary match @match.</summary>
    public const string MatchFilter = "s.rowid IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH @match)";

    /// <summary>The matches with their relevance (lower is better: FTS5's bm25), to join statements s on s.rowid = hits.rowid.</summary>
    public const string Hits = "SELECT rowid, bm25(statements_fts, 2.0, 1.0) AS score FROM statements_fts WHERE statements_fts MATCH @match";

    /// <summary>
    /// The quote of each of @ids with the matched words between two control characters (which no quote may hold) and cut around them to about
    /// 32 words; <see cref="Highlight"/> turns the marks into safe markup. Each snippet is looked up by its row in the
    /// index, so a page costs its own rows, not every match of a common word.
    /// </summary>
    public const string Snippets = """
        SELECT s.id,
               (SELECT snippet(statements_fts, 0, char(1), char(2), '…', 32)
                  FROM statements_fts
                 WHERE statements_fts MATCH @match AND statements_fts.rowid = s.rowid) AS snippet
          FROM statements AS s
         WHERE s.id IN @ids
        """;

    /// <summary>The same filter checked statement by statement, for a walk in date order (see <see cref="SearchPlan"/>).</summary>
    public const string MatchWalk =
        "EXISTS (SELECT 1 FROM statements_fts WHERE statements_fts MATCH @match AND statements_fts.rowid = s.rowid)";

    /// <summary>How many statements hold @term, from the index's vocabulary (a direct look-up of the term).</summary>
    public const string Documents = "SELECT COALESCE(SUM(doc), 0) FROM statements_fts_vocabulary WHERE term = @term";

    /// <summary>
    /// How many statements hold a word that starts with @term: summed over the vocabulary's range of such words. Plain
    /// comparisons on term, so the vocabulary seeks to the range instead of reading every word.
    /// </summary>
    public const string DocumentsWithPrefix =
        "SELECT COALESCE(SUM(doc), 0) FROM statements_fts_vocabulary WHERE term >= @term AND term < @upper";

    /// <summary>About how many statements there are: the highest row number, read from the end of the table's b-tree.</summary>
    public const string Statements = "SELECT COALESCE(MAX(rowid), 0) FROM statements";
}
