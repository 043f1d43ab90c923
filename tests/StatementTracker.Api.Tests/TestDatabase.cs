using Npgsql;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Tests;

/// <summary>
/// Which engine the integration tests run on. SQLite by default (the README's test command); PostgreSQL when
/// STATEMENTTRACKER_TEST_DATABASE=postgres, on the server STATEMENTTRACKER_TEST_POSTGRES names (an Npgsql connection
/// string; tools/postgres/test.sh starts a throwaway one). On PostgreSQL every test application gets a schema of
/// its own in that database, made when the application is made and dropped with it, so tests stay apart as they do
/// with a file each.
/// </summary>
public static class TestDatabase
{
    public static DatabaseEngine Engine { get; } =
        string.Equals(Environment.GetEnvironmentVariable("STATEMENTTRACKER_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseEngine.Postgres
            : DatabaseEngine.Sqlite;

    public static bool IsPostgres => Engine == DatabaseEngine.Postgres;

    /// <summary>The server's connection string, without a search path.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("STATEMENTTRACKER_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException("STATEMENTTRACKER_TEST_DATABASE=postgres needs STATEMENTTRACKER_TEST_POSTGRES, an Npgsql connection string (see README, \"Running on PostgreSQL\").");

    private static readonly Lazy<NpgsqlDataSource> Server = new(() => NpgsqlDataSource.Create(PostgresServer));

    /// <summary>A new, empty schema; its name.</summary>
    public static string CreateSchema()
    {
        var schema = $"t_{Guid.NewGuid():N}";
        using var command = Server.Value.CreateCommand($"CREATE SCHEMA {schema}");
        command.ExecuteNonQuery();
        return schema;
    }

    public static void DropSchema(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        using var command = Server.Value.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        command.ExecuteNonQuery();
    }

    /// <summary>Whether the schema's tables answer a query.</summary>
    public static bool Answers(string schema)
    {
        using var command = Server.Value.CreateCommand($"SELECT COUNT(*) FROM {schema}.schema_migrations");
        return command.ExecuteScalar() is long;
    }

    /// <summary>A connection string for the service on <paramref name="schema"/>.</summary>
    public static string PostgresConnectionString(string schema) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { SearchPath = schema }.ToString();
}

/// <summary>A test of something only SQLite has (its file, its pragmas, its backup API): skipped on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute(string why)
    {
        if (TestDatabase.IsPostgres) Skip = $"SQLite only: {why}";
    }
}

/// <summary>A test of something only PostgreSQL has (several nodes, advisory locks): skipped on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres) Skip = "PostgreSQL only: run with STATEMENTTRACKER_TEST_DATABASE=postgres (README, \"Running on PostgreSQL\").";
    }
}
