using System.Text.Json;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using static StatementTracker.Api.Reversals.ReversalRules;

namespace StatementTracker.Api.Reversals;

/// <summary>
/// All SQL that keeps the derived reversal rows in step with statements, stances and links. Rows are temporal:
/// a change closes the rows it makes wrong (valid_to_ms) and opens new ones, so the live feed reads open rows and
/// "as recorded at" reads the rows open then. A write refreshes only the later statements it can affect (the
/// changed statement and its neighbours on its topics), each from a few indexed look-ups, so its cost does not
/// grow with the person's history; <see cref="RebuildAllAsync"/> derives everything again for maintenance.
/// </summary>
public sealed class ReversalWriter(DbSession db)
{
    private static readonly string[] Flips = [.. LinkFlips.Keys];

    private sealed class LiveRow
    {
        public long Id { get; init; }
        public string EarlierId { get; init; } = "";
        public string LaterId { get; init; } = "";
        public string Flip { get; init; } = "";
        public string? LinkId { get; init; }
        public string? Relation { get; init; }
        public string? Stances { get; init; }
        public long LaterSort { get; init; }
        public long LaterRank { get; init; }
    }

    private sealed class LaterRow
    {
        public string Id { get; init; } = "";
        public string PersonId { get; init; } = "";
        public long SortUtcMs { get; init; }
        public long PrecisionRank { get; init; }
        public string? RetractedAt { get; init; }
        public string CreatedAt { get; init; } = "";
    }

    /// <summary>
    /// The later statements whose reversals depend on <paramref name="statementId"/> as it stands now: itself, the
    /// next stance after it on each of its topics, and the statements that reverse it or walk it back. Ask before
    /// and after a change, and refresh both answers.
    /// </summary>
    public async Task<HashSet<string>> AffectedByAsync(string statementId, CancellationToken ct)
    {
        var ids = await db.QueryAsync<string>("""
            SELECT (SELECT n.statement_id
                      FROM statement_positions AS n
                     WHERE n.topic_id = sp.topic_id AND n.person_id = sp.person_id
                       AND (n.sort_utc_ms, n.precision_rank, n.statement_id) > (sp.sort_utc_ms, sp.precision_rank, sp.statement_id)
                     ORDER BY n.sort_utc_ms, n.precision_rank, n.statement_id
                     LIMIT 1)
              FROM statement_positions AS sp
             WHERE sp.statement_id = @statementId
            UNION
            SELECT later_id FROM reversals WHERE earlier_id = @statementId AND valid_to_ms IS NULL
            UNION
            SELECT statement_id FROM links WHERE target_id = @statementId AND relation IN @flips AND retracted_at IS NULL
            """, new { statementId, flips = Flips }, ct);
        var affected = ids.Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
        affected.Add(statementId);
        return affected;
    }

    /// <summary>Derives again the reversals of each later statement in <paramref name="laterIds"/>, closing and opening rows as needed.</summary>
    /// <param name="recorded">
    /// A statement recorded in this very write, if any: it has no links and no reversal rows yet, so its refresh skips
    /// looking for them (two queries of the two dozen a POST runs).
    /// </param>
    public async Task RefreshAsync(IEnumerable<string> laterIds, long nowMs, CancellationToken ct, string? recorded = null)
    {
        foreach (var laterId in laterIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var later = await db.QuerySingleOrDefaultAsync<LaterRow>(
                "SELECT id, person_id, sort_utc_ms, precision_rank, retracted_at, created_at FROM statements WHERE id = @laterId", new { laterId }, ct);
            IReadOnlyList<Derived> wanted = [];
            if (later is not null && later.RetractedAt is null)
            {
                var stances = await db.QueryAsync<StanceWithPredecessor>("""
                    SELECT x.topic_id AS TopicId, x.stance AS Stance, x.earlier_id AS EarlierId, e.stance AS EarlierStance
                      FROM (SELECT sp.topic_id, sp.stance,
                                   (SELECT p.statement_id
                                      FROM statement_positions AS p
                                     WHERE p.topic_id = sp.topic_id AND p.person_id = sp.person_id
                                       AND (p.sort_utc_ms, p.precision_rank, p.statement_id) < (sp.sort_utc_ms, sp.precision_rank, sp.statement_id)
                                     ORDER BY p.sort_utc_ms DESC, p.precision_rank DESC, p.statement_id DESC
                                     LIMIT 1) AS earlier_id
                              FROM statement_positions AS sp
                             WHERE sp.statement_id = @laterId) AS x
                      LEFT JOIN statement_positions AS e ON e.statement_id = x.earlier_id AND e.topic_id = x.topic_id
                    """, new { laterId }, ct);
                var links = laterId == recorded ? [] : await db.QueryAsync<ReversalLink>("""
                    SELECT l.id AS LinkId, l.relation AS Relation, l.target_id AS TargetId
                      FROM links AS l
                      JOIN statements AS t ON t.id = l.target_id
                     WHERE l.statement_id = @laterId AND l.relation IN @flips AND l.retracted_at IS NULL AND t.retracted_at IS NULL
                    """, new { laterId, flips = Flips }, ct);
                wanted = ForLater(laterId, stances, links);
            }
            var live = laterId == recorded ? [] : await db.QueryAsync<LiveRow>("""
                SELECT id, earlier_id, later_id, flip, link_id, relation, stances, later_sort, later_rank
                  FROM reversals WHERE later_id = @laterId AND valid_to_ms IS NULL
                """, new { laterId }, ct);
            await ApplyAsync(later, wanted, live, nowMs, ct);
        }
    }

    /// <summary>Derives every person's reversals again, for data loaded behind the service's back or an upgrade.</summary>
    public async Task<int> RebuildAllAsync(long nowMs, bool backfill, CancellationToken ct)
    {
        await db.PrepareBulkLoadAsync(ct);
        var people = await db.QueryAsync<string>("SELECT id FROM people ORDER BY id", null, ct);
        foreach (var personId in people) await RebuildPersonAsync(personId, nowMs, backfill, ct);
        return people.Count;
    }

    /// <summary>
    /// One person's reversals from one pass over their stances and reversal links. With <paramref name="backfill"/>
    /// (rows derived for the first time by an upgrade), a new row counts as known since its later statement was
    /// recorded rather than since now, so "as recorded" reads of the past see it.
    /// </summary>
    public async Task RebuildPersonAsync(string personId, long nowMs, bool backfill, CancellationToken ct)
    {
        var stances = await db.QueryAsync<StanceInOrder>("""
            SELECT statement_id AS StatementId, topic_id AS TopicId, stance AS Stance
              FROM statement_positions
             WHERE person_id = @personId
             ORDER BY topic_id, sort_utc_ms, precision_rank, statement_id
            """, new { personId }, ct);
        // Driven from the person's statements: written as a join, SQLite walked every reversal link of the database
        // for each person, so rebuilding everyone was people × links (400 s at a million statements).
        var links = (await db.QueryAsync<(string StatementId, string LinkId, string Relation, string TargetId)>("""
            SELECT l.statement_id, l.id, l.relation, l.target_id
              FROM links AS l
              JOIN statements AS t ON t.id = l.target_id
             WHERE l.statement_id IN (SELECT s.id FROM statements AS s WHERE s.person_id = @personId AND s.retracted_at IS NULL)
               AND l.relation IN @flips AND l.retracted_at IS NULL AND t.retracted_at IS NULL
            """, new { personId, flips = Flips }, ct)).ToLookup(l => l.StatementId, l => new ReversalLink(l.LinkId, l.Relation, l.TargetId));
        var withPredecessors = WithPredecessors(stances);
        var laters = await db.QueryAsync<LaterRow>("""
            SELECT id, person_id, sort_utc_ms, precision_rank, retracted_at, created_at
              FROM statements WHERE person_id = @personId AND retracted_at IS NULL
            """, new { personId }, ct);
        var live = (await db.QueryAsync<LiveRow>("""
            SELECT id, earlier_id, later_id, flip, link_id, relation, stances, later_sort, later_rank
              FROM reversals WHERE person_id = @personId AND valid_to_ms IS NULL
            """, new { personId }, ct)).ToLookup(r => r.LaterId);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var later in laters)
        {
            seen.Add(later.Id);
            var wanted = withPredecessors.Contains(later.Id) || links.Contains(later.Id)
                ? ForLater(later.Id, withPredecessors[later.Id], links[later.Id]) : [];
            if (wanted.Count == 0 && !live.Contains(later.Id)) continue;
            var validFrom = backfill ? UtcText.ToUnixMs(UtcText.Parse(later.CreatedAt)) : nowMs;
            await ApplyAsync(later, wanted, live[later.Id].ToList(), nowMs, ct, validFrom);
        }
        // Rows whose later statement is no longer this person's, or no longer live, close too.
        foreach (var group in live.Where(g => !seen.Contains(g.Key)))
            await ApplyAsync(null, [], group.ToList(), nowMs, ct);
    }

    private async Task ApplyAsync(LaterRow? later, IReadOnlyList<Derived> wanted, IReadOnlyList<LiveRow> live, long nowMs, CancellationToken ct,
        long? validFromMs = null)
    {
        var wantedByEarlier = wanted.ToDictionary(w => w.EarlierId, StringComparer.Ordinal);
        foreach (var row in live)
        {
            if (later is not null && wantedByEarlier.TryGetValue(row.EarlierId, out var same) && Same(row, same, later))
            {
                wantedByEarlier.Remove(row.EarlierId);
                continue;
            }
            await db.ExecuteAsync("UPDATE reversals SET valid_to_ms = @nowMs WHERE id = @id", new { nowMs, id = row.Id }, ct);
            await db.ExecuteAsync("UPDATE reversal_topics SET valid_to_ms = @nowMs WHERE reversal_id = @id", new { nowMs, id = row.Id }, ct);
        }
        if (later is null) return;
        foreach (var derived in wantedByEarlier.Values.OrderBy(d => d.EarlierId, StringComparer.Ordinal))
        {
            var id = await db.ExecuteScalarAsync<long>("""
                INSERT INTO reversals (earlier_id, later_id, person_id, later_sort, later_rank, flip, link_id, relation, stances, valid_from_ms)
                VALUES (@EarlierId, @LaterId, @personId, @laterSort, @laterRank, @Flip, @LinkId, @Relation, @stances, @validFrom)
                RETURNING id
                """, new
            {
                derived.EarlierId, derived.LaterId, personId = later.PersonId, laterSort = later.SortUtcMs, laterRank = later.PrecisionRank,
                derived.Flip, derived.LinkId, derived.Relation, stances = StancesJson(derived.Stances), validFrom = validFromMs ?? nowMs,
            }, ct);
            await db.ExecuteAsync("""
                INSERT INTO reversal_topics (reversal_id, topic_id, earlier_id, later_id, person_id, later_sort, later_rank)
                VALUES (@id, @topicId, @EarlierId, @LaterId, @personId, @laterSort, @laterRank)
                """, derived.Stances.Select(s => s.TopicId).Distinct().Select(topicId => new
            {
                id, topicId, derived.EarlierId, derived.LaterId, personId = later.PersonId, laterSort = later.SortUtcMs, laterRank = later.PrecisionRank,
            }), ct);
        }
    }

    private static bool Same(LiveRow row, Derived derived, LaterRow later) =>
        row.Flip == derived.Flip && row.LinkId == derived.LinkId && row.Relation == derived.Relation
        && row.Stances == StancesJson(derived.Stances) && row.LaterSort == later.SortUtcMs && row.LaterRank == later.PrecisionRank;

    private static string? StancesJson(IReadOnlyList<StanceStep> steps) =>
        steps.Count == 0 ? null : JsonSerializer.Serialize(steps, JsonSerializerOptions.Web);
}
