using System.Text.Json;
using System.Text.Json.Nodes;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Revisions;

/// <summary>
/// All SQL about revisions: the append-only history of every statement, person, topic and link. Each command
/// appends one row in its own write transaction; nothing updates or deletes a row (the table's triggers refuse it).
/// </summary>
public sealed class RevisionStore(DbSession db)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where a statement's revision sits on a timeline, so "as recorded" timelines can filter and sort.</summary>
    public sealed record StatementKeys(string PersonId, long SortUtcMs, long PrecisionRank, string Medium, bool Retracted);

    public sealed class RevisionRow
    {
        public long Seq { get; init; }
        public string EntityType { get; init; } = "";
        public string EntityId { get; init; } = "";
        public long Revision { get; init; }
        public string Action { get; init; } = "";
        public string RecordedAt { get; init; } = "";
        public string? RecordedBy { get; init; }
        public string? Reason { get; init; }
        public string Snapshot { get; init; } = "{}";
        public string? PreviousSnapshot { get; init; }
        public string? CreatedAt { get; init; }
        public long SortUtcMs { get; init; }
        public long PrecisionRank { get; init; }

        public JsonObject SnapshotNode => JsonNode.Parse(Snapshot)!.AsObject();

        public RevisionEntry ToEntry(JsonObject? previous) => new(Revision, Action, UtcText.Parse(RecordedAt), RecordedBy, Reason,
            RevisionDiff.Between(previous, SnapshotNode), SnapshotNode);
    }

    private static readonly Dictionary<string, string> Tables = new()
    {
        ["statement"] = "statements",
        ["person"] = "people",
        ["topic"] = "topics",
        ["link"] = "links",
        ["review"] = "reviews",
    };

    /// <summary>The kinds of record that keep revisions.</summary>
    public static IReadOnlyCollection<string> EntityTypes => Tables.Keys;

    private const string Columns = """
        r.seq, r.entity_type, r.entity_id, r.revision, r.action, r.recorded_at, r.recorded_by, r.reason, r.snapshot,
        r.sort_utc_ms, r.precision_rank
        """;

    /// <summary>
    /// Appends the record's state after a change and moves the record's own revision (its ETag) on. Call inside the
    /// command's write transaction, after the change itself. Returns the new revision number.
    /// </summary>
    public async Task<long> AppendAsync(string entityType, string entityId, string action, object snapshot, WriteContext write,
        StatementKeys? keys, CancellationToken ct)
    {
        // The next number is found in the insert itself: one statement instead of a SELECT and then the INSERT.
        var revision = await db.ExecuteScalarAsync<long>("""
            INSERT INTO revisions (entity_type, entity_id, revision, action, recorded_at, recorded_by, reason, snapshot,
                                   person_id, sort_utc_ms, precision_rank, medium, retracted)
            VALUES (@entityType, @entityId,
                    (SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE entity_type = @entityType AND entity_id = @entityId),
                    @action, @recordedAt, @recordedBy, @reason, @snapshot, @personId, @sortUtcMs, @precisionRank, @medium, @retracted)
            RETURNING revision
            """, new
        {
            entityType, entityId, action,
            recordedAt = write.NowText, recordedBy = write.RecordedBy, reason = write.Reason,
            snapshot = JsonSerializer.Serialize(snapshot, Json),
            personId = keys?.PersonId, sortUtcMs = keys?.SortUtcMs, precisionRank = keys?.PrecisionRank, medium = keys?.Medium,
            retracted = keys?.Retracted == true ? 1 : 0,
        }, ct);
        // The table name is one of five fixed words; every value is a parameter.
        await db.ExecuteAsync($"UPDATE {Tables[entityType]} SET revision = @revision WHERE id = @entityId", new { revision, entityId }, ct);
        return revision;
    }

    /// <summary>A record's revisions, oldest first, each with its diff from the one before.</summary>
    public async Task<Page<RevisionEntry>> ListAsync(string entityType, string entityId, long? afterRevision, int limit, CancellationToken ct)
    {
        // The page starts one row early when it can: that row is the base the first entry's diff is taken from.
        var start = afterRevision ?? 1;
        var rows = await db.QueryAsync<RevisionRow>($"""
            SELECT {Columns}
              FROM revisions AS r
             WHERE r.entity_type = @entityType AND r.entity_id = @entityId AND r.revision >= @start
             ORDER BY r.revision
             LIMIT @take
            """, new { entityType, entityId, start, take = limit + (afterRevision is null ? 1 : 2) }, ct);
        JsonObject? previous = null;
        if (afterRevision is not null && rows.Count > 0 && rows[0].Revision == afterRevision)
        {
            previous = rows[0].SnapshotNode;
            rows.RemoveAt(0);
        }
        var items = new List<RevisionEntry>();
        foreach (var row in rows.Take(limit))
        {
            items.Add(row.ToEntry(previous));
            previous = row.SnapshotNode;
        }
        var next = rows.Count > limit ? Cursor.Encode($"revisions:{entityType}:{entityId}", new RevisionsCursor(rows[limit - 1].Revision)) : null;
        return new Page<RevisionEntry>(items, next);
    }

    /// <summary>Every correction, retraction and restoration, newest first: the public corrections log.</summary>
    public async Task<(IReadOnlyList<RevisionRow> Rows, string? Next)> CorrectionsAsync(string? entityType, long? beforeSeq, int limit, CancellationToken ct)
    {
        var rows = await db.QueryAsync<RevisionRow>($"""
            SELECT {Columns}, prev.snapshot AS previous_snapshot
              FROM revisions AS r
              LEFT JOIN revisions AS prev
                ON prev.entity_type = r.entity_type AND prev.entity_id = r.entity_id AND prev.revision = r.revision - 1
             WHERE r.action <> 'create'
               AND (@entityType IS NULL OR r.entity_type = @entityType)
               AND (@beforeSeq IS NULL OR r.seq < @beforeSeq)
             ORDER BY r.seq DESC
             LIMIT @take
            """, new { entityType, beforeSeq, take = limit + 1 }, ct);
        var next = rows.Count > limit ? Cursor.Encode("corrections", new CorrectionsCursor(rows[limit - 1].Seq)) : null;
        return (rows.Take(limit).ToList(), next);
    }

    /// <summary>A record's latest revision recorded at or before <paramref name="at"/> (UTC text); null when it did not exist yet.</summary>
    public async Task<RevisionRow?> AtAsync(string entityType, string entityId, string at, CancellationToken ct) =>
        await db.QueryFirstOrDefaultAsync<RevisionRow>($"""
            SELECT {Columns},
                   (SELECT f.recorded_at FROM revisions AS f
                     WHERE f.entity_type = r.entity_type AND f.entity_id = r.entity_id AND f.revision = 1) AS created_at
              FROM revisions AS r
             WHERE r.entity_type = @entityType AND r.entity_id = @entityId AND r.recorded_at <= @at
             ORDER BY r.revision DESC
             LIMIT 1
            """, new { entityType, entityId, at }, ct);

    /// <summary>The current revision's snapshot of each record, for the parts of retracted records no table holds any more.</summary>
    public async Task<Dictionary<string, JsonObject>> CurrentSnapshotsAsync(string entityType, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = await db.QueryAsync<(string EntityId, string Snapshot)>("""
            SELECT r.entity_id, r.snapshot
              FROM revisions AS r
             WHERE r.entity_type = @entityType AND r.entity_id IN @ids
               AND r.revision = (SELECT MAX(m.revision) FROM revisions AS m WHERE m.entity_type = r.entity_type AND m.entity_id = r.entity_id)
            """, new { entityType, ids }, ct);
        return rows.ToDictionary(r => r.EntityId, r => JsonNode.Parse(r.Snapshot)!.AsObject());
    }

    /// <summary>
    /// A person's statements as the database held them at <paramref name="at"/>: for each statement that was ever
    /// theirs, the latest revision recorded by then, kept when it was still theirs and not retracted. In timeline
    /// order, keyset-paged like the live timeline.
    /// </summary>
    public async Task<List<RevisionRow>> StatementsOfPersonAtAsync(string personId, string at, long? fromMs, long? toMs, string? medium,
        bool descending, (long Sort, long Rank, string Id)? after, int take, CancellationToken ct)
    {
        var (comparison, direction) = descending ? ("<", "DESC") : (">", "ASC");
        return await db.QueryAsync<RevisionRow>($"""
            WITH latest AS (
                SELECT r.entity_id, MAX(r.revision) AS revision
                  FROM revisions AS r
                 WHERE r.entity_type = 'statement' AND r.recorded_at <= @at
                   AND r.entity_id IN (SELECT DISTINCT o.entity_id FROM revisions AS o WHERE o.person_id = @personId)
                 GROUP BY r.entity_id
            )
            SELECT {Columns},
                   (SELECT f.recorded_at FROM revisions AS f
                     WHERE f.entity_type = 'statement' AND f.entity_id = r.entity_id AND f.revision = 1) AS created_at
              FROM latest
              JOIN revisions AS r ON r.entity_type = 'statement' AND r.entity_id = latest.entity_id AND r.revision = latest.revision
             WHERE r.person_id = @personId AND r.retracted = 0
               AND (@fromMs IS NULL OR r.sort_utc_ms >= @fromMs)
               AND (@toMs IS NULL OR r.sort_utc_ms < @toMs)
               AND (@medium IS NULL OR r.medium = @medium)
               AND (@afterSort IS NULL OR (r.sort_utc_ms, r.precision_rank, r.entity_id) {comparison} (@afterSort, @afterRank, @afterId))
             ORDER BY r.sort_utc_ms {direction}, r.precision_rank {direction}, r.entity_id {direction}
             LIMIT @take
            """, new
        {
            personId, at, fromMs, toMs, medium,
            afterSort = after?.Sort, afterRank = after?.Rank, afterId = after?.Id,
            take,
        }, ct);
    }
}

/// <summary>A record's revisions list keyset: the last revision on the page.</summary>
public sealed record RevisionsCursor(long Revision);

/// <summary>The corrections log's keyset: the sequence number of the last entry on the page.</summary>
public sealed record CorrectionsCursor(long Seq);
