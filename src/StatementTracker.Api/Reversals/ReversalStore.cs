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
/// which case the link's rating stands (<see cref="ReversalRules"/>). The rows are derived and temporal, kept in
/// step by <see cref="ReversalWriter"/> in every write's transaction: live reads walk the open rows' indexes, and
/// "as recorded at" reads take the rows that were open at that instant.
/// </summary>
public sealed class ReversalStore(DbSession db)
{
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

        private IReadOnlyList<ReversalRules.StanceStep>? _steps;

        /// <summary>The stance steps, read from their JSON once: a feed row asks for them three times (topics, evidence, topic refs).</summary>
        internal IReadOnlyList<ReversalRules.StanceStep> Steps => _steps ??=
            Stances is null ? [] : JsonSerializer.Deserialize<List<ReversalRules.StanceStep>>(Stances, JsonSerializerOptions.Web) ?? [];
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

    /// <summary>One page of the feed, newest first (by the later statement, in timeline order).</summary>
    public async Task<Page<Reversal>> FeedAsync(string? personId, string? topicId, DateTime? from, DateTime? to, string? flip,
        ReversalsCursor? before, int limit, long? asRecordedMs, CancellationToken ct)
    {
        if (asRecordedMs is not null) return await FeedAsRecordedAsync(personId, topicId, from, to, flip, before, limit, asRecordedMs.Value, ct);
        // The page's keys come from one index alone (the topic's, the person's or the whole feed's), in order, before
        // any join: joined first, SQLite may walk people and sort everything. Only these fixed fragments vary.
        var (source, key) = topicId is null ? ("reversals", "r") : ("reversal_topics", "t");
        var filters = (topicId is null ? "" : " AND t.topic_id = @topicId")
            + (personId is null ? "" : $" AND {key}.person_id = @personId")
            + (flip is null ? "" : topicId is null ? " AND r.flip = @flip"
                : " AND EXISTS (SELECT 1 FROM reversals AS r WHERE r.id = t.reversal_id AND r.flip = @flip)");
        var id = topicId is null ? "r.id" : "t.reversal_id";
        var rows = await db.QueryAsync<ReversalRow>($"""
            WITH page AS (
                SELECT {id} AS reversal_id
                  FROM {source} AS {key}
                 WHERE {key}.valid_to_ms IS NULL
                   AND (@fromMs IS NULL OR {key}.later_sort >= @fromMs)
                   AND (@toMs IS NULL OR {key}.later_sort < @toMs)
                   {(before is null ? "" : $"AND ({key}.later_sort, {key}.later_rank, {key}.later_id, {key}.earlier_id) < (@beforeSort, @beforeRank, @beforeLater, @beforeEarlier)")}
                   {filters}
                 ORDER BY {key}.later_sort DESC, {key}.later_rank DESC, {key}.later_id DESC, {key}.earlier_id DESC
                 LIMIT @take
            )
            {SelectReversal}
              FROM page
              JOIN reversals AS r ON r.id = page.reversal_id
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

        return await ToPageAsync(rows, limit, ct);
    }

    /// <summary>
    /// The feed as it stood at an instant: the rows open then. Rare and historical, so it filters the temporal rows
    /// directly rather than keeping an index per instant; the statements' excerpts are as they read now.
    /// </summary>
    private async Task<Page<Reversal>> FeedAsRecordedAsync(string? personId, string? topicId, DateTime? from, DateTime? to, string? flip,
        ReversalsCursor? before, int limit, long asRecordedMs, CancellationToken ct)
    {
        var rows = await db.QueryAsync<ReversalRow>($"""
            {SelectReversal}
              FROM reversals AS r
              JOIN statements AS later ON later.id = r.later_id
              JOIN statements AS earlier ON earlier.id = r.earlier_id
              JOIN people AS p ON p.id = r.person_id
             WHERE r.valid_from_ms <= @asRecordedMs AND (r.valid_to_ms IS NULL OR r.valid_to_ms > @asRecordedMs)
               AND (@personId IS NULL OR r.person_id = @personId)
               AND (@topicId IS NULL OR EXISTS (SELECT 1 FROM reversal_topics AS t WHERE t.reversal_id = r.id AND t.topic_id = @topicId))
               AND (@flip IS NULL OR r.flip = @flip)
               AND (@fromMs IS NULL OR r.later_sort >= @fromMs)
               AND (@toMs IS NULL OR r.later_sort < @toMs)
               AND (@beforeSort IS NULL OR (r.later_sort, r.later_rank, r.later_id, r.earlier_id) < (@beforeSort, @beforeRank, @beforeLater, @beforeEarlier))
             ORDER BY r.later_sort DESC, r.later_rank DESC, r.later_id DESC, r.earlier_id DESC
             LIMIT @take
            """, new
        {
            personId, topicId, flip, asRecordedMs,
            fromMs = from is null ? (long?)null : UtcText.ToUnixMs(from.Value),
            toMs = to is null ? (long?)null : UtcText.ToUnixMs(to.Value),
            beforeSort = before?.Sort, beforeRank = before?.Rank, beforeLater = before?.LaterId, beforeEarlier = before?.EarlierId,
            take = limit + 1,
        }, ct);
        return await ToPageAsync(rows, limit, ct);
    }

    private async Task<Page<Reversal>> ToPageAsync(IReadOnlyList<ReversalRow> rows, int limit, CancellationToken ct)
    {
        var topics = await TopicsOfAsync(rows, ct);
        return Cursor.ToPage(rows, limit, r => ToReversal(r, topics),
            r => Cursor.Encode("reversals", new ReversalsCursor(r.LaterSort, r.LaterRank, r.LaterId, r.EarlierId)));
    }

    /// <summary>The reversals each of <paramref name="ids"/> takes part in, as marks for timeline items.</summary>
    /// <remarks>With <paramref name="asRecordedMs"/>, the reversals as they stood at that instant.</remarks>
    public async Task<ILookup<string, ReversalMark>> MarksForStatementsAsync(IReadOnlyCollection<string> ids, long? asRecordedMs, CancellationToken ct)
    {
        if (ids.Count == 0) return Array.Empty<(string, ReversalMark)>().ToLookup(m => m.Item1, m => m.Item2);
        // Only these two fixed fragments vary; the live form walks the open rows' partial indexes.
        var open = asRecordedMs is null ? "valid_to_ms IS NULL"
            : "valid_from_ms <= @asRecordedMs AND (valid_to_ms IS NULL OR valid_to_ms > @asRecordedMs)";
        var rows = await db.QueryAsync<ReversalRow>($"""
            SELECT earlier_id, later_id, flip, link_id, relation, stances, later_sort, later_rank FROM reversals WHERE later_id IN @ids AND {open}
            UNION
            SELECT earlier_id, later_id, flip, link_id, relation, stances, later_sort, later_rank FROM reversals WHERE earlier_id IN @ids AND {open}
            ORDER BY later_sort, later_rank, later_id, earlier_id
            """, new { ids, asRecordedMs }, ct);
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
        if (row.Relation is not null) evidence.Add(new ReversalEvidence("link", ReversalRules.LinkFlips[row.Relation], row.LinkId, row.Relation));
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

    public static readonly string[] FacetNames = ["person", "topic", "year", "flip"];

    /// <summary>The live feed's size and one facet's values, under the same filters as the page.</summary>
    public async Task<long> CountAsync(string? personId, string? topicId, long? fromMs, long? toMs, string? flip, CancellationToken ct) =>
        await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM reversals AS r WHERE {FacetFilter}", new { personId, topicId, fromMs, toMs, flip }, ct);

    public async Task<List<(string Value, string Label, long Count)>> FacetAsync(string facet, string? personId, string? topicId, long? fromMs,
        long? toMs, string? flip, CancellationToken ct)
    {
        // One fixed query shape per facet; year is the later statement's, in UTC as from and to read it.
        var (value, label, from) = facet switch
        {
            "person" => ("p.slug", "p.name", "reversals AS r JOIN people AS p ON p.id = r.person_id"),
            "topic" => ("tp.slug", "tp.name", "reversals AS r JOIN reversal_topics AS rt ON rt.reversal_id = r.id JOIN topics AS tp ON tp.id = rt.topic_id"),
            "year" => (db.Sql.UtcYear("r.later_sort"), db.Sql.UtcYear("r.later_sort"), "reversals AS r"),
            "flip" => ("r.flip", "r.flip", "reversals AS r"),
            _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "not a facet"),
        };
        return await db.QueryAsync<(string Value, string Label, long Count)>($"""
            SELECT {value} AS value, {label} AS label, COUNT(DISTINCT r.id) AS count
              FROM {from}
             WHERE {FacetFilter}
             GROUP BY {value}, {label}
             ORDER BY count DESC, value
             LIMIT 50
            """, new { personId, topicId, fromMs, toMs, flip }, ct);
    }

    private const string FacetFilter = """
        r.valid_to_ms IS NULL
           AND (@personId IS NULL OR r.person_id = @personId)
           AND (@topicId IS NULL OR EXISTS (SELECT 1 FROM reversal_topics AS ft WHERE ft.reversal_id = r.id AND ft.topic_id = @topicId))
           AND (@fromMs IS NULL OR r.later_sort >= @fromMs)
           AND (@toMs IS NULL OR r.later_sort < @toMs)
           AND (@flip IS NULL OR r.flip = @flip)
        """;
}

/// <summary>The feed's keyset: the last entry's later statement (timeline position and id), then its earlier statement.</summary>
public sealed record ReversalsCursor(long Sort, long Rank, string LaterId, string EarlierId);
