using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.People;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Links;

/// <summary>All SQL about links between statements.</summary>
public sealed class LinkStore(DbSession db)
{
    public sealed class LinkRow
    {
        public string Id { get; init; } = "";
        public string Relation { get; init; } = "";
        public string? Note { get; init; }
        public string CreatedAt { get; init; } = "";
        public string Direction { get; init; } = "";
        public string OwnerId { get; init; } = "";
        public string OtherId { get; init; } = "";
        public string OtherSaidAt { get; init; } = "";
        public string OtherPrecision { get; init; } = "";
        public string? OtherSaidAtUtc { get; init; }
        public long OtherSort { get; init; }
        public long OtherRank { get; init; }
        public string OtherQuote { get; init; } = "";
        public string OtherSlug { get; init; } = "";
        public string OtherName { get; init; } = "";
        public long Revision { get; init; }

        public Link ToLink() => new(Id, Relation, Direction,
            StatementSummary.FromStored(OtherId, new PersonRef(OtherSlug, OtherName), OtherSaidAt, OtherPrecision, OtherSaidAtUtc, OtherQuote),
            Note, UtcText.Parse(CreatedAt), Revision);
    }

    /// <summary>A link touching a statement, with what its rules need of the other end.</summary>
    public sealed class TouchingRow
    {
        public string Id { get; init; } = "";
        public string Relation { get; init; } = "";
        public string StatementId { get; init; } = "";
        public string TargetId { get; init; } = "";
        public string OtherId { get; init; } = "";
        public string OtherPersonId { get; init; } = "";
        public string OtherPersonName { get; init; } = "";
        public string OtherSaidAt { get; init; } = "";
    }

    // Every link seen from its owner (the statement whose page shows it), in both directions, ordered like a
    // timeline by the statement at the other end. The owner filter goes in {0}, which links count in {1}.
    private const string LinkViews = """
        SELECT * FROM (
            SELECT l.id, l.relation, l.note, l.created_at, l.revision, 'outgoing' AS direction, l.statement_id AS owner_id,
                   o.id AS other_id, o.said_at AS other_said_at, o.date_precision AS other_precision,
                   o.said_at_utc AS other_said_at_utc, o.sort_utc_ms AS other_sort, o.precision_rank AS other_rank,
                   substr(o.quote, 1, 400) AS other_quote, p.slug AS other_slug, p.name AS other_name
              FROM links AS l
              JOIN statements AS o ON o.id = l.target_id
              JOIN people AS p ON p.id = o.person_id
             WHERE l.statement_id {0} AND {1}
            UNION ALL
            SELECT l.id, l.relation, l.note, l.created_at, l.revision, 'incoming', l.target_id,
                   o.id, o.said_at, o.date_precision, o.said_at_utc, o.sort_utc_ms, o.precision_rank,
                   substr(o.quote, 1, 400), p.slug, p.name
              FROM links AS l
              JOIN statements AS o ON o.id = l.statement_id
              JOIN people AS p ON p.id = o.person_id
             WHERE l.target_id {0} AND {1}
        ) AS v
        """;

    /// <summary>Links that count now: not retracted, between statements that are not retracted.</summary>
    private const string Live = "l.retracted_at IS NULL AND o.retracted_at IS NULL";

    /// <summary>
    /// Links that counted at @asRecorded: recorded by then and not yet retracted, to a statement that was on the record
    /// then, as its own revisions tell (a statement retracted then and restored since did not count).
    /// </summary>
    private const string AsRecorded = """
        l.created_at <= @asRecorded AND (l.retracted_at IS NULL OR l.retracted_at > @asRecorded)
        AND EXISTS (SELECT 1 FROM revisions AS rv
                     WHERE rv.entity_type = 'statement' AND rv.entity_id = o.id AND rv.retracted = 0
                       AND rv.revision = (SELECT MAX(m.revision) FROM revisions AS m
                                           WHERE m.entity_type = 'statement' AND m.entity_id = o.id AND m.recorded_at <= @asRecorded))
        """;

    /// <summary>The links of many statements in one query, grouped by statement.</summary>
    public async Task<ILookup<string, Link>> ForStatementsAsync(IReadOnlyCollection<string> ids, long? asRecordedMs, CancellationToken ct)
    {
        if (ids.Count == 0) return Array.Empty<Link>().ToLookup(_ => "");
        var asRecorded = asRecordedMs is null ? null : UtcText.Format(DateTime.UnixEpoch.AddMilliseconds(asRecordedMs.Value));
        var rows = await db.QueryAsync<LinkRow>(
            string.Format(LinkViews, "IN @ids", asRecorded is null ? Live : AsRecorded) + " ORDER BY v.other_sort, v.other_rank, v.other_id, v.id",
            new { ids, asRecorded }, ct);
        return rows.ToLookup(r => r.OwnerId, r => r.ToLink());
    }

    /// <summary>One page of a statement's links, keyset-paged on the timeline order of the other end.</summary>
    public async Task<Page<Link>> ListAsync(string statementId, LinksCursor? after, int limit, CancellationToken ct)
    {
        var rows = await db.QueryAsync<LinkRow>(
            string.Format(LinkViews, "= @statementId", Live) + """
             WHERE @afterSort IS NULL OR (v.other_sort, v.other_rank, v.other_id, v.id) > (@afterSort, @afterRank, @afterOther, @afterId)
             ORDER BY v.other_sort, v.other_rank, v.other_id, v.id
             LIMIT @take
            """,
            new { statementId, afterSort = after?.Sort, afterRank = after?.Rank, afterOther = after?.OtherId, afterId = after?.LinkId, take = limit + 1 },
            ct);
        return Cursor.ToPage(rows, limit, r => r.ToLink(),
            r => Cursor.Encode($"links:{statementId}", new LinksCursor(r.OtherSort, r.OtherRank, r.OtherId, r.Id)));
    }

    /// <summary>A link as seen from <paramref name="statementId"/>, when the link touches it.</summary>
    public async Task<Link?> FindAsync(string statementId, string linkId, CancellationToken ct)
    {
        var row = await db.QueryFirstOrDefaultAsync<LinkRow>(
            string.Format(LinkViews, "= @statementId", Live) + " WHERE v.id = @linkId", new { statementId, linkId }, ct);
        return row?.ToLink();
    }

    /// <summary>A link from <paramref name="statementId"/> to <paramref name="targetId"/> with one of <paramref name="relations"/>.</summary>
    public async Task<(string Id, string Relation)?> FindBetweenAsync(string statementId, string targetId, IEnumerable<string> relations, CancellationToken ct)
    {
        return await db.QueryFirstOrDefaultAsync<(string Id, string Relation)?>(
            "SELECT id, relation FROM links WHERE statement_id = @statementId AND target_id = @targetId AND relation IN @relations AND retracted_at IS NULL ORDER BY id",
            new { statementId, targetId, relations = relations.ToArray() }, ct);
    }

    /// <summary>A link's own row, retracted or not, for the commands that change it.</summary>
    public sealed class LinkRecord
    {
        public string Id { get; init; } = "";
        public string StatementId { get; init; } = "";
        public string TargetId { get; init; } = "";
        public string Relation { get; init; } = "";
        public string? Note { get; init; }
        public long Revision { get; init; }
        public string? RetractedAt { get; init; }
        public string? RetractionReason { get; init; }

        /// <summary>What a revision keeps of a link.</summary>
        public LinkSnapshot ToSnapshot() => new(StatementId, TargetId, Relation, Note, RetractedAt is null ? null : new Statements.RetractionNote(RetractionReason ?? "", null));
    }

    /// <summary>The link with this id touching <paramref name="statementId"/> at either end, retracted or not.</summary>
    public async Task<LinkRecord?> FindRecordAsync(string statementId, string linkId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<LinkRecord>("""
            SELECT id, statement_id, target_id, relation, note, revision, retracted_at, retraction_reason
              FROM links
             WHERE id = @linkId AND (statement_id = @statementId OR target_id = @statementId)
            """, new { statementId, linkId }, ct);

    public async Task<string> InsertAsync(string statementId, string targetId, string relation, string? note, WriteContext write, CancellationToken ct)
    {
        var id = Ids.New("ln");
        await db.ExecuteAsync("""
            INSERT INTO links (id, statement_id, target_id, relation, note, created_at, recorded_by)
            VALUES (@id, @statementId, @targetId, @relation, @note, @now, @recordedBy)
            """, new { id, statementId, targetId, relation, note, now = write.NowText, recordedBy = write.RecordedBy }, ct);
        return id;
    }

    /// <summary>Retracts a link: it leaves both statements and the reversals, and stays in its revisions.</summary>
    public async Task RetractAsync(string linkId, WriteContext write, CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE links SET retracted_at = @now, retraction_reason = @reason, recorded_by = @recordedBy WHERE id = @linkId
            """, new { linkId, now = write.NowText, reason = write.Reason, recordedBy = write.RecordedBy }, ct);

    /// <summary>
    /// For each statement, the chain of statements joined to it by repeats links (in either direction, at any
    /// distance): how many there are and which was said first. A statement without repeats is a chain of one.
    /// </summary>
    public async Task<Dictionary<string, RepeatChain>> RepeatChainsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        await RepeatChainsAsync(await db.QueryAsync<(string Id, string SaidAt, bool Linked)>($"""
            SELECT s.id, s.said_at, {Statements.StatementFlags.RepeatsLinkedSql} AS linked
              FROM statements AS s
             WHERE s.id IN @ids
            """, new { ids }, ct), ct);

    /// <summary>The chains of these statements, given each one's said_at and whether it has a repeats link either way (<see cref="Statements.StatementFlags.RepeatsLinked"/>).</summary>
    public async Task<Dictionary<string, RepeatChain>> RepeatChainsAsync(IEnumerable<(string Id, string SaidAt, bool Linked)> statements, CancellationToken ct)
    {
        // Most statements repeat nothing and are repeated by nothing: a chain of one, themselves. Two index seeks each
        // tell those apart, and only the others walk the recursive query, which cost a page of fifty about a sixth of
        // its time when it ran for every statement. A retracted repeats link still counts as one here: the walk, which
        // ignores it, decides.
        var alone = statements.ToList();
        var chains = alone.Where(s => !s.Linked)
            .ToDictionary(s => s.Id, s => new RepeatChain { Id = s.Id, RepeatCount = 1, FirstSaidAt = s.SaidAt, FirstStatementId = s.Id });
        var linked = alone.Where(s => s.Linked).Select(s => s.Id).ToList();
        if (linked.Count == 0) return chains;
        foreach (var chain in await WalkRepeatChainsAsync(linked, ct)) chains[chain.Id] = chain;
        return chains;
    }

    private async Task<List<RepeatChain>> WalkRepeatChainsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        return await db.QueryAsync<RepeatChain>("""
            WITH RECURSIVE chain (origin, member) AS (
                SELECT id, id FROM statements WHERE id IN @ids
                -- Forwards and backwards along repeats links in one step, since PostgreSQL lets the recursive term read
                -- the chain only once. The links are found by two index seeks per member (by statement and relation,
                -- by target); written as an OR, SQLite read every repeats link for each member instead.
                UNION
                SELECT c.origin, CASE WHEN l.statement_id = c.member THEN l.target_id ELSE l.statement_id END
                  FROM chain AS c
                  JOIN links AS l ON l.retracted_at IS NULL AND l.id IN (
                       SELECT f.id FROM links AS f WHERE f.statement_id = c.member AND f.relation = 'repeats'
                       UNION ALL
                       SELECT b.id FROM links AS b WHERE b.target_id = c.member AND b.relation = 'repeats')
            ),
            ranked AS (
                SELECT c.origin, s.id, s.said_at, COUNT(*) OVER (PARTITION BY c.origin) AS repeat_count,
                       ROW_NUMBER() OVER (PARTITION BY c.origin ORDER BY s.sort_utc_ms, s.precision_rank, s.id) AS n
                  -- CROSS JOIN keeps SQLite reading the chain first and each member by its key; with statistics on a
                  -- small database it would otherwise scan every statement. PostgreSQL reads it as a plain join.
                  FROM chain AS c
                  CROSS JOIN statements AS s
                 WHERE s.id = c.member AND (s.retracted_at IS NULL OR s.id = c.origin)
            )
            SELECT origin AS id, repeat_count, said_at AS first_said_at, id AS first_statement_id
              FROM ranked
             WHERE n = 1
            """, new { ids }, ct);
    }

    /// <summary>The links at either end of a statement, to re-check when the statement's person or date changes.</summary>
    public async Task<IReadOnlyList<TouchingRow>> LinksOfAsync(string statementId, CancellationToken ct)
    {
        return await db.QueryAsync<TouchingRow>("""
            SELECT l.id, l.relation, l.statement_id, l.target_id, o.id AS other_id, o.person_id AS other_person_id,
                   p.name AS other_person_name, o.said_at AS other_said_at
              FROM links AS l
              JOIN statements AS o ON o.id = CASE WHEN l.statement_id = @statementId THEN l.target_id ELSE l.statement_id END
              JOIN people AS p ON p.id = o.person_id
             WHERE (l.statement_id = @statementId OR l.target_id = @statementId) AND l.retracted_at IS NULL
            """, new { statementId }, ct);
    }
}

/// <summary>A claim's chain of repeats, seen from one of its statements.</summary>
public sealed class RepeatChain
{
    public string Id { get; init; } = "";
    public long RepeatCount { get; init; }
    public string FirstSaidAt { get; init; } = "";
    public string FirstStatementId { get; init; } = "";
}

/// <summary>The links list's keyset: the other end's timeline position, then the link id.</summary>
public sealed record LinksCursor(long Sort, long Rank, string OtherId, string LinkId);
