using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;

namespace StatementTracker.Api.Statements;

/// <summary>All SQL about statements and their sources.</summary>
public sealed class StatementStore(DbSession db, LinkStore links, PositionStore positions, ReversalStore reversals)
{
    public sealed class StatementRow
    {
        public string Id { get; init; } = "";
        public string PersonId { get; init; } = "";
        public string PersonSlug { get; init; } = "";
        public string PersonName { get; init; } = "";
        public string Quote { get; init; } = "";
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

        public LinkRules.End AsLinkEnd() => new(Id, PersonId, PersonName, PartialDate.ParseStored(SaidAt));
    }

    private sealed class SourceRow
    {
        public string StatementId { get; init; } = "";
        public string Url { get; init; } = "";
        public string? Title { get; init; }
        public string? Publisher { get; init; }
        public string? PublishedAt { get; init; }
        public string? ArchiveUrl { get; init; }
    }

    private const string SelectStatement = """
        SELECT s.id, s.person_id, p.slug AS person_slug, p.name AS person_name, s.quote, s.summary, s.said_at,
               s.date_precision, s.precision_rank, s.said_at_utc, s.utc_offset_min, s.sort_utc_ms, s.medium, s.venue,
               s.language, s.external_id, s.created_at, s.updated_at
          FROM statements AS s
          JOIN people AS p ON p.id = s.person_id
        """;

    public async Task<StatementRow?> FindAsync(string id, CancellationToken ct)
    {
        return await db.QuerySingleOrDefaultAsync<StatementRow>($"{SelectStatement} WHERE s.id = @id", new { id }, ct);
    }

    public async Task<string?> FindIdByExternalIdAsync(string externalId, CancellationToken ct)
    {
        return await db.QueryFirstOrDefaultAsync<string>(
            "SELECT id FROM statements WHERE external_id = @externalId", new { externalId }, ct);
    }

    public async Task InsertAsync(string id, string personId, StatementInput input, CancellationToken ct)
    {
        var now = UtcText.Format(DateTime.UtcNow);
        await db.ExecuteAsync("""
            INSERT INTO statements (id, person_id, quote, summary, said_at, date_precision, precision_rank, said_at_utc,
                                    utc_offset_min, sort_utc_ms, medium, venue, language, external_id, created_at, updated_at)
            VALUES (@id, @personId, @Quote, @Summary, @SaidAt, @DatePrecision, @PrecisionRank, @SaidAtUtc,
                    @UtcOffsetMin, @SortUtcMs, @Medium, @Venue, @Language, @ExternalId, @now, @now)
            """, Parameters(id, personId, input, now), ct);
        await WriteSourcesAsync(id, input.Sources, ct);
    }

    public async Task UpdateAsync(string id, string personId, StatementInput input, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            UPDATE statements
               SET person_id = @personId, quote = @Quote, summary = @Summary, said_at = @SaidAt,
                   date_precision = @DatePrecision, precision_rank = @PrecisionRank, said_at_utc = @SaidAtUtc,
                   utc_offset_min = @UtcOffsetMin, sort_utc_ms = @SortUtcMs, medium = @Medium, venue = @Venue,
                   language = @Language, external_id = @ExternalId, updated_at = @now
             WHERE id = @id
            """, Parameters(id, personId, input, UtcText.Format(DateTime.UtcNow)), ct);
        await db.ExecuteAsync("DELETE FROM sources WHERE statement_id = @id", new { id }, ct);
        await WriteSourcesAsync(id, input.Sources, ct);
    }

    /// <summary>A person's statements in time order: by the UTC instant covered, coarser precision first on ties, then id.</summary>
    public async Task<Page<Statement>> TimelineAsync(string personId, DateTime? from, DateTime? to, string? medium, bool descending,
        TimelineCursor? after, int limit, CancellationToken ct)
    {
        // Only these two fixed fragments vary with the order; every value is a parameter.
        var (comparison, direction) = descending ? ("<", "DESC") : (">", "ASC");
        var rows = await db.QueryAsync<StatementRow>($"""
            {SelectStatement}
             WHERE s.person_id = @personId
               AND (@fromMs IS NULL OR s.sort_utc_ms >= @fromMs)
               AND (@toMs IS NULL OR s.sort_utc_ms < @toMs)
               AND (@medium IS NULL OR s.medium = @medium)
               AND (@afterSort IS NULL OR (s.sort_utc_ms, s.precision_rank, s.id) {comparison} (@afterSort, @afterRank, @afterId))
             ORDER BY s.sort_utc_ms {direction}, s.precision_rank {direction}, s.id {direction}
             LIMIT @take
            """, new
        {
            personId,
            fromMs = from is null ? (long?)null : UtcText.ToUnixMs(from.Value),
            toMs = to is null ? (long?)null : UtcText.ToUnixMs(to.Value),
            medium,
            afterSort = after?.Sort,
            afterRank = after?.Rank,
            afterId = after?.Id,
            take = limit + 1,
        }, ct);

        var page = Cursor.ToPage(rows, limit, r => r, r => Cursor.Encode(descending ? "timeline-desc" : "timeline-asc", new TimelineCursor(r.SortUtcMs, r.PrecisionRank, r.Id)));
        return new Page<Statement>(await ExpandAsync(page.Items, ct), page.NextCursor);
    }

    /// <summary>Rows to API statements, with sources, positions, links, repeat chains and reversals loaded for all of them at once.</summary>
    public async Task<IReadOnlyList<Statement>> ExpandAsync(IReadOnlyList<StatementRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToArray();
        var sources = (await db.QueryAsync<SourceRow>("""
            SELECT statement_id, url, title, publisher, published_at, archive_url
              FROM sources WHERE statement_id IN @ids ORDER BY statement_id, position
            """, new { ids }, ct)).ToLookup(s => s.StatementId, s => new Source(s.Url, s.Title, s.Publisher, s.PublishedAt, s.ArchiveUrl));
        var stances = await positions.ForStatementsAsync(ids, ct);
        var linksByStatement = await links.ForStatementsAsync(ids, ct);
        var chains = await links.RepeatChainsAsync(ids, ct);
        var marks = await reversals.MarksForStatementsAsync(ids, ct);

        return rows.Select(r => new Statement(
            r.Id, new PersonRef(r.PersonSlug, r.PersonName), r.Quote, r.Summary, r.SaidAt, r.DatePrecision,
            r.SaidAtUtc is null ? null : UtcText.Parse(r.SaidAtUtc), OffsetText(r.UtcOffsetMin), r.Medium, r.Venue, r.Language,
            r.ExternalId, sources[r.Id].ToList(), stances[r.Id].ToList(), linksByStatement[r.Id].ToList(),
            (int)chains[r.Id].RepeatCount, chains[r.Id].FirstSaidAt, chains[r.Id].FirstStatementId, marks[r.Id].ToList(),
            UtcText.Parse(r.CreatedAt), UtcText.Parse(r.UpdatedAt))).ToList();
    }

    public async Task<Statement?> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } row ? (await ExpandAsync([row], ct))[0] : null;

    private async Task WriteSourcesAsync(string statementId, IReadOnlyList<Source> sources, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            INSERT INTO sources (statement_id, position, url, title, publisher, published_at, archive_url)
            VALUES (@statementId, @position, @Url, @Title, @Publisher, @PublishedAt, @ArchiveUrl)
            """, sources.Select((s, position) => new { statementId, position, s.Url, s.Title, s.Publisher, s.PublishedAt, s.ArchiveUrl }), ct);
    }

    private static object Parameters(string id, string personId, StatementInput input, string now) => new
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
        now,
    };

    private static string? OffsetText(long? minutes) => minutes is { } m
        ? $"{(m < 0 ? '-' : '+')}{Math.Abs(m) / 60:D2}:{Math.Abs(m) % 60:D2}"
        : null;
}

/// <summary>The timeline's keyset: instant, precision rank and id of the last statement on the page.</summary>
public sealed record TimelineCursor(long Sort, long Rank, string Id);
