using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace StatementTracker.Api.Data;

/// <summary>
/// Applies the numbered SQL files of db/migrations (embedded in the assembly) in order, each in its own
/// transaction, and records them in schema_migrations, so a database made by an older version upgrades itself.
/// </summary>
public sealed partial class Migrator(Db db, ILogger<Migrator> logger)
{
    public sealed record Migration(int Version, string Name, string Sql);

    [GeneratedRegex(@"^migrations/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success) continue;
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

    public async Task MigrateAsync(CancellationToken ct = default)
    {
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
    private static async Task CheckDurabilityAsync(Microsoft.Data.Sqlite.SqliteConnection connection, CancellationToken ct)
    {
        var journal = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode;", cancellationToken: ct));
        var synchronous = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA synchronous;", cancellationToken: ct));
        if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase) || synchronous != 2)
            throw new InvalidOperationException($"The database must run with journal_mode=WAL and synchronous=FULL; it has journal_mode={journal}, synchronous={synchronous}.");
    }
}
