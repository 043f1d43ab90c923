using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace StatementTracker.Api.Data;

/// <summary>
/// Applies the numbered SQL files of db/migrations/ENGINE (embedded in the assembly) in order, each in its own
/// transaction, and records them in schema_migrations, so a database made by an older version upgrades itself.
/// SQLite and PostgreSQL each have their own files under the same numbers: version N is the same schema change
/// on both, written in each engine's SQL.
/// </summary>
public sealed partial class Migrator(Db db, ILogger<Migrator> logger)
{
    public sealed record Migration(int Version, string Name, string Sql);

    [GeneratedRegex(@"^migrations/(?<engine>sqlite|postgres)/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    /// <summary>The migrations of <paramref name="engine"/>, in order.</summary>
    public static IReadOnlyList<Migration> Embedded(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var folder = engine == DatabaseEngine.Postgres ? "postgres" : "sqlite";
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success || match.Groups["engine"].Value != folder) continue;
            migrations.Add(new Migration(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, ReadResource(assembly, resource)));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations must be numbered 0001 upwards without gaps; found {migrations[i].Version:D4} at position {i + 1}.");
        }
        return migrations;
    }

    /// <summary>
    /// Migrates at start-up; when the database cannot be reached or refuses (a server down, a wrong password, a
    /// missing schema), says so in one line naming the database (never the password) and returns false, rather than
    /// ending the process with a stack trace.
    /// </summary>
    public async Task<bool> TryMigrateAsync(TextWriter error, CancellationToken ct = default)
    {
        try
        {
            await MigrateAsync(ct);
            return true;
        }
        catch (Exception ex) when (db.Engine == DatabaseEngine.Postgres
            && ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or PostgresSetupException)
        {
            // The reason is the whole story here; a stack trace would only bury it.
            logger.LogCritical("Cannot open the PostgreSQL database {DataSource}: {Reason} (check ConnectionStrings:StatementTracker)",
                db.DataSource, ex.Message);
            await error.FlushAsync(ct);
            return false;
        }
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (db.Engine == DatabaseEngine.Postgres)
        {
            await MigratePostgresAsync(ct);
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(db.DataSource));
        if (!string.IsNullOrEmpty(directory) && db.DataSource != ":memory:") Directory.CreateDirectory(directory);

        await using var connection = await db.OpenAsync(ct);
        // WAL lets readers go on while one writer writes; the setting is stored in the file, so once is enough.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
        await CheckDurabilityAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            );
            """, cancellationToken: ct));

        foreach (var migration in Embedded())
        {
            // BEGIN IMMEDIATE takes the write lock first, so two instances starting together apply each file once.
            await connection.ExecuteAsync(new CommandDefinition("BEGIN IMMEDIATE;", cancellationToken: ct));
            try
            {
                var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, cancellationToken: ct));
                if (applied == 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(migration.Sql, cancellationToken: ct));
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                        new { migration.Version, migration.Name, AppliedAt = UtcText.Format(DateTime.UtcNow) }, cancellationToken: ct));
                    logger.LogInformation("Applied migration {Version:D4} {Name}", migration.Version, migration.Name);
                }
                await connection.ExecuteAsync(new CommandDefinition("COMMIT;", cancellationToken: ct));
            }
            catch
            {
                // No token here: the rollback must run even when cancellation is what stopped the migration.
                await connection.ExecuteAsync("ROLLBACK;");
                throw;
            }
        }
    }

    /// <summary>
    /// PostgreSQL: each file in its own transaction (PostgreSQL's DDL is transactional too), under an advisory lock
    /// held for the whole run, so nodes starting together wait for the first and then find every file applied.
    /// </summary>
    private async Task MigratePostgresAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var key = db.MigrationLockKey;
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_lock({key})", cancellationToken: ct));
        try
        {
            await CheckPostgresEncodingAsync(connection, ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    BIGINT PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                );
                """, cancellationToken: ct));
            foreach (var migration in Embedded(DatabaseEngine.Postgres))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: ct));
                if (applied != 0) continue;
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct));
                // Nodes still serving drop what they cached from the schema before.
                await connection.ExecuteAsync(new CommandDefinition(Caching.DataVersion.PostgresMigrationBumpSql, transaction: transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = UtcText.Format(DateTime.UtcNow) }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
                logger.LogInformation("Applied migration {Version:D4} {Name}", migration.Version, migration.Name);
            }
        }
        finally
        {
            await connection.ExecuteAsync($"SELECT pg_advisory_unlock({key})");
        }
    }

    /// <summary>
    /// Text must round-trip exactly (quotes in any script) and search folds accents with normalize(), which needs
    /// UTF-8: a database in another encoding is refused at start-up rather than corrupting a quote later.
    /// </summary>
    private static async Task CheckPostgresEncodingAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        var encoding = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_encoding", cancellationToken: ct));
        if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
            throw new PostgresSetupException($"the database must use the UTF8 encoding; it uses {encoding}. Create it with ENCODING 'UTF8'");
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Refuses to serve on settings that could lose an acknowledged write: the journal must be WAL and every
    /// connection synchronous=FULL (Db sets it). A file on a system that cannot do WAL (some network shares) fails here,
    /// at start-up, rather than later under load.
    /// </summary>
    private static async Task CheckDurabilityAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        var journal = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode;", cancellationToken: ct));
        var synchronous = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA synchronous;", cancellationToken: ct));
        if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase) || synchronous != 2)
            throw new InvalidOperationException($"The database must run with journal_mode=WAL and synchronous=FULL; it has journal_mode={journal}, synchronous={synchronous}.");
    }
}

/// <summary>The PostgreSQL database is reachable but not set up as the service needs (its encoding).</summary>
public sealed class PostgresSetupException(string message) : Exception(message);
