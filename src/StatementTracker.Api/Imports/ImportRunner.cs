using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Reversals;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Runs an import: reads records as they stream in, writes each through <see cref="ImportWriter"/> in its own
/// savepoint (a bad record takes back only its own work), commits every <see cref="BatchSize"/> records so the
/// service's other writers get their turn, and derives the reversals of every person it touched once at the end
/// instead of once per line. A dry run does all of it in one transaction and rolls it back.
/// </summary>
public sealed class ImportRunner(DbSession db, ImportWriter writer, ReversalWriter reversals, Positions.PositionStore positions, Dump.DumpRestorer restorer,
    ILogger<ImportRunner> logger)
{
    public const int BatchSize = 500;

    /// <summary>
    /// Records per commit of the command-line importer. With random ids a batch rewrites an index page for nearly every
    /// record it adds: ten times the records per commit write each such page once where 500 records wrote it several
    /// times. A service on the same SQLite file waits out one batch (a few seconds at most) within its 30 s busy
    /// timeout; the service's own import jobs keep <see cref="BatchSize"/>, so its other writers get their turn sooner.
    /// </summary>
    public const int CommandBatchSize = 5_000;

    /// <summary>Records per commit for this run: <see cref="BatchSize"/> unless the caller (the command line) says otherwise.</summary>
    public int RecordsPerCommit { get; set; } = BatchSize;

    /// <summary>The import connection's page cache while it runs, in KiB (SQLite's default is 2,000).</summary>
    public const int CacheKiB = 65_536;

    /// <summary>Pages of write-ahead log after which the import's commits copy it into the database (SQLite's default is 1,000).</summary>
    public const int CheckpointPages = 10_000;

    public async Task RunAsync(Stream input, ImportSettings settings, WriteContext write, ImportReport report, CancellationToken ct)
    {
        // Random ids spread a batch's inserts over thousands of index pages. With the default 2 MB cache, changed pages
        // spill to the log before the batch commits, and with a checkpoint every 1,000 pages an index page changed by
        // every batch is copied into the database after every batch. A bigger cache and a checkpoint every 10,000
        // pages write about a third less on 40,000 statements and cost no durability: every commit still syncs the log.
        // They are this connection's settings, put back after, since the connection goes back to the pool. The process's
        // SQLite memory limit (StatementTrackerOptions.SqliteMemoryBytes) still caps the cache: 30,000 statements
        // imported as fast under an 8 MB limit as with none, so the command line keeps the service's limit.
        // PostgreSQL sizes its shared buffers and checkpoints for the whole server: nothing to tune per connection.
        if (db.Engine != DatabaseEngine.Sqlite)
        {
            await ImportAsync(input, settings, write, report, ct);
            return;
        }
        var cache = await db.ExecuteScalarAsync<long>("PRAGMA cache_size", null, ct);
        var checkpoint = await db.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint", null, ct);
        await db.ExecuteAsync($"PRAGMA cache_size = -{CacheKiB}; PRAGMA wal_autocheckpoint = {CheckpointPages}", null, ct);
        try
        {
            await ImportAsync(input, settings, write, report, ct);
        }
        finally
        {
            await db.ExecuteAsync($"PRAGMA cache_size = {cache}; PRAGMA wal_autocheckpoint = {checkpoint}", null, CancellationToken.None);
        }
    }

    private async Task ImportAsync(Stream input, ImportSettings settings, WriteContext write, ImportReport report, CancellationToken ct)
    {
        var counted = new CountingStream(input, report);
        if (settings.Format == ImportSources.Dump)
        {
            await RestoreAsync(counted, settings, report, ct);
            return;
        }
        var deferred = new DeferredDerivations();
        write = write with { Deferred = deferred, IfMatch = null };
        // A dry run is one transaction from the first line to the last, so later lines see what earlier ones would
        // have made (the statement a review rates), and all of it is rolled back. Its batches are savepoints inside it,
        // each holding every page it changes until the batch ends (5,000 records on the command line), so it is a bulk
        // write: SQLite keeps that sub-journal on disk.
        await using var dryRun = settings.DryRun ? await db.BeginBulkWriteAsync(ct) : null;
        DbSession.WriteScope? batch = null;
        var inBatch = 0;
        try
        {
            await foreach (var line in ImportSources.Open(settings, counted, ImportLimits.Default, ct))
            {
                report.Read();
                if (line.Error is { } unreadable)
                {
                    report.Problem(unreadable);
                    continue;
                }
                batch ??= await db.BeginBatchWriteAsync(ct);
                await ApplyAsync(line, settings, write, report, ct);
                if (++inBatch < RecordsPerCommit) continue;
                await CommitBatchAsync(batch, deferred, ct);
                (batch, inBatch) = (null, 0);
            }
            if (batch is not null) await CommitBatchAsync(batch, deferred, ct);
        }
        finally
        {
            if (batch is not null) await batch.DisposeAsync();
        }
        if (!settings.DryRun) await DeriveAsync(deferred, ct);
    }

    /// <summary>
    /// Commits a batch with the current stances of the pairs it touched brought up to date in it. They are served as
    /// "now", so they are never left behind what was committed, even by an import that stops part way (cancelled, a
    /// crash); a few index seeks per pair, whatever the history. Reversals still wait for the end (<see cref="DeriveAsync"/>).
    /// </summary>
    private async Task CommitBatchAsync(DbSession.WriteScope batch, DeferredDerivations deferred, CancellationToken ct)
    {
        await positions.RefreshCurrentAsync(deferred.Stances, ct);
        deferred.Stances.Clear();
        await batch.CommitAsync(ct);
    }

    private async Task ApplyAsync(ImportLine line, ImportSettings settings, WriteContext write, ImportReport report, CancellationToken ct)
    {
        await using var record = await db.BeginWriteAsync(ct);
        try
        {
            var (type, outcome, errors) = await writer.ApplyAsync(line.Line, line.Record!, settings.CreatePeople, write, ct);
            if (outcome is { } done)
            {
                await record.CommitAsync(ct);
                report.Count(type, done);
            }
            else foreach (var error in errors) report.Problem(error);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A record the rules let through but the database refused is a bug to fix, not a reason to lose the rest.
            logger.LogError(e, "Import record on line {Line} failed", line.Line);
            report.Problem(new ImportError(line.Line, "", "the record could not be written (an unexpected error, logged by the service); the other lines are not affected."));
        }
    }

    /// <summary>
    /// A dump is not records to match against what is here but a database to put back as it was, so it goes to the
    /// restorer: all of it or nothing, into an empty database only. A dry run restores and rolls back.
    /// </summary>
    private async Task RestoreAsync(Stream dump, ImportSettings settings, ImportReport report, CancellationToken ct)
    {
        await using var dryRun = settings.DryRun ? await db.BeginBulkWriteAsync(ct) : null;
        var outcome = await restorer.RestoreAsync(dump, ct);
        if (outcome.Failure is { } failure) throw new ImportRefusedException($"Nothing was restored: {failure.Message}");
        foreach (var (table, rows) in outcome.Counts!) report.CountCreated(table, rows);
    }

    /// <summary>
    /// The reversals of each person the import touched, derived once, a few people per transaction.
    /// </summary>
    private async Task DeriveAsync(DeferredDerivations deferred, CancellationToken ct)
    {
        var nowMs = UtcText.ToUnixMs(DateTime.UtcNow);
        foreach (var people in deferred.People.Order(StringComparer.Ordinal).Chunk(20))
        {
            await using var scope = await db.BeginBulkWriteAsync(ct);
            foreach (var personId in people) await reversals.RebuildPersonAsync(personId, nowMs, backfill: false, ct);
            await scope.CommitAsync(ct);
        }
    }

    /// <summary>Counts the bytes read, for progress.</summary>
    /// <remarks>Declared below the runner: an import that stops as a whole says why in its exception's message.</remarks>
    private sealed class CountingStream(Stream inner, ImportReport report) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => report.BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Counted(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            report.BytesRead += read;
            return read;
        }
    }
}

/// <summary>An import refused as a whole (a dump that cannot be restored); its message is the job's.</summary>
public sealed class ImportRefusedException(string message) : Exception(message);
