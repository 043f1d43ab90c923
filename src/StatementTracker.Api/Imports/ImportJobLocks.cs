using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Which import jobs have a runner, as every node can tell. A job is run by the node that accepted it (its upload is
/// spooled to that node's disk), and that node holds the job from before its row is written until it ends: on
/// PostgreSQL as a session-level advisory lock (<see cref="Db.JobLockKey"/>), all of a node's jobs on one connection
/// of their own, outside the pool, so a node that dies or loses its database releases them with that connection.
/// Another node starting up may fail a queued or running job only when <see cref="IsAbandonedAsync"/> says so: on
/// PostgreSQL when it gets the job's lock, so the node that held it is gone. SQLite has one service per file, so
/// there a job this process does not hold was left by a previous run. All of the jobs' engine-specific SQL is here.
/// </summary>
public sealed class ImportJobLocks(Db db, ILogger<ImportJobLocks> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _held = new();
    private DbConnection? _connection;
    private bool _disposed;

    /// <summary>
    /// Holds <paramref name="jobId"/> for this node until the returned handle is disposed: take it before the job's
    /// row is committed, so no node ever sees the row without its holder, and dispose it after the job's end is.
    /// </summary>
    public async Task<IAsyncDisposable> HoldAsync(string jobId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (db.Engine == DatabaseEngine.Postgres)
            {
                // Not cancelled halfway: a lock taken as the command is cancelled would be held with nobody to free it.
                if (_connection is { State: ConnectionState.Open })
                {
                    try
                    {
                        await LockAsync(_connection, jobId);
                    }
                    catch (Exception e) when (Db.IsDatabaseError(e) && _connection is not { State: ConnectionState.Open })
                    {
                        logger.LogWarning(e, "The connection holding this node's import jobs broke; taking them again on a new one");
                        await ReconnectAsync(jobId);
                    }
                }
                else await ReconnectAsync(jobId);
            }
            _held[jobId] = 0;
        }
        finally
        {
            _gate.Release();
        }
        return new Hold(this, jobId);
    }

    /// <summary>
    /// Is <paramref name="jobId"/>, queued or running in the database, without a runner? To be asked inside
    /// <paramref name="session"/>'s write transaction, which then marks it failed. On PostgreSQL the answer holds
    /// the job's lock until that transaction ends, so its node cannot be mid-way through finishing it.
    /// </summary>
    public async Task<bool> IsAbandonedAsync(DbSession session, string jobId, CancellationToken ct)
    {
        if (_held.ContainsKey(jobId)) return false;
        if (session.Engine != DatabaseEngine.Postgres) return true;
        return await session.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_xact_lock(@key)", new { key = db.JobLockKey(jobId) }, ct);
    }

    private async Task ReleaseAsync(string jobId)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_held.TryRemove(jobId, out _) || _connection is null) return;
            if (_held.IsEmpty)
            {
                // The last job: closing the connection frees its lock, and an idle node keeps no connection for nothing.
                await CloseAsync();
                return;
            }
            try
            {
                await using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT pg_advisory_unlock({db.JobLockKey(jobId)})";
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (Db.IsDatabaseError(e) || e is InvalidOperationException)
            {
                // A broken connection has freed every lock already; the next job takes the others again on a new one.
                logger.LogWarning(e, "Could not release import job {JobId}'s lock; its connection is closed and the rest are taken again with the next job", jobId);
                await CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new connection that takes every held job's lock again, and <paramref name="jobId"/>'s.</summary>
    private async Task ReconnectAsync(string jobId)
    {
        await CloseAsync();
        var connection = await db.OpenUnpooledAsync();
        try
        {
            // A node that crashes closes its connection and the server frees its locks at once; one whose machine or
            // network vanishes sends nothing, and the server would notice only after the system's TCP keepalive time
            // (two hours by default). Probing this idle connection from the server's side frees its jobs within a
            // minute instead (ignored over a Unix socket, which cannot vanish that way).
            await using (var keepalive = connection.CreateCommand())
            {
                keepalive.CommandText = "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3";
                await keepalive.ExecuteNonQueryAsync();
            }
            foreach (var held in _held.Keys) await LockAsync(connection, held);
            await LockAsync(connection, jobId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
    }

    private async Task LockAsync(DbConnection connection, string jobId)
    {
        // Waits rather than tries: the only other taker of a new job's key is a node checking that job, for a moment.
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT pg_advisory_lock({db.JobLockKey(jobId)})";
        await command.ExecuteNonQueryAsync();
    }

    private async Task CloseAsync()
    {
        if (_connection is null) return;
        try
        {
            await _connection.DisposeAsync();
        }
        catch (Exception e) when (Db.IsDatabaseError(e) || e is IOException)
        {
            logger.LogDebug(e, "Closing the import jobs' lock connection failed; it is gone either way");
        }
        _connection = null;
    }

    /// <summary>The node stops: its connection closes, and with it every job it still held (queued ones, never started).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            _held.Clear();
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Hold(ImportJobLocks locks, string jobId) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) await locks.ReleaseAsync(jobId);
        }
    }
}
