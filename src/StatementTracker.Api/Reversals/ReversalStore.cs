using System.Text.Json;
using System.Xml;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Reversals;

/// <summary>
/// All SQL about reversals. A reversal is a pair of one person's statements, the later one taking back the
/// earlier: an editor's reverses/walks_back link, or consecutive stances on a topic that differ, or both, in
/// which case the link's rating stands. Reversals are derived rows, rebuilt for a person in the same
/// transaction as any change to their statements, stances or reversal links, so reads only walk an index.
/// </summary>
public sealed class ReversalStore(DbSession db)
{
    /// <summary>Link relations that are reversals, with the rating each gives.</summary>
    public static readonly IReadOnlyDictionary<string, string> LinkFlips = new Dictionary<string, string>
    {
        ["reverses"] = Stances.FullFlop,
        ["walks_back"] = Stances.HalfFlip,
    };

    /// <summary>The stance pairs rated full_flop, from the one rule in <see cref="Stances"/>, for SQL to test against.</summary>
    private static readonly string[] FullFlops =
        [.. from a in Stances.Scale from b in Stances.Scale where Stances.Flip(a, b) == Stances.FullFlop select $"{a}>{b}"];

    internal sealed record StanceStep(string TopicId, string From, string To);

    public sealed class ReversalRow
    {
        public string EarlierId { get; init; } = "";
        public string LaterId { get; init; } = "";
        public string Flip { get; init; } = "";
        public string? LinkId { get; init; }
        public string? Relation { get; init; }
        public string? Stances { get; init; }
        public long LaterSort { get; init; }
        public long LaterRank { get; init; }
        public long EarlierSort { get; init; }
        public string PersonSlug { get; init; } = "";
        public string PersonName { get; init; } = "";
        public string LaterSaidAt { get; init; } = "";
        public string LaterPrecision { get; init; } = "";
        public string? LaterSaidAtUtc { get; init; }
        public string LaterQuote { get; init; } = "";
        public string EarlierSaidAt { get; init; } = "";
        public string EarlierPrecision { get; init; } = "";
        public string? EarlierSaidAtUtc { get; init; }
        public string EarlierQuote { get; init; } = "";

        internal IReadOnlyList<StanceStep> Steps => Stances is null ? [] : JsonSerializer.Deserialize<List<StanceStep>>(Stances, JsonSerializerOptions.Web) ?? [];
    }

    /// <summary>The feed's page: the pairs, then the evidence and topics each one needs.</summary>
    private const string SelectReversal = """
        SELECT r.earlier_id, r.later_id, r.flip, r.link_id, r.relation, r.stances, r.later_sort, r.later_rank,
               earlier.sort_utc_ms AS earlier_sort, p.slug AS person_slug, p.name AS person_name,
               later.said_at AS later_said_at, later.date_precision AS later_precision, later.said_at_utc AS later_said_at_utc,
               substr(later.quote, 1, 400) AS later_quote,
               earlier.said_at AS earlier_said_at, earlier.date_precision AS earlier_precision, earlier.said_at_utc AS earlier_said_at_utc,
               substr(earlier.quote, 1, 400) AS earlier_quote
        """;

    /// <summary>
    /// Recomputes a person's reversals from their stances and links. Call inside the write transaction that
    /// changed them; the cost is one pass over that person's stances and reversal links.
    /// </summary>
    public async Task RebuildForPersonAsync(string personId, CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM reversals WHERE person_id = @personId", new { personId }, ct);
        await db.ExecuteAsync("""
            WITH stance_steps AS (
                SELECT sp.topic_id, sp.stance, s.id AS statement_id,
                       LAG(sp.stance) OVER steps AS prev_stance,
                       LAG(s.id) OVER steps AS prev_id
                  FROM statements AS s
                  JOIN statement_positions AS sp ON sp.statement_id = s.id
                 WHERE s.person_id = @personId
                WINDOW steps AS (PARTITION BY sp.topic_id ORDER BY s.sort_utc_ms, s.precision_rank, s.id)
            ),
            stance_pairs AS (
                SELECT prev_id AS earlier_id, statement_id AS later_id,
                       json_group_array(json_object('topicId', topic_id, 'from', prev_stance, 'to', stance)) AS stances,
                       MAX(prev_stance || '>' || stance IN @fullFlops) AS any_full_flop
                  FROM stance_steps
                 WHERE prev_stance IS NOT NULL AND prev_stance <> stance
                 GROUP BY prev_id, statement_id
            ),
            link_reversals AS (
                -- One link per pair: a full reversal outranks a walk-back between the same two statements.
                SELECT earlier_id, later_id, link_id, relation FROM (
                    SELECT l.target_id AS earlier_id, l.statement_id AS later_id, l.id AS link_id, l.relation,
                           ROW_NUMBER() OVER (PARTITION BY l.statement_id, l.target_id ORDER BY l.relation = @fullRelation DESC, l.id) AS n
                      FROM statements AS s
                      JOIN links AS l ON l.statement_id = s.id
                     WHERE s.person_id = @personId AND l.relation IN @linkRelations
                ) WHERE n = 1
            ),
            pairs AS (
                SELECT earlier_id, later_id FROM stance_pairs
                UNION
                SELECT earlier_id, later_id FROM link_reversals
            )
            INSERT INTO reversals (earlier_id, later_id, person_id, later_sort, later_rank, flip, link_id, relation, stances)
            SELECT p.earlier_id, p.later_id, @personId, later.sort_utc_ms, later.precision_rank,
                   CASE WHEN r.relation = @fullRelation THEN @fullFlop
                        WHEN r.relation IS NOT NULL THEN @halfFlip
                        WHEN c.any_full_flop THEN @fullFlop
                        ELSE @halfFlip END,
                   r.link_id, r.relation, c.stances
              FROM pairs AS p
              JOIN statements AS later ON later.id = p.later_id
              LEFT JOIN stance_pairs AS c ON c.earlier_id = p.earlier_id AND c.later_id = p.later_id
              LEFT JOIN link_reversals AS r ON r.earlier_id = p.earlier_id AND r.later_id = p.later_id
            """, new
        {
            personId,
            fullFlops = FullFlops,
            linkRelations = LinkFlips.Keys,
            fullRelation = LinkFlips.Single(f => f.Value == Stances.FullFlop).Key,
            fullFlop = Stances.FullFlop,
            halfFlip = Stances.HalfFlip,
        }, ct);
        await db.ExecuteAsync("""
            INSERT INTO reversal_topics (topic_id, earlier_id, later_id, person_id, later_sort, later_rank)
            SELECT DISTINCT json_extract(j.value, '$.topicId'), r.earlier_id, r.later_id, r.person_id, r.later_sort, r.later_rank
              FROM reversals AS r, json_each(r.stances) AS j
             WHERE r.person_id = @personId AND r.stances IS NOT NULL
            """, new { personId }, ct);
    }

    /// <summary>The --rebuild-reversals command: <see cref="RebuildAllAsync"/> in one transaction of its own.</summary>
    public static async Task RebuildEveryoneAsync(IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await using var write = await db.BeginWriteAsync();
        var people = await scope.ServiceProvider.GetRequiredService<ReversalStore>().RebuildAllAsync(CancellationToken.None);
        await write.CommitAsync();
        logger.LogInformation("Rebuilt the reversals of {People} people.", people);
    }

    /// <summary>Rebuilds everyone's reversals, for data written behind the service's back (a bulk load, a restore).</summary>
    public async Task<int> RebuildAllAsync(CancellationToken ct)
    {
        var people = await db.QueryAsync<string>("SELECT id FROM people ORDER BY id", null, ct);
        foreach (var personId in people) await RebuildForPersonAsync(personId, ct);
        return people.Count;
    }

    /// <summary>One page of the feed, newest first (by the later statement, in timeline order).</summary>
    public async Task<Page<Reversal>> FeedAsync(string? personId, string? topicId, DateTime? from, DateTime? to, string? flip,
        ReversalsCursor? before, int limit, CancellationToken ct)
    {
        // The page's keys come from one index alone (the topic's, the person's or the whole feed's), in order, before
        // any join: joined first, SQLite may walk people and sort everything. Only these fixed fragments vary.
        var (source, key) = topicId is null ? ("reversals", "r") : ("reversal_topics", "t");
        var filters = (topicId is null ? "" : " AND t.topic_id = @topicId")
            + (personId is null ? "" : $" AND {key}.person_id = @personId")
            + (flip is null ? "" : topicId is null ? " AND r.flip = @flip"
                : " AND EXISTS (SELECT 1 FROM reversals AS r WHERE r.earlier_id = t.earlier_id AND r.later_id = t.later_id AND r.flip = @flip)");
        var rows = await db.QueryAsync<ReversalRow>($"""
            WITH page AS (
                SELECT {key}.earlier_id, {key}.later_id
                  FROM {source} AS {key}
                 WHERE (@fromMs IS NULL OR {key}.later_sort >= @fromMs)
                   AND (@toMs IS NULL OR {key}.later_sort < @toMs)
                   AND (@beforeSort IS NULL OR ({key}.later_sort, {key}.later_rank, {key}.later_id, {key}.earlier_id)
                                               < (@beforeSort, @beforeRank, @beforeLater, @beforeEarlier))
                   {filters}
                 ORDER BY {key}.later_sort DESC, {key}.later_rank DESC, {key}.later_id DESC, {key}.earlier_id DESC
                 LIMIT @take
            )
            {SelectReversal}
              FROM page
              JOIN reversals AS r ON r.earlier_id = page.earlier_id AND r.later_id = page.later_id
              JOIN statements AS later ON later.id = r.later_id
              JOIN statements AS earlier ON earlier.id = r.earlier_id
              JOIN people AS p ON p.id = r.person_id
             ORDER BY r.later_sort DESC, r.later_rank DESC, r.later_id DESC, r.earlier_id DESC
            """, new
        {
            personId,
            topicId,
            fromMs = from is null ? (long?)null : UtcText.ToUnixMs(from.Value),
            toMs = to is null ? (long?)null : UtcText.ToUnixMs(to.Value),
            flip,
            beforeSort = before?.Sort,
            beforeRank = before?.Rank,
            beforeLater = before?.LaterId,
            beforeEarlier = before?.EarlierId,
            take = limit + 1,
        }, ct);

        var topics = await TopicsOfAsync(rows, ct);
        return Cursor.ToPage(rows, limit, r => ToReversal(r, topics),
            r => Cursor.Encode("reversals", new ReversalsCursor(r.LaterSort, r.LaterRank, r.LaterId, r.EarlierId)));
    }

    /// <summary>The reversals each of <paramref name="ids"/> takes part in, as marks for timeline items.</summary>
    public async Task<ILookup<string, ReversalMark>> MarksForStatementsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await db.QueryAsync<ReversalRow>("""
            SELECT earlier_id, later_id, flip, link_id, relation, stances, later_sort, later_rank FROM reversals WHERE later_id IN @ids
            UNION
            SELECT earlier_id, later_id, flip, link_id, relation, stances, later_sort, later_rank FROM reversals WHERE earlier_id IN @ids
            ORDER BY later_sort, later_rank, later_id, earlier_id
            """, new { ids }, ct);
        var topics = await TopicsOfAsync(rows, ct);
        var marks = new List<(string Owner, ReversalMark Mark)>();
        foreach (var row in rows)
        {
            var evidence = Evidence(row, topics).Select(e => e.Kind).ToList();
            var slugs = TopicRefs(row, topics).Select(t => t.Slug).ToList();
            marks.Add((row.LaterId, new ReversalMark("reverses", row.EarlierId, row.Flip, slugs, evidence)));
            marks.Add((row.EarlierId, new ReversalMark("reversed_by", row.LaterId, row.Flip, slugs, evidence)));
        }
        return marks.ToLookup(m => m.Owner, m => m.Mark);
    }

    /// <summary>Slug and name of every topic the rows' stance evidence names, in one query.</summary>
    private async Task<Dictionary<string, TopicRef>> TopicsOfAsync(IReadOnlyList<ReversalRow> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => r.Steps).Select(s => s.TopicId).Distinct().ToList();
        if (ids.Count == 0) return [];
        var topics = await db.QueryAsync<(string Id, string Slug, string Name)>(
            "SELECT id, slug, name FROM topics WHERE id IN @ids", new { ids }, ct);
        return topics.ToDictionary(t => t.Id, t => new TopicRef(t.Slug, t.Name));
    }

    private static IReadOnlyList<TopicRef> TopicRefs(ReversalRow row, Dictionary<string, TopicRef> topics) =>
        row.Steps.Select(s => topics[s.TopicId]).DistinctBy(t => t.Slug).OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();

    private static List<ReversalEvidence> Evidence(ReversalRow row, Dictionary<string, TopicRef> topics)
    {
        var evidence = new List<ReversalEvidence>();
        if (row.Relation is not null) evidence.Add(new ReversalEvidence("link", LinkFlips[row.Relation], row.LinkId, row.Relation));
        evidence.AddRange(row.Steps
            .Select(s => new ReversalEvidence("stance", Stances.Flip(s.From, s.To), Topic: topics[s.TopicId].Slug, From: s.From, To: s.To))
            .OrderBy(e => e.Topic, StringComparer.Ordinal));
        return evidence;
    }

    private static Reversal ToReversal(ReversalRow row, Dictionary<string, TopicRef> topics)
    {
        var person = new PersonRef(row.PersonSlug, row.PersonName);
        var elapsed = TimeSpan.FromMilliseconds(row.LaterSort - row.EarlierSort);
        return new Reversal(person, TopicRefs(row, topics),
            StatementSummary.FromStored(row.EarlierId, person, row.EarlierSaidAt, row.EarlierPrecision, row.EarlierSaidAtUtc, row.EarlierQuote),
            StatementSummary.FromStored(row.LaterId, person, row.LaterSaidAt, row.LaterPrecision, row.LaterSaidAtUtc, row.LaterQuote),
            (long)elapsed.TotalSeconds, XmlConvert.ToString(TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds))), row.Flip, Evidence(row, topics));
    }
}

/// <summary>The feed's keyset: the last entry's later statement (timeline position and id), then its earlier statement.</summary>
public sealed record ReversalsCursor(long Sort, long Rank, string LaterId, string EarlierId);
