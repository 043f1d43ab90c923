using StatementTracker.Api.Data;

namespace StatementTracker.Api.Search;

/// <summary>
/// The engine-specific SQL of full-text search, in one place per engine: SQLite's FTS5 (<see cref="Fts5SearchSql"/>,
/// migration 0009's statements_fts) and PostgreSQL's tsvector with a GIN index (<see cref="TsVectorSearchSql"/>,
/// the statements.search_vector column of its 0009). The query language, its errors and paging are the same on both,
/// because both start from one parsed <see cref="SearchQuery"/>; only how it is written for the engine, how matches
/// rank and how a highlight is cut differ (README, "What differs between the engines").
/// </summary>
public abstract class SearchSql
{
    public static SearchSql For(DatabaseEngine engine) => engine == DatabaseEngine.Postgres ? TsVectorSearchSql.Instance : Fts5SearchSql.Instance;

    /// <summary>The parsed query as the engine's match expression, bound as @match.</summary>
    public abstract string Render(SearchQuery query);

    /// <summary>A filter on statements aliased s: only those whose quote or summary match @match.</summary>
    public abstract string MatchFilter { get; }

    /// <summary>The same filter checked statement by statement, for a walk in date order (see <see cref="SearchPlan"/>).</summary>
    public abstract string MatchWalk { get; }

    /// <summary>
    /// Where the engine can: the walk's match as a join of statements s with the index that also yields each
    /// statement's highlight, the same as <see cref="Snippets"/> cuts, so a page in date order looks each statement up
    /// in the index once instead of twice (<see cref="MatchWalk"/> for the page, then Snippets for its highlights).
    /// Join follows the FROM of s, Match goes into the WHERE, Snippet is the highlight's column expression. Null otherwise.
    /// </summary>
    public virtual (string Join, string Match, string Snippet)? WalkWithSnippets => null;

    /// <summary>The matches with their relevance, lower is better, as columns hit and score, to join statements s with <see cref="HitsJoin"/>.</summary>
    public abstract string Hits { get; }

    /// <summary>How hits joins statements s.</summary>
    public abstract string HitsJoin { get; }

    /// <summary>
    /// Whether the service must choose between walking in date order and collecting matches (SQLite, from word counts
    /// read with <see cref="Documents"/>), or the engine's planner chooses from its own statistics (PostgreSQL).
    /// </summary>
    public abstract bool ServiceChoosesPlan { get; }

    /// <summary>How many statements hold @term. Only where <see cref="ServiceChoosesPlan"/>.</summary>
    public virtual string Documents => throw new NotSupportedException();

    /// <summary>How many statements hold a word that starts with @term (up to @upper). Only where <see cref="ServiceChoosesPlan"/>.</summary>
    public virtual string DocumentsWithPrefix => throw new NotSupportedException();

    /// <summary>About how many statements there are. Only where <see cref="ServiceChoosesPlan"/>.</summary>
    public virtual string Statements => throw new NotSupportedException();

    /// <summary>
    /// Each of @ids with its quote's highlight (matched words between <see cref="Highlight.Open"/> and
    /// <see cref="Highlight.Close"/>, cut to about 32 words) as columns id and snippet; null where the service cuts
    /// highlights itself from the quote (<see cref="Snippet"/>).
    /// </summary>
    public abstract string? Snippets { get; }
}

/// <summary>SQLite FTS5: the statements_fts index of migration 0009, joined by rowid, ranked by bm25.</summary>
public sealed class Fts5SearchSql : SearchSql
{
    public static readonly Fts5SearchSql Instance = new();

    public override string Render(SearchQuery query) => Fts5Renderer.Render(query);

    public override string MatchFilter => "s.rowid IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH @match)";

    public override string MatchWalk =>
        "EXISTS (SELECT 1 FROM statements_fts WHERE statements_fts MATCH @match AND statements_fts.rowid = s.rowid)";

    /// <summary>
    /// CROSS JOIN keeps statements the outer loop, read in the page's order, and the index looked up by each one's row,
    /// as MatchWalk's correlated EXISTS does; the snippet is <see cref="Snippets"/>' own. At 1,000,000 statements a page
    /// of 'the' spent 5.2 ms walking and 3.5 ms more cutting highlights; this walk costs 7.2 ms for both.
    /// </summary>
    public override (string Join, string Match, string Snippet)? WalkWithSnippets =>
        ("CROSS JOIN statements_fts", "statements_fts MATCH @match AND statements_fts.rowid = s.rowid",
            "snippet(statements_fts, 0, char(1), char(2), '…', 32)");

    /// <summary>FTS5's bm25 (lower is better), quote words weighing twice summary words.</summary>
    public override string Hits => "SELECT rowid AS hit, bm25(statements_fts, 2.0, 1.0) AS score FROM statements_fts WHERE statements_fts MATCH @match";

    public override string HitsJoin => "hits.hit = s.rowid";

    public override bool ServiceChoosesPlan => true;

    /// <summary>From the index's vocabulary (migration 0010): a direct look-up of the term.</summary>
    public override string Documents => "SELECT COALESCE(SUM(doc), 0) FROM statements_fts_vocabulary WHERE term = @term";

    /// <summary>Summed over the vocabulary's range of such words: plain comparisons, so it seeks instead of reading every word.</summary>
    public override string DocumentsWithPrefix =>
        "SELECT COALESCE(SUM(doc), 0) FROM statements_fts_vocabulary WHERE term >= @term AND term < @upper";

    /// <summary>The highest row number, read from the end of the table's b-tree.</summary>
    public override string Statements => "SELECT COALESCE(MAX(rowid), 0) FROM statements";

    /// <summary>
    /// FTS5's snippet, looked up by each statement's row in the index, so a page costs its own rows, not every match
    /// of a common word. The marks are control characters, which no quote may hold.
    /// </summary>
    public override string Snippets => """
        SELECT s.id,
               (SELECT snippet(statements_fts, 0, char(1), char(2), '…', 32)
                  FROM statements_fts
                 WHERE statements_fts MATCH @match AND statements_fts.rowid = s.rowid) AS snippet
          FROM statements AS s
         WHERE s.id IN @ids
        """;
}

/// <summary>
/// PostgreSQL: statements.search_vector (generated from the quote, weight A, and the summary, weight B) with a GIN
/// index. The query's words go through st_fold, the function that folded the indexed words, so accents and case
/// compare alike on both sides.
/// </summary>
public sealed class TsVectorSearchSql : SearchSql
{
    public static readonly TsVectorSearchSql Instance = new();

    private const string Query = "to_tsquery('simple', st_fold(@match))";

    public override string Render(SearchQuery query) => TsQueryRenderer.RenderForIndex(query);

    public override string MatchFilter => $"s.search_vector @@ {Query}";

    public override string MatchWalk => MatchFilter;

    /// <summary>ts_rank, negated so that lower is better as with bm25; weights D, C, B (summary), A (quote).</summary>
    public override string Hits =>
        $"SELECT id AS hit, (-ts_rank('{{0, 0, 0.5, 1}}', search_vector, {Query}))::float8 AS score FROM statements WHERE search_vector @@ {Query}";

    public override string HitsJoin => "hits.hit = s.id";

    public override bool ServiceChoosesPlan => false;

    /// <summary>ts_headline works on the quote's own words, unfolded, so it would miss "México" for mexico: the service cuts it.</summary>
    public override string? Snippets => null;
}
