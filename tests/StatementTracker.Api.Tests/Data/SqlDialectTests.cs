using StatementTracker.Api.Data;

namespace StatementTracker.Api.Tests.Data;

public class SqlDialectTests
{
    [Theory]
    [InlineData("SELECT id FROM people WHERE slug IN @slugs", "SELECT id FROM people WHERE slug = ANY(@slugs)")]
    [InlineData("WHERE a IN @ids AND b NOT IN @others", "WHERE a = ANY(@ids) AND b <> ALL(@others)")]
    [InlineData("WHERE s.id IN (SELECT x FROM t WHERE y = @y)", "WHERE s.id IN (SELECT x FROM t WHERE y = @y)")]
    [InlineData("WHERE JOIN_IN @x", "WHERE JOIN_IN @x")]
    [InlineData("where a in @ids and b not in\n  @others", "where a = ANY(@ids) and b <> ALL(@others)")]
    public void PostgresComparesAListParameterWithAnyWhereSqliteExpandsIt(string sql, string postgres)
    {
        Assert.Equal(postgres, SqlDialect.Postgres.ListParameters(sql));
        Assert.Equal(sql, SqlDialect.Sqlite.ListParameters(sql));
    }
}
