using System.Text.Json;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Imports;

/// <summary>All SQL about import jobs and the errors they found.</summary>
public sealed class ImportJobStore(DbSession db, ImportJobLocks locks)
{
    public sealed class JobRow
    {
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string Format { get; init; } = "";
        public bool CreatePeople { get; init; }
        public bool DryRun { get; init; }
        public string? FileName { get; init; }
        public long? Bytes { get; init; }
        public long Records { get; init; }
        public long Created { get; init; }
        public long Updated { get; init; }
        public long Unchanged { get; init; }
        public long Skipped { get; init; }
        public long Errors { get; init; }
        public string? ByType { get; init; }
        public string? Message { get; init; }
        public string? RecordedBy { get; init; }
        public string CreatedAt { get; init; } = "";
        public string? StartedAt { get; init; }
        public string? FinishedAt { get; init; }

        /// <summary>
        /// The job as the API shows it. A queued or running job's counts come from <paramref name="live"/>, its
        /// runner's own, when this node runs it; when another node (or the import command) does, its row holds no
        /// progress until the job ends, so bytesRead is null and the message says where the progress is. A failed
        /// job kept its counts but not how far it read: bytesRead is null there too.
        /// </summary>
        public ImportJob ToJob(IReadOnlyList<ImportProblem> firstErrors, ImportReport? live)
        {
            var unfinished = Status is "queued" or "running";
            if (unfinished && live is not null)
                return new(Id, Status, Format, CreatePeople, DryRun, FileName, Bytes, live.BytesRead, live.Records, live.Created, live.Updated, live.Unchanged, live.Skipped, live.Errors,
                    live.ByType, live.Problems(20).ToList(), Message, RecordedBy, UtcText.Parse(CreatedAt), StartedAt is null ? null : UtcText.Parse(StartedAt), null);
            return new(Id, Status, Format, CreatePeople, DryRun, FileName, Bytes, Status == "succeeded" ? Bytes ?? 0 : null, Records, Created, Updated, Unchanged, Skipped, Errors,
                ByType is null ? new Dictionary<string, ImportTally>() : JsonSerializer.Deserialize<Dictionary<string, ImportTally>>(ByType, Json)!,
                firstErrors, unfinished ? RunElsewhere : Message, RecordedBy, UtcText.Parse(CreatedAt), StartedAt is null ? null : UtcText.Parse(StartedAt),
                FinishedAt is null ? null : UtcText.Parse(FinishedAt));
        }
    }

    /// <summary>The message of a job that another node runs: what this node can say of it, and where to see the rest.</summary>
    public const string RunElsewhere =
        "Not run by this node but by another node of the service (or the import command), which shows its progress; here it shows once the job ends, so until then bytesRead is null and the counts are not known. If that node stopped, the next node to start marks the job failed.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Select = """
        SELECT id, status, format, create_people, dry_run, file_name, bytes, records, created, updated, unchanged, skipped, errors,
               by_type, message, recorded_by, created_at, started_at, finished_at
          FROM import_jobs
        """;

    /// <summary>
    /// A new job, held by this node (<see cref="ImportJobLocks"/>) from before its row is written: dispose the
    /// returned hold once the job's end is written (<see cref="FinishAsync"/>).
    /// </summary>
    public async Task<IAsyncDisposable> InsertAsync(string id, ImportSettings settings, long? bytes, string status, WriteContext write, CancellationToken ct)
    {
        var hold = await locks.HoldAsync(id, ct);
        try
        {
            await InsertRowAsync(id, settings, bytes, status, write, ct);
            return hold;
        }
        catch
        {
            await hold.DisposeAsync();
            throw;
        }
    }

    private async Task InsertRowAsync(string id, ImportSettings settings, long? bytes, string status, WriteContext write, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await db.ExecuteAsync("""
            INSERT INTO import_jobs (id, status, format, create_people, dry_run, file_name, bytes, recorded_by, created_at, started_at)
            VALUES (@id, @status, @Format, @CreatePeople, @DryRun, @FileName, @bytes, @recordedBy, @now, @startedAt)
            """, new
        {
            // 0 or 1, as the columns hold them on both engines (PostgreSQL takes no boolean into an integer column).
            id, status, settings.Format, CreatePeople = settings.CreatePeople ? 1 : 0, DryRun = settings.DryRun ? 1 : 0, settings.FileName, bytes,
            recordedBy = write.RecordedBy,
            now = write.NowText, startedAt = status == "running" ? write.NowText : null,
        }, ct);
        await scope.CommitAsync(ct);
    }

    public async Task StartAsync(string id, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await db.ExecuteAsync("UPDATE import_jobs SET status = 'running', started_at = @now WHERE id = @id", new { id, now = UtcText.Format(DateTime.UtcNow) }, ct);
        await scope.CommitAsync(ct);
    }

    /// <summary>The job's end: its counts, and the problems it kept, written in one transaction.</summary>
    public async Task FinishAsync(string id, string status, ImportReport report, string? message, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await db.ExecuteAsync("""
            UPDATE import_jobs
               SET status = @status, records = @Records, created = @Created, updated = @Updated, unchanged = @Unchanged,
                   skipped = @Skipped, errors = @Errors, by_type = @byType, message = @message, finished_at = @now
             WHERE id = @id
            """, new
        {
            id, status, report.Records, report.Created, report.Updated, report.Unchanged, report.Skipped, report.Errors,
            byType = JsonSerializer.Serialize(report.ByType, Json), message, now = UtcText.Format(DateTime.UtcNow),
        }, ct);
        await db.ExecuteAsync("""
            INSERT INTO import_errors (job_id, seq, line, field, message, skipped) VALUES (@id, @seq, @Line, @Field, @Message, @Skipped)
            """, report.Problems().Select((p, seq) => new { id, seq, p.Line, p.Field, p.Message, Skipped = p.Skipped ? 1 : 0 }), ct);
        await scope.CommitAsync(ct);
    }

    /// <summary>The message of a job whose runner stopped before it ended.</summary>
    public const string Interrupted =
        "The service stopped before the import finished. Records written before then stay; run the same import again to finish it (it changes nothing twice).";

    /// <summary>
    /// Jobs left queued or running by a service that stopped (a previous run, or another node that is gone) are
    /// failed, and can simply be run again. Jobs that a live node still runs are left to it (<see cref="ImportJobLocks"/>).
    /// </summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var unfinished = await db.QueryAsync<string>("SELECT id FROM import_jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id", null, ct);
        var failed = 0;
        var now = UtcText.Format(DateTime.UtcNow);
        foreach (var id in unfinished)
        {
            if (!await locks.IsAbandonedAsync(db, id, ct)) continue;
            failed += await db.ExecuteAsync("""
                UPDATE import_jobs SET status = 'failed', finished_at = @now, message = @message
                 WHERE id = @id AND status IN ('queued', 'running')
                """, new { id, now, message = Interrupted }, ct);
        }
        await scope.CommitAsync(ct);
        return failed;
    }

    public async Task<JobRow?> FindAsync(string id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<JobRow>($"{Select} WHERE id = @id", new { id }, ct);

    /// <summary>Jobs newest first.</summary>
    public async Task<List<JobRow>> ListAsync(ImportsCursor? before, int take, CancellationToken ct) =>
        await db.QueryAsync<JobRow>($"""
            {Select}
             WHERE @beforeAt IS NULL OR (created_at, id) < (@beforeAt, @beforeId)
             ORDER BY created_at DESC, id DESC
             LIMIT @take
            """, new { beforeAt = before?.CreatedAt, beforeId = before?.Id, take }, ct);

    public async Task<List<(long Seq, ImportProblem Problem)>> ErrorsAsync(string id, long? afterSeq, int take, CancellationToken ct) =>
        (await db.QueryAsync<(long Seq, long Line, string Field, string Message, bool Skipped)>("""
            SELECT seq, line, field, message, skipped FROM import_errors
             WHERE job_id = @id AND (@afterSeq IS NULL OR seq > @afterSeq)
             ORDER BY seq
             LIMIT @take
            """, new { id, afterSeq, take }, ct)).Select(e => (e.Seq, new ImportProblem(e.Line, e.Field, e.Message, e.Skipped))).ToList();
}

/// <summary>The list of imports' keyset: the last job's creation instant and id.</summary>
public sealed record ImportsCursor(string CreatedAt, string Id);

/// <summary>A job's errors' keyset.</summary>
public sealed record ImportErrorsCursor(long Seq);
