using System.Xml;
using Dapper;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Reversals;

/// <summary>
/// All SQL about reversals. A reversal is either an editor's reverses/walks_back link or a change between two
/// consecutive stances of one person on one topic; when both describe the same pair of statements they are one
/// entry, and the link's rating stands. Nothing is stored: entries are derived from links and stances on read,
/// so a corrected date or stance can never leave a stale reversal behind.
/// </summary>
public sealed class ReversalStore(DbSession db)
{
    /// <summary>Link relations that are reversals, with the rating each gives.</summary>
    public static readonly IReadOnlyDictionary<string, string> LinkFlips = new Dictionary<string, string>
    {
        ["reverses"] = Stances.FullFlop,
        ["walks_back"] = Stances.HalfFlip,
    };

    public sealed class ReversalRow
    {
        public string EarlierId { get; init; } = "";
        public string LaterId { get; init; } = "";
        public string? TopicSlug { get; init; }
        public string? TopicName { get; init; }
        public string? FromStance { get; init; }
        public string? ToStance { get; init; }
        public string? LinkId { get; init; }
        public string? Relation { get; init; }
        public string PersonSlug { get; init; } = "";
        public string PersonName { get; init; } = "";
        public long LaterSort { get; init; }
        public long LaterRank { get; init; }
        public long EarlierSort { get; init; }
        public string LaterSaidAt { get; init; } = "";
        public string LaterPrecision { get; init; } = "";
        public string? LaterSaidAtUtc { get; init; }
        public string LaterQuote { get; init; } = "";
        public string EarlierSaidAt { get; init; } = "";
        public string EarlierPrecision { get; init; } = "";
        public string? EarlierSaidAtUtc { get; init; }
        public string EarlierQuote { get; init; } = "";

        public string Flip => Relation is not null ? LinkFlips[Relation] : Stances.Flip(FromStance!, ToStance!);

        public IReadOnlyList<ReversalEvidence> Evidence()
        {
            var evidence = new List<ReversalEvidence>(2);
            if (Relation is not null) evidence.Add(new ReversalEvidence("link", LinkFlips[Relation], LinkId, Relation));
            if (FromStance is not null) evidence.Add(new ReversalEvidence("stance", Stances.Flip(FromStance, ToStance!), Topic: TopicSlug, From: FromStance, To: ToStance));
            return evidence;
        }

        public Reversal ToReversal()
        {
            var person = new PersonRef(PersonSlug, PersonName);
            var elapsed = TimeSpan.FromMilliseconds(LaterSort - EarlierSort);
            return new Reversal(person, TopicSlug is null ? null : new TopicRef(TopicSlug, TopicName!),
                StatementSummary.FromStored(EarlierId, person, EarlierSaidAt, EarlierPrecision, EarlierSaidAtUtc, EarlierQuote),
                StatementSummary.FromStored(LaterId, person, LaterSaidAt, LaterPrecision, LaterSaidAtUtc, LaterQuote),
                (long)elapsed.TotalSeconds, XmlConvert.ToString(TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds))), Flip, Evidence());
        }
    }

    // {0} narrows the stances looked at (a person, a topic, the people of some statements); it only ever removes
    // whole (person, topic) partitions, so "consecutive" stays consecutive.
    private const string Entries = """
        WITH stance_steps AS (
            SELECT sp.topic_id, sp.stance, s.id AS statement_id,
                   LAG(sp.stance) OVER steps AS prev_stance,
                   LAG(s.id) OVER steps AS prev_id
              FROM statement_positions AS sp
              JOIN statements AS s ON s.id = sp.statement_id
             WHERE 1 = 1 {0}
            WINDOW steps AS (PARTITION BY s.person_id, sp.topic_id ORDER BY s.sort_utc_ms, s.precision_rank, s.id)
        ),
        stance_changes AS (
            SELECT prev_id AS earlier_id, statement_id AS later_id, topic_id, prev_stance AS from_stance, stance AS to_stance
              FROM stance_steps
             WHERE prev_stance IS NOT NULL AND prev_stance <> stance
        ),
        link_reversals AS (
            -- One link per pair: a full reversal outranks a walk-back between the same two statements.
            SELECT earlier_id, later_id, link_id, relation FROM (
                SELECT l.target_id AS earlier_id, l.statement_id AS later_id, l.id AS link_id, l.relation,
                       ROW_NUMBER() OVER (PARTITION BY l.statement_id, l.target_id ORDER BY l.relation = 'reverses' DESC, l.id) AS n
                  FROM links AS l
                 WHERE l.relation IN ('reverses', 'walks_back')
            ) WHERE n = 1
        ),
        entries AS (
            SELECT c.earlier_id, c.later_id, c.topic_id, c.from_stance, c.to_stance, r.link_id, r.relation
              FROM stance_changes AS c
              LEFT JOIN link_reversals AS r ON r.earlier_id = c.earlier_id AND r.later_id = c.later_id
            UNION ALL
            SELECT r.earlier_id, r.later_id, NULL, NULL, NULL, r.link_id, r.relation
              FROM link_reversals AS r
             WHERE NOT EXISTS (SELECT 1 FROM stance_changes AS c WHERE c.earlier_id = r.earlier_id AND c.later_id = r.later_id)
        )
        SELECT * FROM (
            SELECT e.earlier_id, e.later_id, t.slug AS topic_slug, t.name AS topic_name, e.topic_id, e.from_stance, e.to_stance,
                   e.link_id, e.relation, later.person_id, p.slug AS person_slug, p.name AS person_name,
                   later.sort_utc_ms AS later_sort, later.precision_rank AS later_rank, earlier.sort_utc_ms AS earlier_sort,
                   later.said_at AS later_said_at, later.date_precision AS later_precision, later.said_at_utc AS later_said_at_utc,
                   substr(later.quote, 1, 400) AS later_quote,
                   earlier.said_at AS earlier_said_at, earlier.date_precision AS earlier_precision, earlier.said_at_utc AS earlier_said_at_utc,
                   substr(earlier.quote, 1, 400) AS earlier_quote,
                   CASE WHEN e.relation = 'reverses' THEN 'full_flop'
                        WHEN e.relation = 'walks_back' THEN 'half_flip'
                        WHEN e.from_stance || '>' || e.to_stance IN @fullFlops THEN 'full_flop'
                        ELSE 'half_flip' END AS flip
              FROM entries AS e
              JOIN statements AS later ON later.id = e.later_id
              JOIN statements AS earlier ON earlier.id = e.earlier_id
              JOIN people AS p ON p.id = later.person_id
              LEFT JOIN topics AS t ON t.id = e.topic_id
        ) AS v
        """;

    /// <summary>The stance pairs rated full_flop, from the one rule in <see cref="Stances"/>, for SQL to filter by.</summary>
    private static readonly string[] FullFlops =
        [.. from a in Stances.Scale from b in Stances.Scale where Stances.Flip(a, b) == Stances.FullFlop select $"{a}>{b}"];

    /// <summary>One page of the feed, newest first (by the later statement, in timeline order).</summary>
    public async Task<Page<Reversal>> FeedAsync(string? personId, string? topicId, DateTime? from, DateTime? to, string? flip,
        ReversalsCursor? before, int limit, CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        var narrow = (personId is null ? "" : " AND s.person_id = @personId") + (topicId is null ? "" : " AND sp.topic_id = @topicId");
        var rows = (await connection.QueryAsync<ReversalRow>(string.Format(Entries, narrow) + """
             WHERE (@personId IS NULL OR v.person_id = @personId)
               AND (@topicId IS NULL OR v.topic_id = @topicId)
               AND (@fromMs IS NULL OR v.later_sort >= @fromMs)
               AND (@toMs IS NULL OR v.later_sort < @toMs)
               AND (@flip IS NULL OR v.flip = @flip)
               AND (@beforeSort IS NULL OR (v.later_sort, v.later_rank, v.later_id, v.earlier_id, COALESCE(v.topic_slug, ''))
                                           < (@beforeSort, @beforeRank, @beforeLater, @beforeEarlier, @beforeTopic))
             ORDER BY v.later_sort DESC, v.later_rank DESC, v.later_id DESC, v.earlier_id DESC, COALESCE(v.topic_slug, '') DESC
             LIMIT @take
            """, new
        {
            fullFlops = FullFlops,
            personId,
            topicId,
            fromMs = from is null ? (long?)null : UtcText.ToUnixMs(from.Value),
            toMs = to is null ? (long?)null : UtcText.ToUnixMs(to.Value),
            flip,
            beforeSort = before?.Sort,
            beforeRank = before?.Rank,
            beforeLater = before?.LaterId,
            beforeEarlier = before?.EarlierId,
            beforeTopic = before?.Topic,
            take = limit + 1,
        }, db.Transaction)).AsList();
        return Cursor.ToPage(rows, limit, r => r.ToReversal(),
            r => Cursor.Encode("reversals", new ReversalsCursor(r.LaterSort, r.LaterRank, r.LaterId, r.EarlierId, r.TopicSlug ?? "")));
    }

    /// <summary>The reversals each of <paramref name="ids"/> takes part in, as marks for timeline items.</summary>
    public async Task<ILookup<string, ReversalMark>> MarksForStatementsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        var rows = await connection.QueryAsync<ReversalRow>(
            string.Format(Entries, " AND s.person_id IN (SELECT person_id FROM statements WHERE id IN @ids)") + """
             WHERE v.later_id IN @ids OR v.earlier_id IN @ids
             ORDER BY v.later_sort, v.later_rank, v.later_id, v.earlier_id
            """, new { fullFlops = FullFlops, ids }, db.Transaction);
        var marks = new List<(string Owner, ReversalMark Mark)>();
        foreach (var row in rows)
        {
            var evidence = row.Evidence().Select(e => e.Kind).ToList();
            marks.Add((row.LaterId, new ReversalMark("reverses", row.EarlierId, row.Flip, row.TopicSlug, evidence)));
            marks.Add((row.EarlierId, new ReversalMark("reversed_by", row.LaterId, row.Flip, row.TopicSlug, evidence)));
        }
        return marks.ToLookup(m => m.Owner, m => m.Mark);
    }
}

/// <summary>The feed's keyset: the last entry's later statement (timeline position and id), earlier statement and topic.</summary>
public sealed record ReversalsCursor(long Sort, long Rank, string LaterId, string EarlierId, string Topic);
