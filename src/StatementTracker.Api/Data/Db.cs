using Microsoft.Data.Sqlite;

namespace StatementTracker.Api.Data;

/// <summary>Opens connections to the service's SQLite database with the settings every connection needs.</summary>
public sealed class Db
{
    private readonly string _connectionString;

    static Db()
    {
        // Columns are snake_case (said_at_utc), C# properties PascalCase (SaidAtUtc).
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <param name="baseDirectory">
    /// Where a relative file name lives: the content root, so the database is the same file whichever folder
    /// the service was started from.
    /// </param>
    public Db(string connectionString, string? baseDirectory = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Foreign keys are a per-connection switch in SQLite: set it in the string so no connection misses it.
            ForeignKeys = true,
            Pooling = true,
        };
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
        if (baseDirectory is not null && builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } file
            && file != ":memory:" && !Path.IsPathRooted(file))
            builder.DataSource = Path.Combine(baseDirectory, file);
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string DataSource { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // synchronous is a per-connection setting. FULL in WAL mode syncs the log on every commit, so a write
        // acknowledged with 2xx survives a power cut, not only a crash of the process (NORMAL risks the last commits).
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = FULL;";
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }
}
