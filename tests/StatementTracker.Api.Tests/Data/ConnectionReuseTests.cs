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
