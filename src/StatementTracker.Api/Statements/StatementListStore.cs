using System.Data;
using Dapper;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Search;

namespace StatementTracker.Api.Statements;

/// <summary>Filters of the statement list, resolved to ids and instants.</summary>
/// <param name="Query">The parsed full-text search, when q was given: the store writes it for its engine (<see cref="SearchSql"/>).</param>
public sealed record StatementFilter(
    IReadOnlyList<string>? PersonIds, IReadOnlyList<string>? TopicIds, string? Stance, string? Medium, string? Language,
    string? ExternalId, long? FromMs, long? ToMs, bool IncludeRetracted, SearchQuery? Query = null)
{
    /// <summary>A live fact-check's normalised rating the statement must carry.</summary>
    public string? Rating { get; init; }

    /// <summary>The folded publisher name a live fact-check of the statement must have (with Rating: the same review).</summary>
    public string? ReviewerKey { get; init; }

    /// <summary>exact or paraphrase.</summary>
    public string? Wording { get; init; }
}

/// <summary>
/// All SQL of the statement list across people: one WHERE clause built from fixed fragments (every value a
/// parameter), paged by keyset, counted by facet. Full-text parts come from <see cref="SearchSql"/>.
/// </summary>
public sealed class StatementListStore(DbSession db, StatementStore statements, SearchTermCounts termCounts)
{
    private readonly SearchSql _search = SearchSql.For(db.Engine);

    public const int MaxFacetValues = 50;

    public static readonly string[] FacetNames = ["person", "medium", "year", "month", "topic", "stance", "language", "rating", "reviewer", "wording"];


    public async Task<(IReadOnlyList<Statement> Items, StatementsCursor? Next)> PageAsync(StatementFilter filter, string sort,
        StatementsCursor? after, int limit, CancellationToken ct)
    {
        var walk = sort != "relevance" && filter.Query is not null && await WalkAsync(filter.Query, ct);
        // A walk that cuts the highlights as it goes, where the engine can: the match is its join, not a filter.
        var walkJoin = walk ? _search.WalkWithSnippets : null;
        var (where, parameters) = Where(filter, withMatch: sort != "relevance" && walkJoin is null, walk);
        parameters.Add("take", limit + 1);
        // Typed, because a null compared only with IS NULL tells PostgreSQL nothing of its type.
        List<StatementStore.StatementRow> rows;
        if (sort == "relevance")
        {
            parameters.Add("afterScore", after?.Score, DbType.Double);
            parameters.Add("afterId", after?.Id, DbType.String);
            rows = await db.QueryAsync<StatementStore.StatementRow>($"""
                WITH hits AS ({_search.Hits})
                {StatementStore.SelectStatement.Replace("SELECT s.id,", "SELECT hits.score, s.id,")}
                  JOIN hits ON {_search.HitsJoin}
                 WHERE {where}
                   AND (@afterId IS NULL OR hits.score > @afterScore OR (hits.score = @afterScore AND s.id > @afterId))
                 ORDER BY hits.score, s.id
                 LIMIT @take
                """, parameters, ct);
        }
        else
        {
            // Only fixed fragments vary with the order and the cursor; every value is a parameter. The cursor's bound is
            // left out of a first page rather than written "@x IS NULL OR ...", so the planner seeks the index to it and
            // a later page (an export's hundredth) does not read every statement before it.
            var (comparison, direction) = sort == "-saidAt" ? ("<", "DESC") : (">", "ASC");
            parameters.Add("afterSort", after?.Sort, DbType.Int64);
            parameters.Add("afterRank", after?.Rank, DbType.Int64);
            parameters.Add("afterId", after?.Id, DbType.String);
            var bound = after is null ? "" : $"AND (s.sort_utc_ms, s.precision_rank, s.id) {comparison} (@afterSort, @afterRank, @afterId)";
            var (select, match) = walkJoin is var (join, matchClause, snippet)
                ? ($"{StatementStore.SelectStatementWith($"{snippet} AS snippet")}\n  {join}", $"AND {matchClause}")
                : (StatementStore.SelectStatement, "");
            rows = await db.QueryAsync<StatementStore.StatementRow>($"""
                {select}
                 WHERE {where}
                   {match}
                   {bound}
                 ORDER BY s.sort_utc_ms {direction}, s.precision_rank {direction}, s.id {direction}
                 LIMIT @take
                """, parameters, ct);
        }
        var shown = rows.Take(limit).ToList();
        var items = await statements.ExpandAsync(shown, null, ct);
        if (filter.Query is { } query && items.Count > 0)
        {
            var snippets = walkJoin is not null
                ? shown.ToDictionary(r => r.Id, r => r.Snippet)
                : _search.Snippets is { } sql
                ? (await db.QueryAsync<(string Id, string? Snippet)>(sql, new { match = _search.Render(query), ids = items.Select(i => i.Id).ToList() }, ct))
                    .ToDictionary(s => s.Id, s => s.Snippet)
                : items.ToDictionary(i => i.Id, i => Snippet.Cut(i.Quote, query));
            items = items.Select(i => i with { Highlight = snippets.GetValueOrDefault(i.Id) is { } snippet ? Highlight.ToSafeMarkup(snippet) : null }).ToList();
        }
        var last = rows.Count > limit ? shown[^1] : null;
        return (items, last is null ? null : new StatementsCursor(last.SortUtcMs, last.PrecisionRank, last.Score, last.Id));
    }

    /// <summary>Every statement that passes the filters, in the sort asked for, read a page at a time as it is consumed.</summary>
    public async IAsyncEnumerable<Statement> StreamAsync(StatementFilter filter, string sort,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        StatementsCursor? after = null;
        do
        {
            var (items, next) = await PageAsync(filter, sort, after, 500, ct);
            foreach (var item in items) yield return item;
            after = next;
        } while (after is not null);
    }

    public async Task<long> CountAsync(StatementFilter filter, CancellationToken ct)
    {
        var (where, parameters) = Where(filter, withMatch: true);
        return await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM statements AS s WHERE {where}", parameters, ct);
    }

    /// <summary>The values of one facet over the whole filtered result, most statements first.</summary>
    public async Task<List<(string Value, string Label, long Count)>> FacetAsync(string facet, StatementFilter filter, CancellationToken ct)
    {
        var (where, parameters) = Where(filter, withMatch: true);
        parameters.Add("most", MaxFacetValues);
        // Each facet is one fixed query shape. Year and month are those of the UTC instant, as from and to read them,
        // so a value's narrowed list holds exactly what it counted (the engine's date functions: Data/SqlDialect.cs).
        var (value, label, from) = facet switch
        {
            // A reviewer's value is its name as first written, which reviewer= matches whatever the case.
            "reviewer" => ("rv.publisher_key", "MIN(rv.publisher_name)", "statements AS s JOIN reviews AS rv ON rv.statement_id = s.id AND rv.retracted_at IS NULL"),
            "rating" => ("rv.normalised_rating", "rv.normalised_rating", "statements AS s JOIN reviews AS rv ON rv.statement_id = s.id AND rv.retracted_at IS NULL AND rv.normalised_rating IS NOT NULL"),
            "wording" => ("s.wording", "s.wording", "statements AS s"),
            "person" => ("p.slug", "p.name", "statements AS s JOIN people AS p ON p.id = s.person_id"),
            "medium" => ("s.medium", "s.medium", "statements AS s"),
            "language" => ("s.language", "s.language", "statements AS s"),
            "year" => (db.Sql.UtcYear("s.sort_utc_ms"), db.Sql.UtcYear("s.sort_utc_ms"), "statements AS s"),
            "month" => (db.Sql.UtcMonth("s.sort_utc_ms"), db.Sql.UtcMonth("s.sort_utc_ms"), "statements AS s"),
            "topic" => ("t.slug", "t.name", """
                statements AS s
                JOIN (SELECT statement_id, topic_id FROM statement_positions
                      UNION SELECT statement_id, topic_id FROM statement_topics) AS x ON x.statement_id = s.id
                JOIN topics AS t ON t.id = x.topic_id
                """),
            "stance" => ("sp.stance", "sp.stance", "statements AS s JOIN statement_positions AS sp ON sp.statement_id = s.id"),
            _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "not a facet"),
        };
        var monthOnly = facet == "month" ? " AND s.precision_rank >= 1" : "";
        var groupBy = facet == "reviewer" ? value : $"{value}, {label}";
        var rows = await db.QueryAsync<(string Value, string Label, long Count)>($"""
            SELECT {value} AS value, {label} AS label, COUNT(DISTINCT s.id) AS count
              FROM {from}
             WHERE {where}{monthOnly}
             GROUP BY {groupBy}
             ORDER BY count DESC, value
             LIMIT @most
            """, parameters, ct);
        // A reviewer is narrowed to by name, as people type it.
        return facet == "reviewer" ? rows.Select(r => (r.Label, r.Label, r.Count)).ToList() : rows;
    }

    /// <summary>Whether a page in date order is found sooner by walking the statements than by collecting the matches.</summary>
    private async Task<bool> WalkAsync(SearchQuery query, CancellationToken ct)
    {
        // PostgreSQL's planner makes this choice itself, from the GIN index's statistics.
        if (!_search.ServiceChoosesPlan) return false;
        // The statements first: a word's count is kept while their number stays close (SearchTermCounts).
        var statements = await db.ExecuteScalarAsync<long>(_search.Statements, null, ct);
        var counts = new Dictionary<(string, bool), long>();
        foreach (var (term, prefix) in Words(query).Distinct())
        {
            if (termCounts.Find(term, prefix, statements) is not { } documents)
            {
                documents = await db.ExecuteScalarAsync<long>(prefix ? _search.DocumentsWithPrefix : _search.Documents,
                    new { term, upper = term + char.ConvertFromUtf32(0x10FFFF) }, ct);
                termCounts.Keep(term, prefix, statements, documents);
            }
            counts[(term, prefix)] = documents;
        }
        return SearchPlan.Walk(SearchPlan.MostMatches(query, (term, prefix) => counts[(term, prefix)]), statements);

        static IEnumerable<(string, bool)> Words(SearchQuery q) => q switch
        {
            SearchQuery.Term t => [(t.Text, t.Prefix)],
            SearchQuery.Phrase p => p.Tokens.Select((token, i) => (token, p.Prefix && i == p.Tokens.Count - 1)),
            SearchQuery.Not => [],
            SearchQuery.And a => a.Items.SelectMany(Words),
            SearchQuery.Or o => o.Alternatives.SelectMany(Words),
            _ => [],
        };
    }

    private (string Sql, DynamicParameters Parameters) Where(StatementFilter f, bool withMatch, bool walk = false)
    {
        var clauses = new List<string>();
        var parameters = new DynamicParameters();
        if (!f.IncludeRetracted) clauses.Add("s.retracted_at IS NULL");
        if (f.PersonIds is not null)
        {
            clauses.Add("s.person_id IN @personIds");
            parameters.Add("personIds", f.PersonIds);
        }
        if (f.TopicIds is not null)
        {
            clauses.Add("""
                (s.id IN (SELECT statement_id FROM statement_positions WHERE topic_id IN @topicIds)
                 OR s.id IN (SELECT statement_id FROM statement_topics WHERE topic_id IN @topicIds))
                """);
            parameters.Add("topicIds", f.TopicIds);
        }
        if (f.Stance is not null)
        {
            clauses.Add(f.TopicIds is null
                ? "EXISTS (SELECT 1 FROM statement_positions AS fs WHERE fs.statement_id = s.id AND fs.stance = @stance)"
                : "EXISTS (SELECT 1 FROM statement_positions AS fs WHERE fs.statement_id = s.id AND fs.stance = @stance AND fs.topic_id IN @topicIds)");
            parameters.Add("stance", f.Stance);
        }
        Equal("s.medium", "medium", f.Medium);
        Equal("s.language", "language", f.Language);
        Equal("s.external_id", "externalId", f.ExternalId);
        Equal("s.wording", "wording", f.Wording);
        if (f.Rating is not null || f.ReviewerKey is not null)
        {
            // One review must carry both when both are given: "rated false by PolitiFact", not false by one and checked by another.
            // An IN list, like topic=, lets the planner start from the (few) reviews rather than test every statement.
            var review = new List<string> { "fr.retracted_at IS NULL" };
            if (f.Rating is not null) review.Add("fr.normalised_rating = @rating");
            if (f.ReviewerKey is not null) review.Add("fr.publisher_key = @reviewerKey");
            clauses.Add($"s.id IN (SELECT fr.statement_id FROM reviews AS fr WHERE {string.Join(" AND ", review)})");
            parameters.Add("rating", f.Rating);
            parameters.Add("reviewerKey", f.ReviewerKey);
        }
        if (f.FromMs is not null)
        {
            clauses.Add("s.sort_utc_ms >= @fromMs");
            parameters.Add("fromMs", f.FromMs);
        }
        if (f.ToMs is not null)
        {
            clauses.Add("s.sort_utc_ms < @toMs");
            parameters.Add("toMs", f.ToMs);
        }
        if (f.Query is not null)
        {
            if (withMatch) clauses.Add(walk ? _search.MatchWalk : _search.MatchFilter);
            parameters.Add("match", _search.Render(f.Query));
        }
        return (clauses.Count == 0 ? "1 = 1" : string.Join("\n   AND ", clauses), parameters);

        void Equal(string column, string name, string? value)
        {
            if (value is null) return;
            clauses.Add($"{column} = @{name}");
            parameters.Add(name, value);
        }
    }
}
