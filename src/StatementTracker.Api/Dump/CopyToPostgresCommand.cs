using System.Data.Common;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Maintenance;

namespace StatementTracker.Api.Dump;

/// <summary>
/// <c>copy-to-postgres CONNECTION</c>: moves the service's SQLite database into PostgreSQL, then exits. It is a dump
/// and a restore in one process: <see cref="DumpFormat.WriteAsync"/> reads the SQLite database from one snapshot into a
/// pipe that <see cref="DumpRestorer"/> reads from at the same time, so no file is written, memory holds no more
/// than the pipe's few kilobytes, and the tables, columns and checks are the dump's own. PostgreSQL is migrated first
/// (as the service's start would); then the restore, the comparison of every table's count in both databases and the
/// commit are one transaction there, so a refusal, a failure or a count that differs leaves it migrated and empty.
/// The SQLite database is only read: it is neither migrated nor written, and the service may go on serving from it
/// (a write it takes during the copy makes the counts differ, and the copy is refused).
/// </summary>
public static class CopyToPostgresCommand
{
    /// <summary>Exit codes: copied and verified; refused or failed (nothing was copied); nothing to copy from or to.</summary>
    public const int Ok = 0, Failed = 1, Usage = 2;

    private const string UsageText =
        "usage: copy-to-postgres CONNECTION   (an Npgsql connection string, \"Host=...;Database=...;Username=...\"; Search Path=SCHEMA picks the schema)";

    /// <summary>Whether the command line asks for this command: its first word is "copy-to-postgres".</summary>
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "copy-to-postgres";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (args.Length != 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await error.WriteLineAsync(UsageText);
            return Usage;
        }
        // Before the Db is asked for: on PostgreSQL without a connection string it would not even be made.
        if (services.GetRequiredService<IOptions<StatementTrackerOptions>>().Value.Engine != DatabaseEngine.Sqlite)
        {
            await error.WriteLineAsync("The service is configured for PostgreSQL already (StatementTracker:Database); copy-to-postgres copies the SQLite database it ran on. Run it with StatementTracker__Database=sqlite and ConnectionStrings__StatementTracker naming that file.");
            return Usage;
        }
        var source = services.GetRequiredService<Db>();
        // Opening a missing file would create an empty database and copy nothing.
        if (!File.Exists(source.DataSource))
        {
            await error.WriteLineAsync($"There is no SQLite database at {source.DataSource} to copy; run the command where the service runs, or set ConnectionStrings__StatementTracker.");
            return Usage;
        }
        Db target;
        try
        {
            target = new Db(DatabaseEngine.Postgres, args[1]);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or FormatException)
        {
            // Npgsql's words name the setting it could not read; the string itself may hold a password, so it is not echoed.
            await error.WriteLineAsync($"The connection string is not one Npgsql reads: {ex.Message}");
            await error.WriteLineAsync(UsageText);
            return Usage;
        }
        await using (target)
        {
            return await CopyAsync(services, source, target, output, error, ct);
        }
    }

    private static async Task<int> CopyAsync(IServiceProvider services, Db source, Db target, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var sourceStore = scope.ServiceProvider.GetRequiredService<DumpStore>();
        try
        {
            if (await NotReadyAsync(sourceStore, scope.ServiceProvider.GetRequiredService<DbSession>(), ct) is { } why)
            {
                await error.WriteLineAsync($"Nothing was copied: the SQLite database at {source.DataSource} {why}");
                return Failed;
            }
        }
        catch (DbException ex)
        {
            await error.WriteLineAsync($"Cannot read the SQLite database at {source.DataSource}: {Reason(ex)}");
            return Failed;
        }

        try
        {
            await new Migrator(target, services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync(ct);
        }
        // A server that cannot be reached, a login refused, a database of another encoding: one line, no stack trace.
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException && !ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"Cannot prepare PostgreSQL at {target.DataSource}: {Reason(ex)}");
            return Failed;
        }

        await using var targetSession = new DbSession(target, new WriteGate());
        var targetStore = new DumpStore(targetSession);
        try
        {
            // The outer write: the restore takes a savepoint inside it, and only counts that match commit it.
            await using var write = await targetSession.BeginWriteAsync(ct);
            // The restorer refuses a database that holds data too; asked here first, so a refused copy reads nothing
            // from SQLite and shows no progress. The write lock held since keeps the answer true for the restore.
            if (await targetStore.FirstTableWithRowsAsync(ct) is { } table)
            {
                await error.WriteLineAsync($"Nothing was copied: PostgreSQL at {target.DataSource} holds data already (its {table} table has rows); copy-to-postgres fills only an empty database.");
                return Failed;
            }
            await output.WriteLineAsync($"Copying {source.DataSource} to PostgreSQL at {target.DataSource}, in one transaction:");
            var outcome = await StreamAsync(sourceStore, new DumpRestorer(targetSession, targetStore), output, ct);
            if (!outcome.Restored)
            {
                await error.WriteLineAsync($"Nothing was copied: {outcome.Failure.Message}");
                return Failed;
            }
            // The restorer found the target empty, where the migrations' maintenance has nothing to do.
            await MaintenanceTasks.SettleOnEmptyAsync(targetSession, ct);

            // Counted by each database, not by the copy: the SQLite file as it is now, PostgreSQL inside the write.
            await output.WriteLineAsync("Counting the rows in both databases:");
            var inSqlite = await sourceStore.CountRowsAsync(ct);
            var inPostgres = await targetStore.CountRowsAsync(ct);
            await output.WriteLineAsync($"  {"table",-20} {"sqlite",12} {"postgres",12}");
            foreach (var (name, count) in inSqlite)
                await output.WriteLineAsync($"  {name,-20} {count,12:N0} {inPostgres[name],12:N0}{(count == inPostgres[name] ? "" : "  differs")}");
            var differ = inSqlite.Keys.Where(name => inSqlite[name] != inPostgres[name]).ToList();
            if (differ.Count > 0)
            {
                // The copy holds the snapshot it read; rows the SQLite database took since then are the usual cause.
                var written = differ.All(name => outcome.Counts[name] == inPostgres[name]);
                await error.WriteLineAsync($"Nothing was copied: {string.Join(", ", differ)} {(differ.Count == 1 ? "holds" : "hold")} other counts in PostgreSQL than in SQLite"
                    + (written ? "; the SQLite database was written to during the copy. Stop the service and copy again." : "."));
                return Failed;
            }
            await write.CommitAsync(ct);
            await output.WriteLineAsync($"Copied {inPostgres.Values.Sum():N0} rows in {clock.Elapsed.TotalSeconds:0.0} s; every table holds as many rows in PostgreSQL as in SQLite.");
            // What the dump leaves behind on purpose (README, "Dump and restore"), said where it matters.
            await output.WriteLineAsync("API keys are not copied: make new ones with keys create on the PostgreSQL database, or set Auth__BootstrapKey. Cursors handed out before start from the first page again.");
            return Ok;
        }
        // The write rolled back: nothing is in PostgreSQL but its migrated, empty tables.
        catch (DbException ex) when (!ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"Nothing was copied: {(ex is Microsoft.Data.Sqlite.SqliteException ? "the SQLite database" : "PostgreSQL")} failed: {Reason(ex)}");
            return Failed;
        }
    }

    /// <summary>
    /// Why the SQLite database cannot be copied as it is, or null: a dump restores only into a database of its own
    /// schema, and a database whose upgrade is not finished (maintenance pending) would carry half-derived rows.
    /// Upgrading is the service's start's job; this command only reads.
    /// </summary>
    private static async Task<string?> NotReadyAsync(DumpStore store, DbSession db, CancellationToken ct)
    {
        var version = await store.SchemaVersionAsync(ct);
        var release = Migrator.Embedded(DatabaseEngine.Sqlite).Count;
        if (version < release) return $"is at schema {version} and this release at {release}: start the service on it once, which upgrades it, then copy it.";
        if (version > release) return $"is at schema {version}, newer than this release's {release}: copy it with the release that made it.";
        var pending = await MaintenanceTasks.PendingAsync(db, ct);
        return pending.Count == 0 ? null
            : $"has not finished its upgrade ({string.Join(", ", pending)} pending): start the service on it once, then copy it.";
    }

    /// <summary>
    /// Dumps <paramref name="source"/> into a pipe and restores from the other end at the same time. The pipe holds
    /// a few kilobytes and makes the dump wait while the restore catches up, so memory stays flat however large the
    /// database. A restore that refuses, or fails, reads no further: the dump is stopped rather than left waiting.
    /// A dump that fails ends the pipe with its exception, which the restore then meets and throws, rolling back.
    /// </summary>
    private static async Task<RestoreOutcome> StreamAsync(DumpStore source, DumpRestorer restorer, TextWriter output, CancellationToken ct)
    {
        var pipe = new Pipe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var dumping = DumpAsync(source, pipe.Writer, output, stop.Token);
        RestoreOutcome outcome;
        try
        {
            await using var dump = pipe.Reader.AsStream();
            outcome = await restorer.RestoreAsync(dump, ct);
        }
        catch
        {
            await StopAsync(stop, pipe, dumping);
            throw;
        }
        if (!outcome.Restored)
        {
            await StopAsync(stop, pipe, dumping);
            return outcome;
        }
        // The restore read the dump's end line, so the dump is finished.
        await dumping;
        return outcome;
    }

    private static async Task DumpAsync(DumpStore source, PipeWriter pipe, TextWriter output, CancellationToken ct)
    {
        try
        {
            // The dump is ahead of the restore by at most the pipe's few kilobytes: its progress is the copy's.
            await DumpFormat.WriteAsync(source, pipe, DateTime.UtcNow, ct, progress =>
                output.WriteLineAsync($"  {progress.Table,-20} {progress.Rows,12:N0}{(progress.TableDone ? "" : " ...")}"));
            await pipe.CompleteAsync();
        }
        catch (Exception ex)
        {
            await pipe.CompleteAsync(ex);
            throw;
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Pipe pipe, Task dumping)
    {
        await stop.CancelAsync();
        await pipe.Reader.CompleteAsync();
        try
        {
            await dumping;
        }
        catch (Exception)
        {
            // Stopped on purpose, or failed with what the restore has already failed with: the restore's word is the one to report.
        }
    }

    /// <summary>
    /// The database's own words on one line (PostgreSQL's message goes on with details such as POSITION), with the
    /// cause beneath a connection failure ("Failed to connect to …: Connection refused").
    /// </summary>
    private static string Reason(Exception ex)
    {
        var message = FirstLine(ex.Message);
        var reason = ex.InnerException is { } inner && !message.Contains(FirstLine(inner.Message), StringComparison.Ordinal)
            ? $"{message.TrimEnd('.')}: {FirstLine(inner.Message)}"
            : message;
        // 3F000: the Search Path names a schema that does not exist, so the migrations have nowhere to make tables.
        return ex is DbException { SqlState: "3F000" } ? $"{reason} (make the schema first: CREATE SCHEMA name, with the name Search Path gives)" : reason;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
