using System.Text.Json.Nodes;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Reviews;

/// <summary>All SQL about fact-checks.</summary>
public sealed class ReviewStore(DbSession db)
{
    public sealed class ReviewRow
    {
        public long RowId { get; init; }
        public string Id { get; init; } = "";
        public string StatementId { get; init; } = "";
        public string PublisherName { get; init; } = "";
        public string PublisherUrl { get; init; } = "";
        public string? Author { get; init; }
        public string? ReviewedAt { get; init; }
        public string? Url { get; init; }
        public string Rating { get; init; } = "";
        public string? NormalisedRating { get; init; }
        public string? Summary { get; init; }
        public string? ExternalId { get; init; }
        public string? Raw { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Revision { get; init; }
        public string? RecordedBy { get; init; }
        public string? RetractedAt { get; init; }
        public string? RetractionReason { get; init; }

        public Review ToReview() => new(
            Id, StatementId, new Publisher(PublisherName, PublisherUrl), Rating, NormalisedRating, Url, Author, ReviewedAt, Summary,
            ExternalId, Raw is null ? null : JsonNode.Parse(Raw)!.AsObject(), UtcText.Parse(CreatedAt), UtcText.Parse(UpdatedAt), Revision,
            RecordedBy, RetractedAt is null ? null : new Retraction(UtcText.Parse(RetractedAt), RetractionReason ?? "", null));

        public ReviewRef ToRef() => new(Id, new Publisher(PublisherName, PublisherUrl), Rating, NormalisedRating, ReviewedAt, Url);
    }

    // The order reviews were written in is SQLite's rowid and PostgreSQL's row_seq (Data/SqlDialect.cs).
    private string Written => db.Sql.InsertOrder("r");

    private string Select => $"""
        SELECT {Written} AS row_id, r.id, r.statement_id, r.publisher_name, r.publisher_url, r.author, r.reviewed_at, r.url, r.rating,
               r.normalised_rating, r.summary, r.external_id, r.raw, r.created_at, r.updated_at, r.revision, r.recorded_by,
               r.retracted_at, r.retraction_reason
          FROM reviews AS r
        """;

    public async Task<ReviewRow?> FindAsync(string id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<ReviewRow>($"{Select} WHERE r.id = @id", new { id }, ct);

    public async Task<string?> FindIdByExternalIdAsync(string externalId, CancellationToken ct) =>
        await db.QueryFirstOrDefaultAsync<string>("SELECT id FROM reviews WHERE external_id = @externalId", new { externalId }, ct);

    public async Task InsertAsync(string id, string statementId, ReviewInput input, WriteContext write, CancellationToken ct) =>
        await db.ExecuteAsync("""
            INSERT INTO reviews (id, statement_id, publisher_name, publisher_key, publisher_url, author, reviewed_at, url, rating,
                                 normalised_rating, summary, external_id, raw, created_at, updated_at, recorded_by)
            VALUES (@id, @statementId, @PublisherName, @publisherKey, @PublisherUrl, @Author, @ReviewedAt, @Url, @Rating,
                    @NormalisedRating, @Summary, @ExternalId, @Raw, @now, @now, @recordedBy)
            """, Parameters(id, statementId, input, write), ct);

    public async Task UpdateAsync(string id, ReviewInput input, WriteContext write, CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE reviews
               SET publisher_name = @PublisherName, publisher_key = @publisherKey, publisher_url = @PublisherUrl, author = @Author,
                   reviewed_at = @ReviewedAt, url = @Url, rating = @Rating, normalised_rating = @NormalisedRating,
                   summary = @Summary, external_id = @ExternalId, raw = @Raw, updated_at = @now, recorded_by = @recordedBy
             WHERE id = @id
            """, Parameters(id, "", input, write), ct);

    public async Task RetractAsync(string id, WriteContext write, CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE reviews SET retracted_at = @now, retraction_reason = @reason, updated_at = @now, recorded_by = @recordedBy WHERE id = @id
            """, new { id, now = write.NowText, reason = write.Reason, recordedBy = write.RecordedBy }, ct);

    /// <summary>The live reviews of a statement, in the order they were recorded.</summary>
    public async Task<List<Review>> OfStatementAsync(string statementId, CancellationToken ct) =>
        (await db.QueryAsync<ReviewRow>($"{Select} WHERE r.statement_id = @statementId AND r.retracted_at IS NULL ORDER BY {Written}",
            new { statementId }, ct)).Select(r => r.ToReview()).ToList();

    /// <summary>The live reviews of many statements at once, as statements carry them.</summary>
    public async Task<ILookup<string, ReviewRef>> RefsForStatementsAsync(IReadOnlyCollection<string> statementIds, CancellationToken ct) =>
        statementIds.Count == 0 ? Array.Empty<ReviewRef>().ToLookup(r => "") : (await db.QueryAsync<ReviewRow>($"{Select} WHERE r.statement_id IN @statementIds AND r.retracted_at IS NULL ORDER BY {Written}",
            new { statementIds }, ct)).ToLookup(r => r.StatementId, r => r.ToRef());

    /// <summary>Live reviews in the order they were recorded, optionally of one normalised rating and one publisher.</summary>
    public async Task<List<ReviewRow>> ListAsync(string? rating, string? reviewer, long? afterRowId, int take, CancellationToken ct) =>
        await db.QueryAsync<ReviewRow>($"""
            {Select}
             WHERE r.retracted_at IS NULL
               AND (@rating IS NULL OR r.normalised_rating = @rating)
               AND (@reviewerKey IS NULL OR r.publisher_key = @reviewerKey)
               AND (@afterRowId IS NULL OR {Written} > @afterRowId)
             ORDER BY {Written}
             LIMIT @take
            """, new { rating, reviewerKey = reviewer is null ? null : PublisherKey(reviewer), afterRowId, take }, ct);

    /// <summary>What reviewer= compares: the publisher's name folded for case and accents, spaces collapsed.</summary>
    public static string PublisherKey(string name) => string.Join(' ', Slug.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static object Parameters(string id, string statementId, ReviewInput input, WriteContext write) => new
    {
        id,
        statementId,
        input.PublisherName,
        publisherKey = PublisherKey(input.PublisherName),
        input.PublisherUrl,
        input.Author,
        input.ReviewedAt,
        input.Url,
        input.Rating,
        input.NormalisedRating,
        input.Summary,
        input.ExternalId,
        input.Raw,
        now = write.NowText,
        recordedBy = write.RecordedBy,
    };
}
