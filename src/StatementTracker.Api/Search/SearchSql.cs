namespace StatementTracker.Api.Search;

/// <summary>
/// The engine-specific SQL of full-text search, in one place: SQLite's FTS5 here (migration 0008 makes the
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
    /// The quote of each of @ids with the matched words between two private-use marks and cut around them to about
    /// 32 words; <see cref="Highlight"/> turns the marks into safe markup.
    /// </summary>
    public const string Snippets = """
        SELECT s.id, snippet(statements_fts, 0, char(57344), char(57345), '…', 32) AS snippet
          FROM statements_fts
          JOIN statements AS s ON s.rowid = statements_fts.rowid
         WHERE statements_fts MATCH @match AND s.id IN @ids
        """;
}
