using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace StatementTracker.Api.Data;

/// <summary>
/// Opens connections to the service's database, SQLite or PostgreSQL, with the settings every connection needs, and
/// knows the few things the two engines do differently at the level of a whole transaction: how a write takes its
/// lock, and which SQL fragments differ (<see cref="Sql"/>). Everything engine-specific about connections lives
/// here; features keep their own engine-specific SQL in one class each (Search/SearchSql.cs).
/// </summary>
public sealed class Db : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _searchPath;

    /// <summary>
    /// SQLite: open connections handed back by finished requests (<see cref="ReleaseAsync"/>), each with the statements
    /// it compiled (<see cref="SqliteStatementConnection"/>). Microsoft.Data.Sqlite's own pool keeps the file open too,
    /// but finalizes every statement when a connection goes back to it.
    /// </summary>
    private readonly ConcurrentBag<SqliteStatementConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;
    private readonly string _openPragmas = "";

    /// <summary>More idle connections than this are closed rather than kept (the service's threads rarely hold more).</summary>
    private const int MaxIdle = 64;

    static Db()
    {
        // Columns are snake_case (said_at_utc), C# properties PascalCase (SaidAtUtc).
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>A SQLite database (the embedded default).</summary>
    public Db(string connectionString, string? baseDirectory = null) : this(DatabaseEngine.Sqlite, connectionString, baseDirectory)
    {
    }

    /// <param name="baseDirectory">
    /// Where a relative SQLite file name lives: the content root, so the database is the same file whichever folder
    /// the service was started from.
    /// </param>
    /// <param name="sqliteMemoryBytes">SQLite: <see cref="StatementTrackerOptions.SqliteMemoryBytes"/>; 0 leaves SQLite's own default.</param>
    public Db(DatabaseEngine engine, string connectionString, string? baseDirectory = null, long sqliteMemoryBytes = 0)
    {
        Engine = engine;
        Sql = SqlDialect.For(engine);
        if (engine == DatabaseEngine.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            _postgres = NpgsqlDataSource.Create(builder);
            _connectionString = builder.ToString();
            _searchPath = builder.SearchPath;
            DataSource = $"{builder.Host}:{builder.Port}/{builder.Database}";
            // Nodes on one database share one write lock; two services in different schemas of one database do not.
            WriteLockKey = PostgresLocks.KeyFor(builder.SearchPath);
            MigrationLockKey = PostgresLocks.MigrationKeyFor(builder.SearchPath);
            DevelopmentKeyFile = Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(),
                $".postgres-{(ulong)PostgresLocks.KeyFor($"{builder.Host}:{builder.Port}/{builder.Database}/{builder.SearchPath}"):x16}.dev-key");
            return;
        }
        var sqlite = new SqliteConnectionStringBuilder(connectionString)
        {
            // Foreign keys are a per-connection switch in SQLite: set it in the string so no connection misses it.
            ForeignKeys = true,
            Pooling = true,
        };
        if (sqlite.DefaultTimeout < 30) sqlite.DefaultTimeout = 30;
        if (baseDirectory is not null && sqlite.Mode != SqliteOpenMode.Memory && sqlite.DataSource is { Length: > 0 } file
            && file != ":memory:" && !Path.IsPathRooted(file))
            sqlite.DataSource = Path.Combine(baseDirectory, file);
        _connectionString = sqlite.ToString();
        // The soft heap limit is one setting for the whole process, whichever connection sets it; each new connection
        // sets it again, which costs nothing and needs no hook before SQLite's first use.
        // temp_store: a handle back from Microsoft.Data.Sqlite's own pool keeps its pragmas, so a connection disposed in
        // the middle of a write (BeginWriteAsync) would otherwise pass MEMORY on to the next one opened on it.
        _openPragmas = "PRAGMA synchronous = FULL; PRAGMA temp_store = DEFAULT;" + (sqliteMemoryBytes > 0 ? $" PRAGMA soft_heap_limit = {sqliteMemoryBytes};" : "");
        DataSource = sqlite.DataSource;
        DevelopmentKeyFile = DataSource is "" or ":memory:" ? null : Path.GetFullPath(DataSource) + ".dev-key";
    }

    public DatabaseEngine Engine { get; }

    /// <summary>The SQL fragments that differ between the engines.</summary>
    public SqlDialect Sql { get; }

    /// <summary>The SQLite file, or host:port/database for PostgreSQL (never the password).</summary>
    public string DataSource { get; }

    /// <summary>Where the development key is kept between restarts (StartupKeys); null for an in-memory database.</summary>
    public string? DevelopmentKeyFile { get; }

    /// <summary>The advisory lock every PostgreSQL write takes (see <see cref="BeginWriteAsync"/>).</summary>
    public long WriteLockKey { get; }

    /// <summary>The advisory lock PostgreSQL migrations run under.</summary>
    public long MigrationLockKey { get; }

    /// <summary>PostgreSQL: the advisory lock the node running import job <paramref name="jobId"/> holds (Imports/ImportJobLocks.cs).</summary>
    public long JobLockKey(string jobId) => PostgresLocks.JobKeyFor(_searchPath, jobId);

    /// <summary>
    /// PostgreSQL: a connection of its own, outside the pool, for session-level advisory locks. Closing it ends its
    /// session at once, and every lock with it; a pooled connection would go back to the pool still holding them.
    /// </summary>
    public async Task<DbConnection> OpenUnpooledAsync(CancellationToken ct = default)
    {
        if (_postgres is null) throw new InvalidOperationException("Only PostgreSQL has session-level advisory locks.");
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        while (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            if (idle.State == System.Data.ConnectionState.Open) return idle;
            await idle.DisposeAsync();
        }
        var connection = new SqliteStatementConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // synchronous is a per-connection setting. FULL in WAL mode syncs the log on every commit, so a write
            // acknowledged with 2xx survives a power cut, not only a crash of the process (NORMAL risks the last commits).
            // Set once per connection opened here: a connection kept for reuse keeps it.
            await using var command = connection.CreateCommand();
            command.CommandText = _openPragmas;
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Gives back a connection from <see cref="OpenAsync"/> when its user is done: SQLite keeps it open, with its
    /// compiled statements, for the next request, unless a transaction or a reader is still open on it; PostgreSQL's
    /// goes back to Npgsql's pool.
    /// </summary>
    public async ValueTask ReleaseAsync(DbConnection connection)
    {
        if (connection is SqliteStatementConnection sqlite && !_disposed && sqlite.State == System.Data.ConnectionState.Open && !sqlite.InTransaction && !sqlite.Reading)
        {
            // A connection whose setting could not be put back is not kept here; its handle goes back to Microsoft.Data.Sqlite's
            // pool, and whichever connection opens on it next starts from the default (_openPragmas).
            if (sqlite.TempInMemory && !await TryResetTempStoreAsync(sqlite))
            {
                await connection.DisposeAsync();
                return;
            }
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Add(sqlite);
                if (_disposed) await CloseIdleAsync();
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        await connection.DisposeAsync();
    }

    private async Task CloseIdleAsync()
    {
        while (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            await idle.DisposeAsync();
        }
    }

    /// <summary>
    /// Opens a write transaction that holds the database's one write lock from its first statement. SQLite: an
    /// immediate transaction takes the file's write lock. PostgreSQL: a transaction-scoped advisory lock that every
    /// node's writes take, so writes on a shared database run one at a time as they do on SQLite, and a write reads
    /// (after the lock) everything committed before it, on whichever node: If-Match, revision numbers and derived
    /// reversals stay exact with several nodes. The lock goes with the transaction's commit or rollback.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct, bool subJournalInMemory = true)
    {
        if (connection is SqliteStatementConnection statements)
        {
            await SetTempStoreAsync(statements, subJournalInMemory, ct);
            return statements.BeginTransaction(deferred: false);
        }
        if (connection is SqliteConnection sqlite) return sqlite.BeginTransaction(deferred: false);
        var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_advisory_xact_lock({WriteLockKey})";
            await command.ExecuteNonQueryAsync(ct);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Puts temp_store back to the default on a connection a write set it on; false when that failed.</summary>
    private static async Task<bool> TryResetTempStoreAsync(SqliteStatementConnection connection)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA temp_store = DEFAULT";
            await command.ExecuteNonQueryAsync();
            connection.TempInMemory = false;
            return true;
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Every write runs inside savepoints (a command's own, a write group's member), and SQLite keeps the original of each
    /// page a savepoint or statement changes in a sub-journal, which it writes to a temporary file once it passes 64 KiB.
    /// A POST with a stance changes enough pages to pass that: strace counted some 160 pwrites (340 KB) to /var/tmp per
    /// POST, never read back. With temp_store = MEMORY for the write, POST at 32 connections took 9 to 18 % less CPU per
    /// request, and an import ran 14 % faster. SQLite fixes where the sub-journal goes when the transaction begins, hence
    /// here. Not for a bulk write (<see cref="DbSession.BeginBulkWriteAsync"/>): rebuilding every reversal of a million
    /// statements peaked at 360 MB with it against 232 MB without, one statement holding most of a table's pages. The
    /// setting stays until the connection goes back to the pool (<see cref="ReleaseAsync"/> puts the default back, and
    /// every connection opened starts from it), so reads of other requests keep their temporary tables on disk; the
    /// migrations open their own transaction and never change it.
    /// </summary>
    private static async Task SetTempStoreAsync(SqliteStatementConnection connection, bool inMemory, CancellationToken ct)
    {
        if (connection.TempInMemory == inMemory) return;
        await using var command = connection.CreateCommand();
        command.CommandText = inMemory ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT";
        await command.ExecuteNonQueryAsync(ct);
        connection.TempInMemory = inMemory;
    }

    /// <summary>A read transaction over one consistent snapshot (for a dump): deferred in SQLite, repeatable read in PostgreSQL.</summary>
    public async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

    /// <summary>Is <paramref name="ex"/> the database refusing or failing (rather than a bug in the service)?</summary>
    public static bool IsDatabaseError(Exception ex) => ex is DbException;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await CloseIdleAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
