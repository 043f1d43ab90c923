using Dapper;
using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;

namespace StatementTracker.Api.Data;

/// <summary>
/// One request's connection, opened on first use and closed with the request. Stores share it, so a handler can
/// wrap calls to several stores in one transaction; every command passes <see cref="Transaction"/> along because
/// Microsoft.Data.Sqlite refuses a command that ignores a pending transaction. Stores query through the methods
/// here: each builds a Dapper <see cref="CommandDefinition"/> with the request's token, so an abandoned request
/// stops its query and not only the opening of the connection, and with that pending transaction always passed.
/// The session works the same on SQLite and PostgreSQL; <see cref="Sql"/> gives the fragments that differ.
/// </summary>
public sealed class DbSession(Db db, WriteGate gate) : IAsyncDisposable
{
    private DbConnection? _connection;
    private int _depth;

    public DbTransaction? Transaction { get; private set; }

    /// <summary>Which engine this session talks to.</summary>
    public DatabaseEngine Engine => db.Engine;

    /// <summary>The SQL fragments that differ between the engines.</summary>
    public SqlDialect Sql => db.Sql;

    public async Task<DbConnection> ConnectionAsync(CancellationToken ct = default) =>
        _connection ??= await db.OpenAsync(ct);

    /// <summary>Dapper's QueryAsync on this request's connection and transaction, cancelled by <paramref name="ct"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? param, CancellationToken ct) =>
        (await (await ConnectionAsync(ct)).QueryAsync<T>(Command(sql, param, ct))).AsList();

    /// <summary>Dapper's QueryFirstOrDefaultAsync on this request's connection and transaction, cancelled by <paramref name="ct"/>.</summary>
    public async Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? param, CancellationToken ct) =>
        await (await ConnectionAsync(ct)).QueryFirstOrDefaultAsync<T>(Command(sql, param, ct));

    /// <summary>Dapper's QuerySingleOrDefaultAsync on this request's connection and transaction, cancelled by <paramref name="ct"/>.</summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param, CancellationToken ct) =>
        await (await ConnectionAsync(ct)).QuerySingleOrDefaultAsync<T>(Command(sql, param, ct));

    /// <summary>Dapper's ExecuteAsync on this request's connection and transaction, cancelled by <paramref name="ct"/>; the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, object? param, CancellationToken ct) =>
        await (await ConnectionAsync(ct)).ExecuteAsync(Command(sql, param, ct));

    /// <summary>Dapper's ExecuteScalarAsync on this request's connection and transaction, cancelled by <paramref name="ct"/>.</summary>
    public async Task<T?> ExecuteScalarAsync<T>(string sql, object? param, CancellationToken ct) =>
        await (await ConnectionAsync(ct)).ExecuteScalarAsync<T>(Command(sql, param, ct));

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(db.Sql.ListParameters(sql), db.Engine == DatabaseEngine.Postgres ? ListsAsArrays(param) : param, Transaction, cancellationToken: ct);

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]?> Lists = new();

    /// <summary>
    /// Npgsql sends a list parameter as a PostgreSQL array, and knows how for arrays and lists but not for any other
    /// sequence (a HashSet, a dictionary's keys). Such a value becomes an array here, so a store passes whatever
    /// collection it holds, as it may on SQLite, where Dapper expands every sequence itself.
    /// </summary>
    private static object? ListsAsArrays(object? param)
    {
        if (param is null or DynamicParameters or IEnumerable) return param;
        var sequences = Lists.GetOrAdd(param.GetType(), type =>
            type.GetProperties().Any(p => p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)
                && !p.PropertyType.IsArray && !typeof(IList).IsAssignableFrom(p.PropertyType))
                ? type.GetProperties()
                : null);
        if (sequences is null) return param;
        var parameters = new DynamicParameters();
        foreach (var property in sequences)
        {
            var value = property.GetValue(param);
            parameters.Add(property.Name, value switch
            {
                IEnumerable<string> strings and not IList => strings.ToArray(),
                IEnumerable<long> longs and not IList => longs.ToArray(),
                _ => value,
            }, value is null ? NullType(property.PropertyType) : null);
        }
        return parameters;
    }

    /// <summary>A null keeps its property's type, as Dapper would have sent it: PostgreSQL needs one for @x IS NULL.</summary>
    private static System.Data.DbType? NullType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => System.Data.DbType.String,
        var t when t == typeof(long) => System.Data.DbType.Int64,
        var t when t == typeof(int) => System.Data.DbType.Int32,
        var t when t == typeof(double) => System.Data.DbType.Double,
        var t when t == typeof(bool) => System.Data.DbType.Boolean,
        var t when t == typeof(decimal) => System.Data.DbType.Decimal,
        var t when t == typeof(DateTime) => System.Data.DbType.DateTime,
        var t when t == typeof(Guid) => System.Data.DbType.Guid,
        _ => null,
    };

    /// <summary>
    /// Starts a write: waits for the service's one writer slot (<see cref="WriteGate"/>), then opens a transaction
    /// that takes the database's write lock at once (<see cref="Db.BeginWriteAsync"/>), so no write ever meets a busy
    /// database. On SQLite with group commit, the write joins the transaction the writer before it left open (or opens
    /// one), on that transaction's connection, inside a savepoint of its own (<see cref="WriteGroup"/>); the session's
    /// own connection comes back when the write ends. Called while a write is
    /// already open on this session (a loader wrapping many commands in one transaction), it opens a savepoint in
    /// that write: an inner scope that ends without committing undoes its own work and nothing else, and only the
    /// outermost scope commits.
    /// </summary>
    public Task<WriteScope> BeginWriteAsync(CancellationToken ct = default) => BeginAsync(alone: false, subJournalInMemory: true, ct);

    /// <summary>
    /// A batch of many small writes, each in a scope of its own inside it (an import's records): as
    /// <see cref="BeginWriteAsync"/>, but never in a write group. In a group the batch would be one savepoint, and SQLite
    /// would keep every page the whole batch changed in the sub-journal until it ends; in a transaction of its own
    /// each record's savepoint empties it (<see cref="Db.BeginWriteAsync"/>).
    /// </summary>
    public Task<WriteScope> BeginBatchWriteAsync(CancellationToken ct = default) => BeginAsync(alone: true, subJournalInMemory: true, ct);

    /// <summary>
    /// A write that loads or rewrites many rows (a restore, a rebuild, a maintenance task, a dry run): never in a
    /// write group, and with SQLite's sub-journal left on disk (<see cref="Db.BeginWriteAsync"/>), since one statement
    /// or savepoint of such a write can change most of a table. Inside a write already open it is a savepoint like
    /// any other, in that write's transaction.
    /// </summary>
    public Task<WriteScope> BeginBulkWriteAsync(CancellationToken ct = default) => BeginAsync(alone: true, subJournalInMemory: false, ct);

    private async Task<WriteScope> BeginAsync(bool alone, bool subJournalInMemory, CancellationToken ct)
    {
        if (Transaction is not null)
        {
            // Named by depth, never from input. Scopes nest strictly, so the newest savepoint of a name is always
            // this scope's, and a few statement texts recur instead of a new one per write: Dapper caches every text
            // it runs, and a bulk import opened two savepoints per record.
            var savepoint = $"inner_{++_depth}";
            await ExecuteAsync($"SAVEPOINT {savepoint}", null, ct);
            return new WriteScope(this, outermost: false, slot: null, savepoint);
        }
        var slot = await gate.EnterAsync(ct);
        try
        {
            // A write with no group open and no one queued behind it writes alone, on the session's own connection,
            // as it would without group commit: a lone writer (the command-line importer) pays nothing for it.
            if (!alone && gate.GroupCommit && db.Engine == DatabaseEngine.Sqlite && (gate.Group is not null || gate.HasWaiters)) return await JoinGroupAsync(slot, ct);
            // A group left open by the writer before holds SQLite's write lock: a write that does not join it commits
            // it first, holding the slot, or its BEGIN IMMEDIATE would wait out the busy timeout for a lock nobody frees.
            await gate.CommitOpenGroupAsync();
            var connection = await ConnectionAsync(ct);
            Transaction = await db.BeginWriteAsync(connection, ct, subJournalInMemory);
            return new WriteScope(this, outermost: true, slot, null);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    private DbConnection? _own;
    private bool _inGroup;

    private WriteGate Gate => gate;

    private async Task<WriteScope> JoinGroupAsync(IDisposable slot, CancellationToken ct)
    {
        var group = gate.Group;
        if (group is null)
        {
            var connection = await db.OpenAsync(ct);
            try
            {
                group = new WriteGroup(connection, await db.BeginWriteAsync(connection, ct), db.ReleaseAsync);
            }
            catch
            {
                await db.ReleaseAsync(connection);
                throw;
            }
            gate.Group = group;
        }
        group.Joined++;
        _inGroup = true;
        _own = _connection;
        _connection = group.Connection;
        Transaction = group.Transaction;
        try
        {
            await ExecuteAsync($"SAVEPOINT {GroupMember}", null, CancellationToken.None);
        }
        catch
        {
            LeaveGroup();
            group.Broken = true;
            await gate.FinishAsync(group, slot);
            throw;
        }
        return new WriteScope(this, outermost: true, slot, GroupMember, group);
    }

    /// <summary>The savepoint a member of a write group writes in; one member at a time, so one name.</summary>
    private const string GroupMember = "group_member";

    /// <summary>Back to the session's own connection once its part of a group is done.</summary>
    private void LeaveGroup()
    {
        _connection = _own;
        _own = null;
        _inGroup = false;
        Transaction = null;
        _depth = 0;
    }

    /// <summary>Whether SQLite still has the transaction open (some errors end it whole, whatever the savepoints).</summary>
    private static bool InTransaction(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0;

    /// <summary>Inside a write that loads many rows (a restore, a rebuild): the engine's settings for it (<see cref="SqlDialect.BulkLoad"/>), to the transaction's end.</summary>
    public async Task PrepareBulkLoadAsync(CancellationToken ct)
    {
        if (Transaction is null) throw new InvalidOperationException("A bulk load runs inside a write (BeginWriteAsync).");
        if (Sql.BulkLoad is { } sql) await ExecuteAsync(sql, null, ct);
    }

    /// <summary>A read transaction over one consistent snapshot, on this session's connection (for a dump).</summary>
    public async Task<DbTransaction> BeginSnapshotAsync(CancellationToken ct) => await db.BeginSnapshotAsync(await ConnectionAsync(ct), ct);

    public async ValueTask DisposeAsync()
    {
        // Still inside a write group (a scope left undisposed): the group's transaction and connection are not this
        // session's to end; its own connection is.
        if (_inGroup)
        {
            if (_own is not null) await db.ReleaseAsync(_own);
            return;
        }
        if (Transaction is not null) await Transaction.DisposeAsync();
        if (_connection is not null) await db.ReleaseAsync(_connection);
    }

    /// <summary>
    /// Keeps the commit of the next outermost write this session opens until the returned hold's <see cref="HeldCommit.CommitAsync"/>:
    /// a handler runs a command that validates, takes the writer slot and writes as it always does, then reads the
    /// command's answer inside that same write, before it commits. Disposed without committing, it rolls the write back.
    /// </summary>
    public HeldCommit HoldCommit()
    {
        if (Transaction is not null || _holding) throw new InvalidOperationException("A commit is held only around a session's outermost write.");
        _holding = true;
        return new HeldCommit(this);
    }

    private bool _holding;
    private WriteScope? _held;

    /// <summary>See <see cref="HoldCommit"/>.</summary>
    public sealed class HeldCommit(DbSession session) : IAsyncDisposable
    {
        /// <summary>Commits the held write, if the command left one; a command that failed rolled its own back already.</summary>
        public async Task CommitAsync(CancellationToken ct = default)
        {
            session._holding = false;
            if (session._held is { } held)
            {
                session._held = null;
                await held.CommitAsync(ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            session._holding = false;
            if (session._held is { } held)
            {
                session._held = null;
                await held.DisposeAsync();
            }
        }
    }

    /// <summary>Commits on <see cref="CommitAsync"/>; rolls back when disposed without a commit (an inner scope, to its savepoint).</summary>
    public sealed class WriteScope(DbSession session, bool outermost, IDisposable? slot, string? savepoint, WriteGroup? group = null) : IAsyncDisposable
    {
        private bool _done;

        public async Task CommitAsync(CancellationToken ct = default)
        {
            if (!outermost)
            {
                if (_done) return;
                _done = true;
                session._depth--;
                await session.ExecuteAsync($"RELEASE {savepoint}", null, CancellationToken.None);
                return;
            }
            if (session._holding && session._held is null)
            {
                // Held for the caller of HoldCommit, who reads its answer in this write first.
                session._held = this;
                return;
            }
            if (group is not null)
            {
                if (_done) return;
                _done = true;
                Task committed;
                try
                {
                    await session.ExecuteAsync($"RELEASE {savepoint}", null, CancellationToken.None);
                    committed = group.Committed();
                }
                finally
                {
                    await LeaveAsync();
                }
                // Answered only once the group's commit is durable; a failed commit is this write's failure too.
                await committed;
                return;
            }
            // Committing is not abandoned halfway: once the work is done, a client hanging up does not undo it.
            // The data version moves on in the same transaction, so every node's read cache sees the write exactly when it is visible.
            if (Caching.DataVersion.BumpSql(session.Engine) is { } bump) await session.ExecuteAsync(bump, null, CancellationToken.None);
            await session.Transaction!.CommitAsync(CancellationToken.None);
            await DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!outermost)
            {
                if (_done || session.Transaction is null) return;
                _done = true;
                session._depth--;
                await session.ExecuteAsync($"ROLLBACK TO {savepoint}; RELEASE {savepoint}", null, CancellationToken.None);
                return;
            }
            if (session._held == this) return;
            if (group is not null)
            {
                if (_done) return;
                _done = true;
                try
                {
                    await session.ExecuteAsync($"ROLLBACK TO {savepoint}; RELEASE {savepoint}", null, CancellationToken.None);
                }
                catch (Exception ex) when (Db.IsDatabaseError(ex))
                {
                    // The savepoint is gone with the whole transaction; LeaveAsync finds that out.
                }
                finally
                {
                    await LeaveAsync();
                }
                return;
            }
            if (session.Transaction is null) return;
            try
            {
                await session.Transaction.DisposeAsync();
                session.Transaction = null;
                session._depth = 0;
            }
            finally
            {
                slot?.Dispose();
            }
        }

        /// <summary>This member's part is done: the session gets its own connection back, and the slot goes on (WriteGate.FinishAsync).</summary>
        private async Task LeaveAsync()
        {
            if (!InTransaction(group!.Connection)) group.Broken = true;
            session.LeaveGroup();
            await session.Gate.FinishAsync(group, slot!);
        }
    }
}
