using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Tests.Data;

/// <summary>
/// Connections outlive requests (Db.ReleaseAsync), and on SQLite each keeps the statements it compiled: what a
/// connection carries from one user to the next must be only that.
/// </summary>
public class ConnectionReuseTests
{
    [Fact]
    public async Task AConnectionGivenBackWithATransactionOpenIsNeverHandedOutAgain()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);

        var first = await db.OpenAsync();
        await ExecuteAsync(first, "BEGIN");
        await db.ReleaseAsync(first);
        var second = await db.OpenAsync();
        await db.ReleaseAsync(second);

        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task AConnectionGivenBackIdleIsHandedOutAgainOnSqlite()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);

        var first = await db.OpenAsync();
        await db.ReleaseAsync(first);
        var second = await db.OpenAsync();
        await db.ReleaseAsync(second);

        // PostgreSQL's connections go back to Npgsql's pool, which hands out a new object over the same session.
        if (app.Engine == DatabaseEngine.Sqlite) Assert.Same(first, second);
        else Assert.NotSame(first, second);
    }

    [Fact]
    public async Task AStatementRunAgainAfterTheTableChangedReadsTheTableAsItIsNow()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);
        var connection = await db.OpenAsync();
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE reuse_probe (a BIGINT)");
            await ExecuteAsync(connection, "INSERT INTO reuse_probe (a) VALUES (1)");
            Assert.Equal(1, await ColumnsAsync(connection, "SELECT * FROM reuse_probe"));

            await ExecuteAsync(connection, "ALTER TABLE reuse_probe ADD COLUMN b BIGINT");
            await ExecuteAsync(connection, "INSERT INTO reuse_probe (a, b) VALUES (2, 3)");

            Assert.Equal(2, await ColumnsAsync(connection, "SELECT * FROM reuse_probe"));
            Assert.Equal(6L, Convert.ToInt64(await ScalarAsync(connection, "SELECT SUM(a) + SUM(b) FROM reuse_probe")));
        }
        finally
        {
            await db.ReleaseAsync(connection);
        }
    }

    [Fact]
    public async Task AConnectionGivenBackWithAReaderStillOpenIsNeverHandedOutAgain()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);

        var first = await db.OpenAsync();
        await using var command = first.CreateCommand();
        command.CommandText = "SELECT 1 UNION ALL SELECT 2";
        var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        // The reader is left open: its statement holds a read snapshot that the next request must not inherit.
        await db.ReleaseAsync(first);
        var second = await db.OpenAsync();
        await db.ReleaseAsync(second);

        Assert.NotSame(first, second);
    }

    [SqliteFact("a PostgreSQL connection runs one command at a time, and has no statement cache of ours")]
    public async Task AReaderOutlivesTheStatementCacheStartingAgainAtItsCap()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);
        var connection = await db.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());

            // More distinct texts than the cache keeps, while the first statement is still being read.
            for (var i = 0; i < 300; i++) Assert.Equal((long)i, Convert.ToInt64(await ScalarAsync(connection, $"SELECT {i}")));

            var rest = new List<long>();
            while (await reader.ReadAsync()) rest.Add(reader.GetInt64(0));
            Assert.Equal([2L, 3L], rest);
        }
        finally
        {
            await db.ReleaseAsync(connection);
        }
    }

    [SqliteFact("a PostgreSQL connection runs one command at a time")]
    public async Task TheSameQueryRunInsideItsOwnReaderLeavesNothingReadingOnceBothAreDone()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);
        var connection = await db.OpenAsync();
        var sums = new List<long>();
        await using (var outer = connection.CreateCommand())
        {
            outer.CommandText = "SELECT 1 UNION ALL SELECT 2";
            await using var reader = await outer.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // The same text while its cached statement is busy: a second statement, made for the occasion.
                await using var inner = connection.CreateCommand();
                inner.CommandText = "SELECT 1 UNION ALL SELECT 2";
                await using var innerReader = await inner.ExecuteReaderAsync();
                long sum = 0;
                while (await innerReader.ReadAsync()) sum += innerReader.GetInt64(0);
                sums.Add(sum + reader.GetInt64(0));
            }
        }
        Assert.Equal([4L, 5L], sums);

        await db.ReleaseAsync(connection);
        var again = await db.OpenAsync();
        await db.ReleaseAsync(again);
        // Nothing was left reading, so the connection was kept for the next user.
        Assert.Same(connection, again);
    }

    [SqliteFact("the limit is SQLite's own")]
    public async Task SqliteHoldsItsConnectionsToTheConfiguredMemoryLimit()
    {
        await using var app = new StatementTrackerApplication();
        var db = Started(app);
        var connection = await db.OpenAsync();
        try
        {
            Assert.Equal(new StatementTrackerOptions().SqliteMemoryBytes, Convert.ToInt64(await ScalarAsync(connection, "PRAGMA soft_heap_limit")));
        }
        finally
        {
            await db.ReleaseAsync(connection);
        }
    }

    private static Db Started(StatementTrackerApplication app)
    {
        app.CreateClient();  // builds the service: the database exists and is migrated
        return app.Services.GetRequiredService<Db>();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<int> ColumnsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        return reader.FieldCount;
    }
}
