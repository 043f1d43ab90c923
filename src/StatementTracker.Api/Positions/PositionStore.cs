using StatementTracker.Api.Data;
using StatementTracker.Api.People;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Positions;

/// <summary>All SQL about the stances statements take on topics.</summary>
public sealed class PositionStore(DbSession db)
{
    /// <summary>One stance of one statement, with enough of both to answer "who stood where, since when".</summary>
    public sealed class StanceRow
    {
        public string PersonId { get; init; } = "";
        public string PersonSlug { get; init; } = "";
        public string PersonName { get; init; } = "";
        public string TopicId { get; init; } = "";
        public string TopicSlug { get; init; } = "";
        public string TopicName { get; init; } = "";
        public string Stance { get; init; } = "";
        public string StatementId { get; init; } = "";
        public string SaidAt { get; init; } = "";
        public string DatePrecision { get; init; } = "";
        public string? SaidAtUtc { get; init; }
        public long SortUtcMs { get; init; }
        public long PrecisionRank { get; init; }
        public string Quote { get; init; } = "";

        public PersonRef Person => new(PersonSlug, PersonName);
        public TopicRef Topic => new(TopicSlug, TopicName);

        public StatementSummary Summary() => StatementSummary.FromStored(StatementId, Person, SaidAt, DatePrecision, SaidAtUtc, Quote);
    }

    private const string StanceColumns = """
        s.person_id, p.slug AS person_slug, p.name AS person_name, sp.topic_id, t.slug AS topic_slug,
        t.name AS topic_name, sp.stance, s.id AS statement_id, s.said_at, s.date_precision, s.said_at_utc,
        s.sort_utc_ms, s.precision_rank, substr(s.quote, 1, 400) AS quote
        """;

    private const string StanceSource = """
          FROM statement_positions AS sp
          JOIN statements AS s ON s.id = sp.statement_id
          JOIN people AS p ON p.id = s.person_id
          JOIN topics AS t ON t.id = sp.topic_id
        """;

    /// <summary>Replaces a statement's stances; call inside <see cref="DbSession.BeginWriteAsync"/>.</summary>
    public async Task ReplaceAsync(string statementId, IReadOnlyCollection<(string TopicId, string Stance)> positions, CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM statement_positions WHERE statement_id = @statementId", new { statementId }, ct);
        await AddAsync(statementId, positions, ct);
    }

    /// <summary>The stances of a statement that has none yet, one just recorded; call inside <see cref="DbSession.BeginWriteAsync"/>.</summary>
    public async Task AddAsync(string statementId, IReadOnlyCollection<(string TopicId, string Stance)> positions, CancellationToken ct)
    {
        if (positions.Count == 0) return;
        // The stance carries its statement's person and timeline key from the start, so 0015's trigger has nothing to
        // rewrite: one write per stance instead of two.
        var added = await db.ExecuteAsync("""
            INSERT INTO statement_positions (statement_id, topic_id, stance, person_id, sort_utc_ms, precision_rank)
            SELECT s.id, @TopicId, @Stance, s.person_id, s.sort_utc_ms, s.precision_rank
              FROM statements AS s
             WHERE s.id = @statementId
            """, positions.Select(p => new { statementId, p.TopicId, p.Stance }), ct);
        // The VALUES form it replaces failed on a statement that is not there (its foreign key); so does this.
        if (added != positions.Count) throw new InvalidOperationException($"Statement {statementId} is not there to take its stances.");
    }

    /// <summary>
    /// Every stance of the given people (all when null) on the given topics (all when null), said before
    /// <paramref name="beforeMs"/> (any time when null), in timeline order within each person and topic.
    /// </summary>
    public async Task<IReadOnlyList<StanceRow>> HistoryAsync(IReadOnlyCollection<string>? personIds, IReadOnlyCollection<string>? topicIds,
        long? beforeMs, CancellationToken ct)
    {
        // The stance's own copies of its statement's person and time (kept equal by 0004's triggers), so both engines
        // read the stances' index rather than scan the statements.
        var people = personIds is null ? "" : "AND sp.person_id IN @personIds";
        var topics = topicIds is null ? "" : "AND sp.topic_id IN @topicIds";
        return await db.QueryAsync<StanceRow>($"""
            SELECT {StanceColumns}
            {StanceSource}
             WHERE (@beforeMs IS NULL OR sp.sort_utc_ms < @beforeMs) {people} {topics}
             ORDER BY p.slug, t.slug, s.sort_utc_ms, s.precision_rank, s.id
            """, new { personIds, topicIds, beforeMs }, ct);
    }

    /// <summary>A page of the topics, in slug order, on which a person took a stance before <paramref name="beforeMs"/>.</summary>
    public async Task<IReadOnlyList<string>> TopicsOfPersonAsync(string personId, long beforeMs, string? afterSlug, int take, CancellationToken ct)
    {
        return await db.QueryAsync<string>("""
            SELECT t.id
              FROM topics AS t
             WHERE (@afterSlug IS NULL OR t.slug > @afterSlug)
               AND EXISTS (SELECT 1 FROM statement_positions AS sp
                            WHERE sp.person_id = @personId AND sp.topic_id = t.id AND sp.sort_utc_ms < @beforeMs)
             ORDER BY t.slug
             LIMIT @take
            """, new { personId, beforeMs, afterSlug, take }, ct);
    }

    /// <summary>
    /// A page of the people, in slug order after <paramref name="afterSlug"/>, with a stance on any of
    /// <paramref name="topicIds"/> said before <paramref name="beforeMs"/>. The people are walked in slug order and
    /// each is one look-up in the stances' (topic, person) index, so a page costs the people it passes over, never
    /// the stances they took.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Slug)>> PeopleWithStancesAsync(IReadOnlyCollection<string> topicIds, long beforeMs,
        string? afterSlug, int take, CancellationToken ct)
    {
        return await db.QueryAsync<(string Id, string Slug)>("""
            SELECT p.id, p.slug
              FROM people AS p
             WHERE (@afterSlug IS NULL OR p.slug > @afterSlug)
               AND EXISTS (SELECT 1 FROM statement_positions AS sp
                            WHERE sp.topic_id IN @topicIds AND sp.person_id = p.id AND sp.sort_utc_ms < @beforeMs)
             ORDER BY p.slug
             LIMIT @take
            """, new { topicIds, beforeMs, afterSlug, take }, ct);
    }

    /// <summary>
    /// A person's latest stance on one topic said before <paramref name="beforeMs"/>, null when there is none: the
    /// first entry of the stances' (topic, person, timeline) index read backwards from that instant.
    /// </summary>
    public async Task<StanceKey?> LatestAsync(string personId, string topicId, long beforeMs, CancellationToken ct) =>
        await db.QueryFirstOrDefaultAsync<StanceKey>("""
            SELECT statement_id, topic_id, stance, sort_utc_ms, precision_rank
              FROM statement_positions
             WHERE topic_id = @topicId AND person_id = @personId AND sort_utc_ms < @beforeMs
             ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC
             LIMIT 1
            """, new { personId, topicId, beforeMs }, ct);

    /// <summary>
    /// The run of stances that <paramref name="latest"/> ends: its first stance and the latest (one row when the run is
    /// one stance long), in timeline order, as <see cref="PositionRules.Current"/> reads them.
    /// </summary>
    public async Task<IReadOnlyList<StanceRow>> RunAsync(string personId, StanceKey latest, CancellationToken ct)
    {
        var since = await SinceAsync(personId, latest, ct);
        return await db.QueryAsync<StanceRow>($"""
            SELECT {StanceColumns}
            {StanceSource}
             WHERE sp.topic_id = @topicId AND sp.statement_id IN @ids
             ORDER BY s.sort_utc_ms, s.precision_rank, s.id
            """, new { topicId = latest.TopicId, ids = since == latest.StatementId ? new[] { since } : new[] { since, latest.StatementId } }, ct);
    }

    /// <summary>
    /// The first statement of the run of equal stances that <paramref name="latest"/> ends. Two reads of the index: the
    /// last earlier stance that differs (one seek per other stance on the scale, in the (topic, person, stance,
    /// timeline) index, so never a walk over the run), and the first stance after it. The cost is a few seeks whatever
    /// the person's history.
    /// </summary>
    public async Task<string> SinceAsync(string personId, StanceKey latest, CancellationToken ct)
    {
        var others = Stances.Scale.Where(s => s != latest.Stance).ToArray();
        var arms = string.Join("\n            UNION ALL\n            ", others.Select((_, i) => $"""
            SELECT * FROM (SELECT sort_utc_ms, precision_rank, statement_id
                             FROM statement_positions
                            WHERE topic_id = @TopicId AND person_id = @personId AND stance = @s{i}
                              AND (sort_utc_ms, precision_rank, statement_id) < (@SortUtcMs, @PrecisionRank, @StatementId)
                            ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC
                            LIMIT 1) AS d{i}
            """));
        var parameters = new Dapper.DynamicParameters(new { personId, latest.TopicId, latest.SortUtcMs, latest.PrecisionRank, latest.StatementId });
        for (var i = 0; i < others.Length; i++) parameters.Add($"s{i}", others[i]);
        var differs = await db.QueryFirstOrDefaultAsync<StanceKey>($"""
            SELECT sort_utc_ms, precision_rank, statement_id
              FROM ({arms}) AS differing
             ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC
             LIMIT 1
            """, parameters, ct);
        return await db.QueryFirstOrDefaultAsync<string>($"""
            SELECT statement_id
              FROM statement_positions
             WHERE topic_id = @topicId AND person_id = @personId
               {(differs is null ? "" : "AND (sort_utc_ms, precision_rank, statement_id) > (@SortUtcMs, @PrecisionRank, @StatementId)")}
             ORDER BY sort_utc_ms, precision_rank, statement_id
             LIMIT 1
            """, new { personId, topicId = latest.TopicId, differs?.SortUtcMs, differs?.PrecisionRank, differs?.StatementId }, ct)
            ?? latest.StatementId;
    }

    // ---- Current stances: one derived row per (person, topic), kept in step by every write (migration 0013).

    /// <summary>The living copy of the rule that derives every current stance from the stances stored (0013 backfilled with a frozen one).</summary>
    private const string RebuildCurrentSql = """
        WITH steps AS (
            SELECT person_id, topic_id, statement_id, stance, sort_utc_ms, precision_rank,
                   LAG(stance) OVER (PARTITION BY person_id, topic_id ORDER BY sort_utc_ms, precision_rank, statement_id) AS previous,
                   ROW_NUMBER() OVER (PARTITION BY person_id, topic_id ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC) AS from_last
              FROM statement_positions
        ),
        run_starts AS (
            SELECT person_id, topic_id, statement_id,
                   ROW_NUMBER() OVER (PARTITION BY person_id, topic_id ORDER BY sort_utc_ms DESC, precision_rank DESC, statement_id DESC) AS from_last
              FROM steps
             WHERE previous IS NULL OR previous <> stance
        )
        INSERT INTO current_stances (person_id, topic_id, person_slug, statement_id, stance, sort_utc_ms, precision_rank, since_id)
        SELECT l.person_id, l.topic_id, p.slug, l.statement_id, l.stance, l.sort_utc_ms, l.precision_rank, r.statement_id
          FROM steps AS l
          JOIN run_starts AS r ON r.person_id = l.person_id AND r.topic_id = l.topic_id AND r.from_last = 1
          JOIN people AS p ON p.id = l.person_id
         WHERE l.from_last = 1
        """;

    /// <summary>Every current stance derived again from the stances stored, for rows loaded behind the service's back (a restore, maintenance).</summary>
    public async Task RebuildCurrentAsync(CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM current_stances", null, ct);
        await db.ExecuteAsync(RebuildCurrentSql, null, ct);
    }

    /// <summary>The (person, topic) pairs a statement's stances stand on now: ask before and after a change, and refresh both.</summary>
    public async Task<List<(string PersonId, string TopicId)>> PairsOfAsync(string statementId, CancellationToken ct) =>
        await db.QueryAsync<(string, string)>(
            "SELECT person_id, topic_id FROM statement_positions WHERE statement_id = @statementId", new { statementId }, ct);

    /// <summary>
    /// Derives again the current stance of each (person, topic) pair from the stances stored: the latest, one seek, and
    /// since when it holds (<see cref="SinceAsync"/>, a few), then one upsert, or a delete when none is left. Call inside
    /// <see cref="DbSession.BeginWriteAsync"/> after any write that adds, changes, moves or removes stances on the pairs.
    /// </summary>
    public async Task RefreshCurrentAsync(IEnumerable<(string PersonId, string TopicId)> pairs, CancellationToken ct)
    {
        foreach (var (personId, topicId) in pairs.Distinct().Order())
        {
            var latest = await LatestAsync(personId, topicId, long.MaxValue, ct);
            if (latest is null)
            {
                await db.ExecuteAsync("DELETE FROM current_stances WHERE person_id = @personId AND topic_id = @topicId", new { personId, topicId }, ct);
                continue;
            }
            var since = await SinceAsync(personId, latest, ct);
            await db.ExecuteAsync("""
                INSERT INTO current_stances (person_id, topic_id, person_slug, statement_id, stance, sort_utc_ms, precision_rank, since_id)
                SELECT p.id, @TopicId, p.slug, @StatementId, @Stance, @SortUtcMs, @PrecisionRank, @since
                  FROM people AS p
                 WHERE p.id = @personId
                ON CONFLICT (person_id, topic_id) DO UPDATE
                   SET statement_id = excluded.statement_id, stance = excluded.stance, sort_utc_ms = excluded.sort_utc_ms,
                       precision_rank = excluded.precision_rank, since_id = excluded.since_id, person_slug = excluded.person_slug
                """, new { personId, latest.TopicId, latest.StatementId, latest.Stance, latest.SortUtcMs, latest.PrecisionRank, since }, ct);
        }
    }

    /// <summary>
    /// Whether the current stances answer for <paramref name="beforeMs"/>: every stance stored was said before it, so
    /// the latest of each pair then is the latest of all. One seek in the rows' timeline index.
    /// </summary>
    public async Task<bool> CurrentCoversAsync(long beforeMs, CancellationToken ct) =>
        await db.ExecuteScalarAsync<long?>("SELECT MAX(sort_utc_ms) FROM current_stances", null, ct) is not { } latest || latest < beforeMs;

    /// <summary>A current stance with its statement and the one its run starts from, as one row.</summary>
    private sealed class CurrentRow
    {
        public string PersonId { get; init; } = "";
        public string PersonSlug { get; init; } = "";
        public string PersonName { get; init; } = "";
        public string TopicId { get; init; } = "";
        public string TopicSlug { get; init; } = "";
        public string TopicName { get; init; } = "";
        public string Stance { get; init; } = "";
        public string StatementId { get; init; } = "";
        public string SaidAt { get; init; } = "";
        public string DatePrecision { get; init; } = "";
        public string? SaidAtUtc { get; init; }
        public long SortUtcMs { get; init; }
        public long PrecisionRank { get; init; }
        public string Quote { get; init; } = "";
        public string SinceId { get; init; } = "";
        public string SinceSaidAt { get; init; } = "";
        public string SinceDatePrecision { get; init; } = "";
        public string? SinceSaidAtUtc { get; init; }
        public long SinceSortUtcMs { get; init; }
        public long SincePrecisionRank { get; init; }
        public string SinceQuote { get; init; } = "";

        /// <summary>The run as <see cref="RunAsync"/> reads it: its first stance and its latest, or the latest alone.</summary>
        public CurrentStance ToCurrent()
        {
            StanceRow Row(string id, string saidAt, string precision, string? utc, long sort, long rank, string quote) => new()
            {
                PersonId = PersonId, PersonSlug = PersonSlug, PersonName = PersonName, TopicId = TopicId, TopicSlug = TopicSlug,
                TopicName = TopicName, Stance = Stance, StatementId = id, SaidAt = saidAt, DatePrecision = precision, SaidAtUtc = utc,
                SortUtcMs = sort, PrecisionRank = rank, Quote = quote,
            };
            var latest = Row(StatementId, SaidAt, DatePrecision, SaidAtUtc, SortUtcMs, PrecisionRank, Quote);
            var run = SinceId == StatementId ? [latest]
                : new[] { Row(SinceId, SinceSaidAt, SinceDatePrecision, SinceSaidAtUtc, SinceSortUtcMs, SincePrecisionRank, SinceQuote), latest };
            return new CurrentStance(new StanceKey
            {
                StatementId = StatementId, TopicId = TopicId, Stance = Stance, SortUtcMs = SortUtcMs, PrecisionRank = PrecisionRank,
            }, run);
        }
    }

    /// <summary>A person's current stance on a topic: where it stands in the timeline, and its run as <see cref="RunAsync"/> gives it.</summary>
    public sealed record CurrentStance(StanceKey Latest, IReadOnlyList<StanceRow> Run);

    private const string CurrentColumns = """
        cs.person_id, p.slug AS person_slug, p.name AS person_name, cs.topic_id, t.slug AS topic_slug, t.name AS topic_name,
        cs.stance, l.id AS statement_id, l.said_at, l.date_precision, l.said_at_utc, l.sort_utc_ms, l.precision_rank,
        substr(l.quote, 1, 400) AS quote, f.id AS since_id, f.said_at AS since_said_at, f.date_precision AS since_date_precision,
        f.said_at_utc AS since_said_at_utc, f.sort_utc_ms AS since_sort_utc_ms, f.precision_rank AS since_precision_rank,
        substr(f.quote, 1, 400) AS since_quote
        """;

    private const string CurrentSource = """
          FROM current_stances AS cs
          JOIN people AS p ON p.id = cs.person_id
          JOIN topics AS t ON t.id = cs.topic_id
          JOIN statements AS l ON l.id = cs.statement_id
          JOIN statements AS f ON f.id = cs.since_id
        """;

    /// <summary>A page of a person's current stances, topics in slug order after <paramref name="afterSlug"/>: one query.</summary>
    public async Task<IReadOnlyList<CurrentStance>> CurrentOfPersonAsync(string personId, string? afterSlug, int take, CancellationToken ct)
    {
        var rows = await db.QueryAsync<CurrentRow>($"""
            SELECT {CurrentColumns}
            {CurrentSource}
             WHERE cs.person_id = @personId {(afterSlug is null ? "" : "AND t.slug > @afterSlug")}
             ORDER BY t.slug
             LIMIT @take
            """, new { personId, afterSlug, take }, ct);
        return rows.Select(r => r.ToCurrent()).ToList();
    }

    /// <summary>
    /// A page of the people, in slug order after <paramref name="afterSlug"/>, with a current stance on any of several
    /// <paramref name="topicIds"/> (a topic and its sub-topics), each person once: ranges of the rows' (topic, person
    /// slug) index, merged. One topic reads its page whole instead (<see cref="CurrentOnTopicAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Slug)>> PeopleWithCurrentStancesAsync(IReadOnlyCollection<string> topicIds,
        string? afterSlug, int take, CancellationToken ct) =>
        await db.QueryAsync<(string Id, string Slug)>($"""
            SELECT person_id, person_slug
              FROM current_stances
             WHERE topic_id IN @topicIds {(afterSlug is null ? "" : "AND person_slug > @afterSlug")}
             GROUP BY person_slug, person_id
             ORDER BY person_slug
             LIMIT @take
            """, new { topicIds, afterSlug, take }, ct);

    /// <summary>
    /// A page of one topic's current stances, people in slug order after <paramref name="afterSlug"/> (only
    /// <paramref name="stance"/> when given), each with its statement and the start of its run: what
    /// <see cref="PeopleWithCurrentStancesAsync"/> and <see cref="CurrentOfPeopleAsync"/> give together, in one walk of
    /// the (topic, person slug) index. Two queries cost a 50-person page 2.4 times as much at 1,000,000 statements: the
    /// second bound the page's people again and found each row a second time.
    /// </summary>
    public async Task<IReadOnlyList<CurrentStance>> CurrentOnTopicAsync(string topicId, string? stance, string? afterSlug, int take, CancellationToken ct)
    {
        var rows = await db.QueryAsync<CurrentRow>($"""
            SELECT {CurrentColumns}
            {CurrentSource}
             WHERE cs.topic_id = @topicId {(afterSlug is null ? "" : "AND cs.person_slug > @afterSlug")} {(stance is null ? "" : "AND cs.stance = @stance")}
             ORDER BY cs.person_slug
             LIMIT @take
            """, new { topicId, stance, afterSlug, take }, ct);
        return rows.Select(r => r.ToCurrent()).ToList();
    }

    /// <summary>The current stances of <paramref name="personIds"/> on <paramref name="topicIds"/>, by person: one query.</summary>
    public async Task<ILookup<string, CurrentStance>> CurrentOfPeopleAsync(IReadOnlyCollection<string> personIds, IReadOnlyCollection<string> topicIds,
        CancellationToken ct)
    {
        if (personIds.Count == 0) return Array.Empty<CurrentStance>().ToLookup(c => "");
        var rows = await db.QueryAsync<CurrentRow>($"""
            SELECT {CurrentColumns}
            {CurrentSource}
             WHERE cs.topic_id IN @topicIds AND cs.person_id IN @personIds
            """, new { topicIds, personIds }, ct);
        return rows.Select(r => r.ToCurrent()).ToLookup(c => c.Run[^1].PersonId);
    }

    /// <summary>Where a stance stands in its person's timeline on its topic.</summary>
    public sealed class StanceKey
    {
        public string StatementId { get; init; } = "";
        public string TopicId { get; init; } = "";
        public string Stance { get; init; } = "";
        public long SortUtcMs { get; init; }
        public long PrecisionRank { get; init; }

        /// <summary>Said after <paramref name="other"/>: the timeline's order, then the topic, as one ranking of every stance.</summary>
        public bool IsAfter(StanceKey other) =>
            (SortUtcMs, PrecisionRank).CompareTo((other.SortUtcMs, other.PrecisionRank)) is var c && c != 0 ? c > 0
            : string.CompareOrdinal(StatementId, other.StatementId) is var d && d != 0 ? d > 0
            : string.CompareOrdinal(TopicId, other.TopicId) > 0;
    }

    /// <summary>
    /// A person's stances said before <paramref name="beforeMs"/>, as the database held them at
    /// <paramref name="asRecorded"/>: read from each statement's revision of that instant, in timeline order per topic.
    /// A historical question, answered from the person's revisions in memory rather than from an index.
    /// </summary>
    public async Task<IReadOnlyList<StanceRow>> HistoryAsRecordedAsync(People.PeopleStore.PersonRow person, DateTime asRecorded, long beforeMs,
        Revisions.RevisionStore revisions, TopicStore topics, CancellationToken ct)
    {
        var statements = await revisions.StatementsOfPersonAtAsync(person.Id, UtcText.Format(asRecorded), null, beforeMs, null, false, null, int.MaxValue, ct);
        var stances = statements.SelectMany(r =>
        {
            var snapshot = StatementSnapshot.From(r.SnapshotNode);
            return snapshot.Positions.Select(p => (Revision: r, Snapshot: snapshot, Topic: p.Topic!, Stance: p.Stance!));
        }).ToList();
        var known = await topics.FindBySlugsAsync(stances.Select(s => s.Topic).Distinct().ToList(), ct);
        return stances
            .Where(s => known.ContainsKey(s.Topic))
            .Select(s =>
            {
                var saidAt = Infrastructure.PartialDate.ParseStored(s.Snapshot.SaidAt);
                return new StanceRow
                {
                    PersonId = person.Id, PersonSlug = person.Slug, PersonName = person.Name,
                    TopicId = known[s.Topic].Id, TopicSlug = s.Topic, TopicName = known[s.Topic].Name, Stance = s.Stance,
                    StatementId = s.Revision.EntityId, SaidAt = saidAt.Text, DatePrecision = saidAt.PrecisionName,
                    SaidAtUtc = saidAt.Utc is { } utc ? UtcText.Format(utc) : null, SortUtcMs = s.Revision.SortUtcMs,
                    Quote = s.Snapshot.Quote.Length > 400 ? s.Snapshot.Quote[..400] : s.Snapshot.Quote,
                    PrecisionRank = s.Revision.PrecisionRank,
                };
            })
            .OrderBy(r => r.TopicSlug, StringComparer.Ordinal).ThenBy(r => r.SortUtcMs).ThenBy(r => r.PrecisionRank).ThenBy(r => r.StatementId, StringComparer.Ordinal)
            .ToList();
    }
}
