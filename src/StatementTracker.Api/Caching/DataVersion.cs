using System.Data.Common;
using Microsoft.Data.Sqlite;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Caching;

/// <summary>
/// A number that changes whenever a write is committed to the database, by this process, another node or a command
/// run beside the service: the read cache keeps an answer under the version it read before running the handler and
/// serves it only while the version is still that one. Everything engine-specific about it is in this file.
/// <list type="bullet">
/// <item>SQLite: <c>PRAGMA data_version</c> on a connection of its own, which never writes. SQLite changes that value
/// whenever any other connection, in any process, commits to the file, so the count is exact for every writer
/// there is, with no table and no extra write per transaction.</item>
/// <item>PostgreSQL: the one row of <c>data_version</c> (migration 0014), which the outermost write scope of
/// <see cref="DbSession"/> moves on just before it commits (<see cref="BumpSql"/>), so the new value is visible
/// exactly when the write is, on every node. Each read asks the database; reads waiting together share one query
/// that began after all of them arrived (<see cref="PostgresDataVersion"/>), so a node reads at most one version
/// per round trip however many requests it serves, and never one taken before a request came in.</item>
/// </list>
/// </summary>
public abstract class DataVersion : IAsyncDisposable
{
    public static DataVersion For(Db db, ILogger logger) =>
        db.Engine == DatabaseEngine.Postgres ? new PostgresDataVersion(db, logger) : new SqliteDataVersion(db, logger);

    /// <summary>
    /// The version now, read after this call began: a write committed before it is counted. Null when it cannot be
    /// known (the database does not answer; an in-memory SQLite database, which no other connection sees): then the
    /// cache neither serves nor keeps anything.
    /// </summary>
    public abstract ValueTask<long?> CurrentAsync(CancellationToken ct);

    /// <summary>
    /// What the outermost write scope runs just before it commits; null when the engine counts writes itself (SQLite).
    /// Only a transaction that wrote has a transaction id (the advisory lock every write takes does not assign one), so
    /// a write that changed nothing (an unchanged PATCH, a re-import of the same file) leaves every node's cache be.
    /// </summary>
    public static string? BumpSql(DatabaseEngine engine) =>
        engine == DatabaseEngine.Postgres
            ? "UPDATE data_version SET version = version + 1 WHERE id = 1 AND pg_current_xact_id_if_assigned() IS NOT NULL"
            : null;

    /// <summary>
    /// PostgreSQL migrations run this inside each migration's transaction, so that another node serving while this
    /// one upgrades the schema drops what it kept. The table itself comes with a migration, hence the guard.
    /// </summary>
    public const string PostgresMigrationBumpSql =
        "DO $$ BEGIN IF to_regclass('data_version') IS NOT NULL THEN UPDATE data_version SET version = version + 1 WHERE id = 1; END IF; END $$";

    public abstract ValueTask DisposeAsync();
}

/// <summary>SQLite's own count of other connections' commits, read on a connection that never writes (see <see cref="DataVersion"/>).</summary>
internal sealed class SqliteDataVersion(Db db, ILogger logger) : DataVersion
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    // The statement itself, stepped and reset per read: a few hundred nanoseconds, where a command and its data
    // reader cost several microseconds on every request.
    private SQLitePCL.sqlite3_stmt? _pragma;
    private bool _inMemory;
    private long _seen;
    private long _version;

    public override async ValueTask<long?> CurrentAsync(CancellationToken ct)
    {
        if (_inMemory) return null;
        if (Volatile.Read(ref _pragma) is null && !await OpenAsync(ct)) return null;
        lock (_gate)
        {
            if (_pragma is null) return null;
            try
            {
                // The value is this connection's own and means nothing but "different after another connection's
                // commit"; the version handed out is a count of those changes, so it never repeats within the process.
                var value = Read(_pragma);
                if (value != _seen)
                {
                    _seen = value;
                    _version++;
                }
                return _version;
            }
            catch (SqliteException ex)
            {
                logger.LogWarning(ex, "Could not read the data version; reads are not cached until it can be read again.");
                Close();
                return null;
            }
        }
    }

    private async Task<bool> OpenAsync(CancellationToken ct)
    {
        DbConnection? opened = null;
        try
        {
            opened = await db.OpenAsync(ct);
            var connection = (SqliteConnection)opened;
            // An in-memory database is this connection's alone: no write anyone makes would ever show here.
            if (string.IsNullOrEmpty(connection.DataSource))
            {
                _inMemory = true;
                await connection.DisposeAsync();
                return false;
            }
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, "PRAGMA data_version", out var pragma);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            var first = Read(pragma);
            lock (_gate)
            {
                if (_pragma is not null)
                {
                    pragma.Dispose();
                    connection.Dispose();
                    return true;
                }
                // A new connection counts from a value of its own: whatever was kept before it is stale.
                _connection = connection;
                _pragma = pragma;
                _seen = first;
                _version++;
                return true;
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            logger.LogWarning(ex, "Could not open a connection to read the data version; reads are not cached until it can.");
            if (opened is not null) await opened.DisposeAsync();
            return false;
        }
    }

    /// <summary>One step of the prepared PRAGMA: its value, the statement reset for the next read.</summary>
    private static long Read(SQLitePCL.sqlite3_stmt pragma)
    {
        try
        {
            var rc = SQLitePCL.raw.sqlite3_step(pragma);
            if (rc != SQLitePCL.raw.SQLITE_ROW) throw new SqliteException($"PRAGMA data_version answered {rc}, not a row.", rc);
            return SQLitePCL.raw.sqlite3_column_int64(pragma, 0);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_reset(pragma);
        }
    }

    private void Close()
    {
        _pragma?.Dispose();
        _connection?.Dispose();
        _pragma = null;
        _connection = null;
    }

    public override ValueTask DisposeAsync()
    {
        lock (_gate) Close();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The data_version row, read on a connection of its own. Requests that ask while a read is under way wait for the
/// next one, which starts after they arrived and answers them all: one query per round trip, and never a version
/// older than a request (a write acknowledged before the request came in is always counted).
/// </summary>
internal sealed class PostgresDataVersion(Db db, ILogger logger) : DataVersion
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _use = new(1, 1);
    private TaskCompletionSource<long?>? _next;
    private bool _running;
    private bool _disposed;
    private DbConnection? _connection;
    private DbCommand? _select;

    public override ValueTask<long?> CurrentAsync(CancellationToken ct)
    {
        Task<long?> answer;
        lock (_gate)
        {
            if (_disposed) return ValueTask.FromResult<long?>(null);
            _next ??= new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
            answer = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync, CancellationToken.None);
            }
        }
        return new ValueTask<long?>(answer.WaitAsync(ct));
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TaskCompletionSource<long?> round;
            lock (_gate)
            {
                if (_next is null || _disposed)
                {
                    _running = false;
                    _next?.TrySetResult(null);
                    _next = null;
                    return;
                }
                // Everyone waiting now arrived before this query starts.
                round = _next;
                _next = null;
            }
            round.TrySetResult(await ReadAsync());
        }
    }

    private async Task<long?> ReadAsync()
    {
        await _use.WaitAsync();
        try
        {
            if (_disposed) return null;
            if (_select is null)
            {
                _connection = await db.OpenUnpooledAsync();
                _select = _connection.CreateCommand();
                _select.CommandText = "SELECT version FROM data_version WHERE id = 1";
                await _select.PrepareAsync();
            }
            return await _select.ExecuteScalarAsync() is long version ? version : null;
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not read the data version; reads are not cached until it can be read again.");
            await CloseAsync();
            return null;
        }
        finally
        {
            _use.Release();
        }
    }

    private async Task CloseAsync()
    {
        if (_select is not null) await _select.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        _select = null;
        _connection = null;
    }

    public override async ValueTask DisposeAsync()
    {
        lock (_gate) _disposed = true;
        await _use.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _use.Release();
        }
    }
}
