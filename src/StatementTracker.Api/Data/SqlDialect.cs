namespace StatementTracker.Api.Data;

/// <summary>
/// The SQL fragments that differ between SQLite and PostgreSQL and are used by more than one feature: date parts,
/// JSON aggregation, the order rows were inserted in, list parameters. Everything else the stores write is SQL both
/// engines read alike (Dapper's @name parameters work on both). A fragment takes the expression it works on, so a
/// store's query still reads as one piece of SQL.
/// </summary>
public abstract partial class SqlDialect
{
    public static SqlDialect For(DatabaseEngine engine) => engine == DatabaseEngine.Postgres ? Postgres : Sqlite;

    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    /// <summary>The four-digit UTC year of a Unix time in milliseconds, as text ("2017").</summary>
    public abstract string UtcYear(string epochMs);

    /// <summary>The UTC year and month of a Unix time in milliseconds, as text ("2017-07").</summary>
    public abstract string UtcMonth(string epochMs);

    /// <summary>An aggregate: the JSON array text of <paramref name="value"/> over the rows, in the subquery's order; "[]" for none.</summary>
    public abstract string JsonArrayAgg(string value);

    /// <summary>
    /// A column of <paramref name="alias"/> that grows with every insert, for tables listed in the order they were
    /// written (reviews, the dump): SQLite's rowid, PostgreSQL's identity column row_seq (migration 0011).
    /// </summary>
    public abstract string InsertOrder(string alias);

    /// <summary>
    /// What a write that loads many rows into a table while checking foreign keys against it (a restore, a rebuild of
    /// every reversal) runs first; null when nothing. PostgreSQL caches each foreign-key check's plan per connection,
    /// made while the table was empty, so without this every check scans the growing table and the load turns
    /// quadratic (reversal_topics against reversals: 47.7 s against 24.4 s for 90,000 statements).
    /// </summary>
    public virtual string? BulkLoad => null;

    /// <summary>
    /// What ends a SELECT whose rows the write goes on to rewrite from other tables it reads (a statement's parts
    /// document), so another transaction cannot change those tables in between: PostgreSQL's row lock; nothing on
    /// SQLite, where a write holds the only write lock there is.
    /// </summary>
    public virtual string LockRows => "";

    /// <summary>
    /// Stores write a list parameter as <c>column IN @list</c>. Dapper expands that into one parameter per item for
    /// SQLite, but hands a list to Npgsql as one array parameter, which PostgreSQL compares with <c>= ANY(@list)</c>:
    /// the one rewrite of a store's SQL the session makes (<see cref="DbSession"/>), cached per text; <c>NOT IN @list</c>
    /// becomes <c>&lt;&gt; ALL(@list)</c>. Both engines agree on an empty list: nothing is in it.
    /// </summary>
    public virtual string ListParameters(string sql) => sql;

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?<not>NOT\s+)?IN\s+@(?<name>\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InList();

    private sealed class SqliteDialect : SqlDialect
    {
        public override string UtcYear(string epochMs) => $"strftime('%Y', {epochMs} / 1000, 'unixepoch')";
        public override string UtcMonth(string epochMs) => $"strftime('%Y-%m', {epochMs} / 1000, 'unixepoch')";
        public override string JsonArrayAgg(string value) => $"json_group_array({value})";
        public override string InsertOrder(string alias) => $"{alias}.rowid";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _lists = new();

        public override string ListParameters(string sql) =>
            !sql.Contains("IN", StringComparison.OrdinalIgnoreCase) ? sql : _lists.GetOrAdd(sql, text => InList().Replace(text,
                match => match.Groups["not"].Success ? $"<> ALL(@{match.Groups["name"].Value})" : $"= ANY(@{match.Groups["name"].Value})"));

        public override string UtcYear(string epochMs) => $"to_char(to_timestamp({epochMs} / 1000) AT TIME ZONE 'UTC', 'YYYY')";
        public override string UtcMonth(string epochMs) => $"to_char(to_timestamp({epochMs} / 1000) AT TIME ZONE 'UTC', 'YYYY-MM')";
        public override string JsonArrayAgg(string value) => $"COALESCE(json_agg({value})::text, '[]')";
        public override string InsertOrder(string alias) => $"{alias}.row_seq";

        public override string BulkLoad => "SET LOCAL plan_cache_mode = force_custom_plan";
        public override string LockRows => " FOR NO KEY UPDATE";
    }
}
