using StatementTracker.Api.Data;
using StatementTracker.Api.Positions;

namespace StatementTracker.Api.Statements;

/// <summary>
/// All SQL about a statement's parts: its sources, the topics it is about and its stances, read from their tables, and
/// the <see cref="StatementParts"/> document kept of them beside its row (migration 0017).
/// </summary>
public sealed class StatementPartsStore(DbSession db)
{
    /// <summary>One row of <see cref="SelectParts"/>: what it is (kind), whose, and up to five texts and a number.</summary>
    private sealed class PartRow
    {
        public long Kind { get; init; }
        public string StatementId { get; init; } = "";
        public string? A { get; init; }
        public string? B { get; init; }
        public string? C { get; init; }
        public string? D { get; init; }
        public string? E { get; init; }
        public long N { get; init; }
    }

    private const long SourcePart = 0, TopicPart = 1, StancePart = 2;

    /// <summary>
    /// A page's sources (kind 0: url, title, publisher, published_at, archive_url by position), the topics it is about
    /// (1: slug) and its stances (2: topic slug, stance). All in one query instead of three: each of them bound the
    /// page's ids again and stepped its own statement. Ordered by kind, then statement, then position or slug: within
    /// a statement the order each of them had alone. What else a statement has comes with its row (s.flags).
    /// </summary>
    private const string SelectParts = """
        SELECT 0 AS kind, statement_id, url AS a, title AS b, publisher AS c, published_at AS d, archive_url AS e, position AS n
          FROM sources WHERE statement_id IN @ids
        UNION ALL
        SELECT 1, st.statement_id, t.slug, NULL, NULL, NULL, NULL, 0
          FROM statement_topics AS st JOIN topics AS t ON t.id = st.topic_id WHERE st.statement_id IN @ids
        UNION ALL
        SELECT 2, sp.statement_id, t.slug, sp.stance, NULL, NULL, NULL, 0
          FROM statement_positions AS sp JOIN topics AS t ON t.id = sp.topic_id WHERE sp.statement_id IN @ids
        ORDER BY kind, statement_id, n, a
        """;

    /// <summary>The sources, topics and stances of each of these statements, read from their tables; none for an id without any.</summary>
    public async Task<Dictionary<string, StatementParts>> ReadAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = (await db.QueryAsync<PartRow>(SelectParts, new { ids }, ct)).ToLookup(p => p.Kind);
        var sources = rows[SourcePart].ToLookup(s => s.StatementId, s => new Source(s.A!, s.B, s.C, s.D, s.E));
        var about = rows[TopicPart].ToLookup(t => t.StatementId, t => t.A!);
        var stances = rows[StancePart].ToLookup(p => p.StatementId, p => new StatementPosition(p.A!, p.B!));
        return ids.Distinct().ToDictionary(id => id, id => new StatementParts(sources[id].ToList(), about[id].ToList(), stances[id].ToList()));
    }

    /// <summary>
    /// Writes the <see cref="StatementParts"/> document of each of these statements from their tables: the last step of
    /// every write of a statement, once its sources, topics and stances are written (any change to them cleared it).
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        // PostgreSQL: the rows are locked before the tables are read, so a writer at those tables in another transaction
        // (whose triggers lock the same rows) either commits first and is read, or waits and clears what this writes.
        if (db.Sql.LockRows.Length > 0)
            await db.ExecuteAsync($"SELECT id FROM statements WHERE id IN @ids ORDER BY id{db.Sql.LockRows}", new { ids }, ct);
        var documents = new List<object>(ids.Count);
        foreach (var (id, parts) in await ReadAsync(ids, ct))
        {
            // Text SQLite holds but JSON cannot (a lone surrogate written behind the service's back) keeps no document:
            // the tables are read instead, as for any statement without one.
            try { documents.Add(new { id, parts = parts.ToJson() }); }
            catch (ArgumentException) { }
        }
        if (documents.Count > 0) await db.ExecuteAsync("UPDATE statements SET parts = @parts WHERE id = @id", documents, ct);
    }

    /// <summary>Writes the document of one statement whose parts are known without reading them back: one just recorded.</summary>
    public async Task WriteAsync(string id, StatementParts parts, CancellationToken ct)
    {
        string document;
        try { document = parts.ToJson(); }
        catch (ArgumentException) { return; }
        await db.ExecuteAsync("UPDATE statements SET parts = @document WHERE id = @id", new { id, document }, ct);
    }

    /// <summary>Writes the document of every statement that has none, in batches of <paramref name="batch"/>; returns how many.</summary>
    public async Task<int> WriteMissingAsync(CancellationToken ct, int batch = 500)
    {
        var written = 0;
        string? after = null;
        while (true)
        {
            var ids = await db.QueryAsync<string>(after is null
                ? "SELECT id FROM statements WHERE parts IS NULL ORDER BY id LIMIT @batch"
                : "SELECT id FROM statements WHERE parts IS NULL AND id > @after ORDER BY id LIMIT @batch", new { after, batch }, ct);
            if (ids.Count == 0) return written;
            await WriteAsync(ids, ct);
            written += ids.Count;
            after = ids[^1];
        }
    }
}
