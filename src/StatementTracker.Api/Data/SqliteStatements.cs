using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace StatementTracker.Api.Data;

/// <summary>
/// A SQLite connection that keeps what it prepared. Microsoft.Data.Sqlite compiles a command's SQL again for every new
/// command, and Dapper makes a new command for every query, so a page of ten queries spent a third of its time in
/// sqlite3_prepare. Here each SQL text is compiled once per connection and its statement reset and bound again on the
/// next use; <see cref="Db"/> keeps such connections open between requests so that the statements outlive a request.
/// Commands made through <see cref="DbConnection.CreateCommand"/> (what Dapper calls) are <see cref="ReusedCommand"/>s,
/// which behave as a SqliteCommand would. A statement compiled against an older schema is compiled again by SQLite
/// itself (sqlite3_prepare_v2), so a migration or a dropped table reads as it would on a new connection.
/// </summary>
internal sealed class SqliteStatementConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>More texts than this (lists of every length, say) start the cache again rather than grow it.</summary>
    private const int MaxStatements = 256;

    private readonly Dictionary<string, CachedCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>Has a write set temp_store = MEMORY on this connection (<see cref="Db.BeginWriteAsync"/>), for its release to undo?</summary>
    internal bool TempInMemory { get; set; }

    /// <summary>Is a transaction open on the connection, by this library or by SQL (BEGIN)?</summary>
    internal bool InTransaction => Transaction is not null || (Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0);

    protected override DbCommand CreateDbCommand() => new ReusedCommand(this);

    // Commands made because the cached one for their text was still reading (a query run inside another's loop). Each
    // is disposed once its reader is done, at the next For or at Close, rather than left to the finalizer.
    private readonly List<CachedCommand> _extra = [];

    /// <summary>Is any of the connection's statements still inside a reader that nobody disposed?</summary>
    /// <remarks>Such a statement holds its read snapshot open: a connection handed to the next request with it would read
    /// the database as it was, and pin the WAL. <see cref="Db.ReleaseAsync"/> closes such a connection instead.</remarks>
    internal bool Reading
    {
        get
        {
            foreach (var command in _prepared.Values) if (command.Busy) return true;
            foreach (var command in _extra) if (command.Busy) return true;
            return false;
        }
    }

    /// <summary>The connection's command for <paramref name="sql"/>, compiled on its first use; a new one when that one is still reading.</summary>
    internal SqliteCommand For(string sql)
    {
        DisposeFinishedExtras();
        if (_prepared.TryGetValue(sql, out var command))
        {
            if (!command.Busy) return command;
            var extra = new CachedCommand { Connection = this, CommandText = sql };
            _extra.Add(extra);
            return extra;
        }
        if (_prepared.Count >= MaxStatements) StartAgain();
        command = new CachedCommand { Connection = this, CommandText = sql };
        _prepared[sql] = command;
        return command;
    }

    /// <summary>Empties the cache at its cap, but for statements still reading: disposing one would end a reader in use.</summary>
    private void StartAgain()
    {
        List<string>? reading = null;
        foreach (var (text, command) in _prepared)
        {
            if (command.Busy) (reading ??= []).Add(text);
            else command.Dispose();
        }
        if (reading is null)
        {
            _prepared.Clear();
            return;
        }
        foreach (var text in _prepared.Keys.Except(reading).ToList()) _prepared.Remove(text);
    }

    private void DisposeFinishedExtras()
    {
        if (_extra.Count == 0) return;
        for (var i = _extra.Count - 1; i >= 0; i--)
        {
            if (_extra[i].Busy) continue;
            _extra[i].Dispose();
            _extra.RemoveAt(i);
        }
    }

    public override void Close()
    {
        // Closing finalizes every statement of the connection's commands; a connection opened again compiles anew.
        _prepared.Clear();
        _extra.Clear();
        // A transaction begun in SQL (BEGIN) is not the library's to end: the file would go back to Microsoft.Data.Sqlite's
        // pool still inside it, and the next connection opened on it would fail its first PRAGMA.
        if (State == ConnectionState.Open && Transaction is null && InTransaction)
        {
            try
            {
                using var rollback = base.CreateCommand();
                rollback.CommandText = "ROLLBACK";
                rollback.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Nothing to roll back after all: closing goes on.
            }
        }
        base.Close();
    }

    private sealed class CachedCommand : SqliteCommand
    {
        public bool Busy => DataReader is not null;
    }
}

/// <summary>
/// The command <see cref="SqliteStatementConnection"/> hands out: it collects the text, parameters and transaction as
/// any command does, and runs them on the connection's compiled statement for that text.
/// </summary>
internal sealed class ReusedCommand(SqliteStatementConnection connection) : DbCommand
{
    // Holds the parameters only; never runs anything.
    private readonly SqliteCommand _holder = new();

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = connection.DefaultTimeout;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw new ArgumentException($"SQLite runs only CommandType.Text, not {value}.");
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (value != connection) throw new NotSupportedException("A reused command stays on the connection that made it.");
        }
    }

    protected override DbParameterCollection DbParameterCollection => _holder.Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    private SqliteCommand Ready()
    {
        var command = connection.For(CommandText);
        command.Parameters.Clear();
        foreach (SqliteParameter parameter in _holder.Parameters)
        {
            // Dapper names parameters without a prefix, and Microsoft.Data.Sqlite looks such a name up four times
            // (as it is, then with each of @ $ : to refuse an ambiguous one), converting it to UTF-8 each time: a
            // quarter of binding a page's lists of ids. The service's SQL writes every parameter @name.
            if (parameter.ParameterName is { Length: > 0 } name && name[0] is not ('@' or '$' or ':')) parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        command.Transaction = (SqliteTransaction?)DbTransaction;
        command.CommandTimeout = CommandTimeout;
        return command;
    }

    public override int ExecuteNonQuery()
    {
        var command = Ready();
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            command.Parameters.Clear();
        }
    }

    public override object? ExecuteScalar()
    {
        var command = Ready();
        try
        {
            return command.ExecuteScalar();
        }
        finally
        {
            command.Parameters.Clear();
        }
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ExecuteNonQuery());
    }

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ExecuteScalar());
    }

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _holder.Dispose();
        base.Dispose(disposing);
    }
}
