using Dapper;
using Microsoft.Data.Sqlite;

namespace StatementTracker.Api.Data;

/// <summary>
/// One request's connection, opened on first use and closed with the request. Stores share it, so a handler can
/// wrap calls to several stores in one transaction; every command passes <see cref="Transaction"/> along because
/// Microsoft.Data.Sqlite refuses a command that ignores a pending transaction. Stores query through the methods
/// here: each builds a Dapper <see cref="CommandDefinition"/> with the request's token, so an abandoned request
/// stops its query and not only the opening of the connection, and with that pending transaction always passed.
/// </summary>
public sealed class DbSession(Db db) : IAsyncDisposable
{
    private SqliteConnection? _connection;

    public SqliteTransaction? Transaction { get; private set; }

    public async Task<SqliteConnection> ConnectionAsync(CancellationToken ct = default) =>
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
        new(sql, param, Transaction, cancellationToken: ct);

    /// <summary>Starts a write transaction that takes SQLite's write lock at once, so a later write cannot deadlock.</summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken ct = default)
    {
        if (Transaction is not null) throw new InvalidOperationException("A transaction is already open on this request.");
        var connection = await ConnectionAsync(ct);
        Transaction = connection.BeginTransaction(deferred: false);
        return new WriteScope(this);
    }

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null) await Transaction.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }

    /// <summary>Commits on <see cref="CommitAsync"/>; rolls back when disposed without a commit.</summary>
    public sealed class WriteScope(DbSession session) : IAsyncDisposable
    {
        public async Task CommitAsync(CancellationToken ct = default)
        {
            await session.Transaction!.CommitAsync(ct);
            await DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (session.Transaction is null) return;
            await session.Transaction.DisposeAsync();
            session.Transaction = null;
        }
    }
}
