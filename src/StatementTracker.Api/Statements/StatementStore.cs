using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Revisions;

namespace StatementTracker.Api.Statements;

/// <summary>All SQL about statements and their sources.</summary>
public sealed class StatementStore(DbSession db, LinkStore links, ReversalStore reversals, RevisionStore revisions,
    Reviews.ReviewStore reviews, StatementPartsStore parts)
{
    public sealed class StatementRow
    {
        public string Id { get; init; } = "";
        public string PersonId { get; init; } = "";
        public string PersonSlug { get; init; } = "";
        public string PersonName { get; init; } = "";
        public string Quote { get; init; } = "";
        public string Wording { get; init; } = "exact";
        public string? Summary { get; init; }
        public string SaidAt { get; init; } = "";
        public string DatePrecision { get; init; } = "";
        public long PrecisionRank { get; init; }
        public string? SaidAtUtc { get; init; }
        public long? UtcOffsetMin { get; init; }
        public long SortUtcMs { get; init; }
        public string Medium { get; init; } = "";
        public string? Venue { get; init; }
        public string Language { get; init; } = "";
        public string? ExternalId { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Revision { get; init; }
        public double Score { get; init; }

        /// <summary>The search highlight, when the page's query cut it along (a walk in date order on SQLite); null otherwise.</summary>
        public string? Snippet { get; init; }
        public string? RecordedBy { get; init; }
        public string? RetractedAt { get; init; }
        public string? RetractionReason { get; init; }
        public string? DuplicateOf { get; init; }

        /// <summary>What else the statement has (<see cref="StatementFlags"/>); every bit when the row was not read from statements.</summary>
        public long Flags { get; init; } = StatementFlags.All;

        /// <summary>Its sources, topics and stances as a <see cref="StatementParts"/> document; null when not known.</summary>
        public string? Parts { get; init; }

        /// <summary>The revision's snapshot this row was read from, for as-recorded reads; its sources and stances stand.</summary>
        public StatementSnapshot? Snapshot { get; init; }

        public LinkRules.End AsLinkEnd() => new(Id, PersonId, PersonName, PartialDate.ParseStored(SaidAt));
    }

    internal const string SelectStatement = $"""
        SELECT {StatementColumns}
          FROM statements AS s
          JOIN people AS p ON p.id = s.person_id
        """;

    /// <summary><see cref="SelectStatement"/> with one more column before the row's own (a search's highlight, say).</summary>
    internal static string SelectStatementWith(string column) => $"""
        SELECT {column}, {StatementColumns}
          FROM statements AS s
          JOIN people AS p ON p.id = s.person_id
        """;

    private const string StatementColumns = """
        s.id, s.person_id, p.slug AS person_slug, p.name AS person_name, s.quote, s.wording, s.summary, s.said_at,
               s.date_precision, s.precision_rank, s.said_at_utc, s.utc_offset_min, s.sort_utc_ms, s.medium, s.venue,
               s.language, s.external_id, s.created_at, s.updated_at, s.revision, s.recorded_by, s.retracted_at,
               s.retraction_reason, s.duplicate_of, s.flags, s.parts
        """;

    public async Task<StatementRow?> FindAsync(string id, CancellationToken ct)
    {
        return await db.QuerySingleOrDefaultAsync<StatementRow>($"{SelectStatement} WHERE s.id = @id", new { id }, ct);
    }

    /// <summary>A statement's revision (its ETag) and whether it is retracted, without the rest of the row; null when there is no such statement.</summary>
    public async Task<(long Revision, bool Retracted)?> RevisionAsync(string id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<(long, bool)?>("SELECT revision, retracted_at IS NOT NULL FROM statements WHERE id = @id", new { id }, ct);

    public async Task<List<StatementRow>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        await db.QueryAsync<StatementRow>($"{SelectStatement} WHERE s.id IN @ids ORDER BY s.id", new { ids }, ct);

    /// <summary>The language of each of these statements, by id: what a page needs to mark up their excerpts.</summary>
    public async Task<Dictionary<string, string>> LanguagesAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await db.QueryAsync<(string Id, string Language)>("SELECT id, language FROM statements WHERE id IN @ids", new { ids }, ct))
            .ToDictionary(r => r.Id, r => r.Language);

    public async Task<string?> FindIdByExternalIdAsync(string externalId, CancellationToken ct)
    {
        return await db.QueryFirstOrDefaultAsync<string>(
            "SELECT id FROM statements WHERE external_id = @externalId", new { externalId }, ct);
    }

    public async Task InsertAsync(string id, string personId, StatementInput input, WriteContext write, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            INSERT INTO statements (id, person_id, quote, summary, said_at, date_precision, precision_rank, said_at_utc,
                                    utc_offset_min, sort_utc_ms, medium, venue, language, external_id, created_at, updated_at,
                                    recorded_by, wording)
            VALUES (@id, @personId, @Quote, @Summary, @SaidAt, @DatePrecision, @PrecisionRank, @SaidAtUtc,
                    @UtcOffsetMin, @SortUtcMs, @Medium, @Venue, @Language, @ExternalId, @now, @now, @recordedBy, @Wording)
            """, Parameters(id, personId, input, write), ct);
        await WriteSourcesAsync(id, input.Sources, ct);
    }

    /// <summary>Replaces the topics a statement is about (without a stance).</summary>
    public async Task ReplaceTopicsAsync(string id, IReadOnlyCollection<string> topicIds, CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM statement_topics WHERE statement_id = @id", new { id }, ct);
        await AddTopicsAsync(id, topicIds, ct);
    }

    /// <summary>The topics of a statement that has none yet, one just recorded.</summary>
    public async Task AddTopicsAsync(string id, IReadOnlyCollection<string> topicIds, CancellationToken ct)
    {
        if (topicIds.Count == 0) return;
        await db.ExecuteAsync("INSERT INTO statement_topics (statement_id, topic_id) VALUES (@id, @topicId)",
            topicIds.Select(topicId => new { id, topicId }), ct);
    }

    /// <summary>Marks a statement retracted (or, with a null reason, no longer retracted); the row itself stays.</summary>
    public async Task SetRetractionAsync(string id, string? reason, string? duplicateOf, WriteContext write, CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE statements
               SET retracted_at = @retractedAt, retraction_reason = @reason, duplicate_of = @duplicateOf,
                   updated_at = @now, recorded_by = @recordedBy
             WHERE id = @id
            """, new { id, retractedAt = reason is null ? null : write.NowText, reason, duplicateOf, now = write.NowText, recordedBy = write.RecordedBy }, ct);

    public async Task UpdateAsync(string id, string personId, StatementInput input, WriteContext write, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            UPDATE statements
               SET person_id = @personId, quote = @Quote, summary = @Summary, said_at = @SaidAt,
                   date_precision = @DatePrecision, precision_rank = @PrecisionRank, said_at_utc = @SaidAtUtc,
                   utc_offset_min = @UtcOffsetMin, sort_utc_ms = @SortUtcMs, medium = @Medium, venue = @Venue,
                   language = @Language, external_id = @ExternalId, updated_at = @now, recorded_by = @recordedBy,
                   wording = @Wording
             WHERE id = @id
            """, Parameters(id, personId, input, write), ct);
        await db.ExecuteAsync("DELETE FROM sources WHERE statement_id = @id", new { id }, ct);
        await WriteSourcesAsync(id, input.Sources, ct);
    }

    /// <summary>A person's statements in time order: by the UTC instant covered, coarser precision first on ties, then id.</summary>
    public async Task<Page<Statement>> TimelineAsync(string personId, long? fromMs, long? toMs, string? medium, bool descending,
        bool includeRetracted, TimelineCursor? after, int limit, CancellationToken ct)
    {
        // Only fixed fragments vary (the order, and which bounds apply); every value is a parameter. A bound that does not
        // apply is left out rather than written "@x IS NULL OR ...", which would keep the planner from seeking the
        // timeline index to the cursor: a page deep in a long history would read every statement before it.
        var (comparison, direction) = descending ? ("<", "DESC") : (">", "ASC");
        var clauses = new List<string> { "s.person_id = @personId" };
        if (!includeRetracted) clauses.Add("s.retracted_at IS NULL");
        if (fromMs is not null) clauses.Add("s.sort_utc_ms >= @fromMs");
        if (toMs is not null) clauses.Add("s.sort_utc_ms < @toMs");
        if (medium is not null) clauses.Add("s.medium = @medium");
        if (after is not null) clauses.Add($"(s.sort_utc_ms, s.precision_rank, s.id) {comparison} (@afterSort, @afterRank, @afterId)");
        var rows = await db.QueryAsync<StatementRow>($"""
            {SelectStatement}
             WHERE {string.Join("\n   AND ", clauses)}
             ORDER BY s.sort_utc_ms {direction}, s.precision_rank {direction}, s.id {direction}
             LIMIT @take
            """, new
        {
            personId,
            fromMs,
            toMs,
            medium,
            afterSort = after?.Sort,
            afterRank = after?.Rank,
            afterId = after?.Id,
            take = limit + 1,
        }, ct);

        var page = Cursor.ToPage(rows, limit, r => r, r => Cursor.Encode(descending ? "timeline-desc" : "timeline-asc", new TimelineCursor(r.SortUtcMs, r.PrecisionRank, r.Id)));
        return new Page<Statement>(await ExpandAsync(page.Items, null, ct), page.NextCursor);
    }

    /// <summary>
    /// A person's timeline as the database held it at <paramref name="asRecorded"/>: each statement in the wording it
    /// had then, without those recorded later or retracted by then, with the links and reversals of that instant.
    /// </summary>
    public async Task<Page<Statement>> TimelineAsRecordedAsync(People.PeopleStore.PersonRow person, DateTime asRecorded, long? fromMs, long? toMs,
        string? medium, bool descending, TimelineCursor? after, int limit, CancellationToken ct)
    {
        var revisionRows = await revisions.StatementsOfPersonAtAsync(person.Id, UtcText.Format(asRecorded), fromMs, toMs, medium, descending,
            after is null ? null : (after.Sort, after.Rank, after.Id), limit + 1, ct);
        var rows = revisionRows.Select(r => FromRevision(r, person)).ToList();
        var page = Cursor.ToPage(rows, limit, r => r, r => Cursor.Encode(descending ? "timeline-desc" : "timeline-asc", new TimelineCursor(r.SortUtcMs, r.PrecisionRank, r.Id)));
        return new Page<Statement>(await ExpandAsync(page.Items, UtcText.ToUnixMs(asRecorded), ct), page.NextCursor);
    }

    /// <summary>One statement as the database held it at <paramref name="asRecorded"/>; null when it was not recorded yet.</summary>
    public async Task<Statement?> GetAsRecordedAsync(string id, DateTime asRecorded, People.PeopleStore people, CancellationToken ct)
    {
        var revision = await revisions.AtAsync("statement", id, UtcText.Format(asRecorded), ct);
        if (revision is null) return null;
        var snapshot = StatementSnapshot.From(revision.SnapshotNode);
        var person = await people.FindBySlugAsync(snapshot.Person, ct);
        if (person is null) return null;
        return (await ExpandAsync([FromRevision(revision, person)], UtcText.ToUnixMs(asRecorded), ct))[0];
    }

    /// <summary>A statement row rebuilt from a revision's snapshot, as the timeline and the API show statements.</summary>
    private static StatementRow FromRevision(RevisionStore.RevisionRow revision, People.PeopleStore.PersonRow person)
    {
        var snapshot = StatementSnapshot.From(revision.SnapshotNode);
        var saidAt = PartialDate.ParseStored(snapshot.SaidAt);
        return new StatementRow
        {
            Id = revision.EntityId,
            PersonId = person.Id,
            PersonSlug = person.Slug,
            PersonName = person.Name,
            Quote = snapshot.Quote,
            Wording = snapshot.Wording ?? "exact",
            Summary = snapshot.Summary,
            SaidAt = saidAt.Text,
            DatePrecision = saidAt.PrecisionName,
            PrecisionRank = (int)saidAt.Precision,
            SaidAtUtc = saidAt.Utc is { } utc ? UtcText.Format(utc) : null,
            UtcOffsetMin = saidAt.Offset is { } offset ? (long)offset.TotalMinutes : null,
            SortUtcMs = UtcText.ToUnixMs(saidAt.Start),
            Medium = snapshot.Medium,
            Venue = snapshot.Venue,
            Language = snapshot.Language,
            ExternalId = snapshot.ExternalId,
            CreatedAt = revision.CreatedAt ?? revision.RecordedAt,
            UpdatedAt = revision.RecordedAt,
            Revision = revision.Revision,
            RecordedBy = revision.RecordedBy,
            RetractedAt = snapshot.Retracted is null ? null : revision.RecordedAt,
            RetractionReason = snapshot.Retracted?.Reason,
            DuplicateOf = snapshot.Retracted?.DuplicateOf,
            Snapshot = snapshot,
        };
    }

    /// <summary>Rows to API statements, with sources, positions, links, repeat chains and reversals loaded for all of them at once.</summary>
    /// <remarks>
    /// With <paramref name="asRecordedMs"/>, links and reversals are those of that instant. Rows read from a snapshot
    /// take their sources and stances from it; so do retracted rows, whose stances left the live tables.
    /// </remarks>
    public async Task<IReadOnlyList<Statement>> ExpandAsync(IReadOnlyList<StatementRow> rows, long? asRecordedMs, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var retracted = rows.Where(r => r.Snapshot is null && r.RetractedAt is not null).Select(r => r.Id).ToList();
        var retractedSnapshots = (await revisions.CurrentSnapshotsAsync("statement", retracted, ct))
            .ToDictionary(p => p.Key, p => StatementSnapshot.From(p.Value));
        StatementSnapshot? SnapshotOf(StatementRow r) => r.Snapshot ?? retractedSnapshots.GetValueOrDefault(r.Id);
        // Each row's sources, topics and stances come from its document; the three tables are read only for the rows
        // that have none (read from a revision, or written behind the service's back since), or one this version
        // cannot read.
        var partsOf = new Dictionary<string, StatementParts>(rows.Count);
        foreach (var row in rows)
            if (row.Parts is not null && StatementParts.TryParse(row.Parts) is { } parsed) partsOf.TryAdd(row.Id, parsed);
        if (partsOf.Count < ids.Length)
            foreach (var (id, read) in await parts.ReadAsync(ids.Where(id => !partsOf.ContainsKey(id)).Distinct().ToArray(), ct)) partsOf[id] = read;
        // Most statements have no links, reversals or fact-checks: each of those reads is made only for the statements
        // whose flags say they may, and not at all when none does (one statement then costs two queries, not five).
        // Read as recorded, links and reversals of that instant may be gone from the live rows the flags describe.
        string[] Having(long bit, bool live = true) =>
            live ? rows.Where(r => (r.Flags & bit) != 0).Select(r => r.Id).ToArray() : ids;
        var linksByStatement = await links.ForStatementsAsync(Having(StatementFlags.Links, asRecordedMs is null), asRecordedMs, ct);
        var chains = await links.RepeatChainsAsync(rows.Select(r => (r.Id, r.SaidAt, (r.Flags & StatementFlags.RepeatsLinked) != 0)), ct);
        var marks = await reversals.MarksForStatementsAsync(Having(StatementFlags.Reversals, asRecordedMs is null), asRecordedMs, ct);
        var verdicts = await reviews.RefsForStatementsAsync(Having(StatementFlags.Reviews), ct);

        return rows.Select(r =>
        {
            var snapshot = SnapshotOf(r);
            return new Statement(
                r.Id, new PersonRef(r.PersonSlug, r.PersonName), r.Quote, r.Wording, r.Summary, r.SaidAt, r.DatePrecision,
                r.SaidAtUtc is null ? null : UtcText.Parse(r.SaidAtUtc), OffsetText(r.UtcOffsetMin), r.Medium, r.Venue, r.Language,
                r.ExternalId, snapshot?.Sources ?? partsOf[r.Id].Sources,
                snapshot?.Positions.Select(p => new StatementPosition(p.Topic!, p.Stance!)).OrderBy(p => p.Topic, StringComparer.Ordinal).ToList() ?? partsOf[r.Id].Stances,
                r.Snapshot?.Topics?.Order(StringComparer.Ordinal).ToList() ?? partsOf[r.Id].Topics,
                linksByStatement[r.Id].ToList(),
                (int)chains[r.Id].RepeatCount, chains[r.Id].FirstSaidAt, chains[r.Id].FirstStatementId, marks[r.Id].ToList(), verdicts[r.Id].ToList(),
                UtcText.Parse(r.CreatedAt), UtcText.Parse(r.UpdatedAt), r.Revision, r.RecordedBy,
                r.RetractedAt is null ? null : new Retraction(UtcText.Parse(r.RetractedAt), r.RetractionReason ?? "", r.DuplicateOf));
        }).ToList();
    }

    /// <summary>
    /// A live statement's editable state, as its revision keeps it: the row with its sources, stances and topics,
    /// read the way <see cref="ExpandAsync"/> reads them, without what ExpandAsync adds for readers (links, repeat
    /// chains, reversals, fact-checks), which a correction neither edits nor compares. Not for a retracted statement,
    /// whose stances are no longer in the tables.
    /// </summary>
    public async Task<StatementSnapshot> EditableAsync(StatementRow row, CancellationToken ct)
    {
        // From the tables, not the row's document: the correction that asks compares them with what it will write.
        var current = (await parts.ReadAsync([row.Id], ct))[row.Id];
        return new StatementSnapshot(
            row.PersonSlug, row.Quote, row.Summary, row.SaidAt, row.Medium, row.Venue, row.Language, row.ExternalId,
            current.Sources.ToList(), current.Stances.Select(p => new PositionInput(p.Topic, p.Stance)).ToList(), null, current.Topics.ToList(),
            row.Wording == "exact" ? null : row.Wording);
    }

    public async Task<Statement?> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } row ? (await ExpandAsync([row], null, ct))[0] : null;

    private async Task WriteSourcesAsync(string statementId, IReadOnlyList<Source> sources, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            INSERT INTO sources (statement_id, position, url, title, publisher, published_at, archive_url)
            VALUES (@statementId, @position, @Url, @Title, @Publisher, @PublishedAt, @ArchiveUrl)
            """, sources.Select((s, position) => new { statementId, position, s.Url, s.Title, s.Publisher, s.PublishedAt, s.ArchiveUrl }), ct);
    }

    private static object Parameters(string id, string personId, StatementInput input, WriteContext write) => new
    {
        id,
        personId,
        input.Quote,
        input.Summary,
        SaidAt = input.SaidAt.Text,
        DatePrecision = input.SaidAt.PrecisionName,
        PrecisionRank = (int)input.SaidAt.Precision,
        SaidAtUtc = input.SaidAt.Utc is { } utc ? UtcText.Format(utc) : null,
        UtcOffsetMin = input.SaidAt.Offset is { } offset ? (int?)offset.TotalMinutes : null,
        SortUtcMs = UtcText.ToUnixMs(input.SaidAt.Start),
        input.Medium,
        input.Venue,
        input.Language,
        input.ExternalId,
        input.Wording,
        now = write.NowText,
        recordedBy = write.RecordedBy,
    };

    private static string? OffsetText(long? minutes) => minutes is { } m
        ? $"{(m < 0 ? '-' : '+')}{Math.Abs(m) / 60:D2}:{Math.Abs(m) % 60:D2}"
        : null;
}

/// <summary>The timeline's keyset: instant, precision rank and id of the last statement on the page.</summary>
public sealed record TimelineCursor(long Sort, long Rank, string Id);
