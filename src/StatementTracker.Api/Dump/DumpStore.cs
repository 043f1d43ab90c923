using System.Runtime.CompilerServices;
using System.Data.Common;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Dump;

/// <summary>A table the dump holds, with its columns as the migrations leave them (after 0011), in their declared order.</summary>
/// <param name="SelfReference">A column naming another row of the same table (a topic's parent, the statement a retracted one
/// duplicates). A restore sets it once every row of the table is in, since the row it names may come later.</param>
/// <param name="OrderColumn">The column rows are listed by when it is the table's own key (revisions' seq, reversals' id);
/// otherwise the order rows were inserted in (SQLite's rowid, PostgreSQL's row_seq).</param>
public sealed record DumpTable(string Name, IReadOnlyList<string> Columns, string? SelfReference = null, string? OrderColumn = null)
{
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column) return i;
        }
        return -1;
    }
}

/// <summary>
/// All SQL of the dump: whole tables read row by row inside one snapshot, and written back row by row inside the
/// restorer's write. It is the one place that reads and writes whole tables, so it works on the session's connection
/// with a data reader (rows stream, values come as stored) and one prepared insert per table, rather than Dapper.
/// Table and column names in its SQL come only from <see cref="Tables"/>, never from a dump.
/// </summary>
public sealed class DumpStore(DbSession db)
{
    /// <summary>
    /// What a dump holds, in an order that satisfies every foreign key between tables when they are restored one after
    /// another (a table's references to itself are <see cref="DumpTable.SelfReference"/>). Reversals are dumped although
    /// derived: their closed rows (valid_to_ms) are the history "as recorded at" reads and cannot be derived again.
    /// Left out on purpose: api_keys (secrets; a restored database makes its own keys), settings (the cursor-signing
    /// key; cursors of the old database stop working), schema_migrations and maintenance_tasks (the database's own
    /// state), the full-text tables (the statements' triggers fill them), and any table not listed here, such as the
    /// importer's own logs. A test fails when a migration adds a column or a table this list has not decided on.
    /// </summary>
    public static readonly IReadOnlyList<DumpTable> Tables =
    [
        new("people", ["id", "slug", "name", "name_folded", "description", "wikidata_id", "created_at", "updated_at", "revision"]),
        new("person_aliases", ["person_id", "position", "alias", "alias_folded"]),
        new("topics", ["id", "slug", "name", "name_folded", "description", "parent_id", "created_at", "updated_at", "revision"],
            SelfReference: "parent_id"),
        new("statements", ["id", "person_id", "quote", "summary", "said_at", "date_precision", "precision_rank", "said_at_utc",
            "utc_offset_min", "sort_utc_ms", "medium", "venue", "language", "external_id", "created_at", "updated_at", "revision",
            "recorded_by", "retracted_at", "retraction_reason", "duplicate_of", "wording"], SelfReference: "duplicate_of"),
        new("sources", ["statement_id", "position", "url", "title", "publisher", "published_at", "archive_url"]),
        new("statement_positions", ["statement_id", "topic_id", "stance", "person_id", "sort_utc_ms", "precision_rank"]),
        new("statement_topics", ["statement_id", "topic_id"]),
        new("links", ["id", "statement_id", "target_id", "relation", "note", "created_at", "revision", "recorded_by", "retracted_at",
            "retraction_reason"]),
        new("reviews", ["id", "statement_id", "publisher_name", "publisher_key", "publisher_url", "author", "reviewed_at", "url", "rating",
            "normalised_rating", "summary", "external_id", "raw", "created_at", "updated_at", "revision", "recorded_by", "retracted_at",
            "retraction_reason"]),
        new("revisions", ["seq", "entity_type", "entity_id", "revision", "action", "recorded_at", "recorded_by", "reason", "snapshot",
            "person_id", "sort_utc_ms", "precision_rank", "medium", "retracted"], OrderColumn: "seq"),
        new("reversals", ["id", "earlier_id", "later_id", "person_id", "later_sort", "later_rank", "flip", "link_id", "relation", "stances",
            "valid_from_ms", "valid_to_ms"], OrderColumn: "id"),
        new("reversal_topics", ["reversal_id", "topic_id", "earlier_id", "later_id", "person_id", "later_sort", "later_rank", "valid_to_ms"]),
    ];

    public static DumpTable? Find(string name) => Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>The table's place in <see cref="Tables"/>: the order a dump holds and a restore needs.</summary>
    public static int PlaceOf(DumpTable table)
    {
        for (var i = 0; i < Tables.Count; i++)
        {
            if (ReferenceEquals(Tables[i], table)) return i;
        }
        return -1;
    }

    /// <summary>How many migrations this database has applied: a dump restores only into a database of the same schema.</summary>
    public async Task<long> SchemaVersionAsync(CancellationToken ct) =>
        await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations", null, ct);

    /// <summary>The first dumped table that holds a row, or null when the database holds none of the dump's data.</summary>
    public async Task<string?> FirstTableWithRowsAsync(CancellationToken ct)
    {
        foreach (var table in Tables)
        {
            if (await db.ExecuteScalarAsync<long>($"SELECT EXISTS (SELECT 1 FROM {table.Name})", null, ct) == 1) return table.Name;
        }
        return null;
    }

    /// <summary>
    /// The rows of every dumped table, counted by the database, in dump order: copy-to-postgres compares the two
    /// databases' counts before it commits. Inside the session's transaction when one is open, so it sees rows not yet
    /// committed.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables) counts[table.Name] = await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table.Name}", null, ct);
        return counts;
    }

    /// <summary>
    /// Opens a read transaction on the session's connection that sees one snapshot from its first read to its end
    /// (SQLite in WAL mode; PostgreSQL at repeatable read), so every table of the dump is read as of the same instant
    /// while writers go on writing.
    /// </summary>
    public async Task<Snapshot> BeginSnapshotAsync(CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        var transaction = await db.BeginSnapshotAsync(ct);
        var snapshot = new Snapshot(connection, transaction, db.Sql);
        try
        {
            // The first read fixes the snapshot; the schema version is part of what it describes.
            snapshot.SchemaVersion = await snapshot.ScalarAsync("SELECT COUNT(*) FROM schema_migrations", ct);
            return snapshot;
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    public sealed class Snapshot(DbConnection connection, DbTransaction transaction, SqlDialect sql) : IAsyncDisposable
    {
        public long SchemaVersion { get; internal set; }

        /// <summary>
        /// The table's rows in insertion order (the primary key's for revisions and reversals), one at a time, each value as
        /// stored: long, double, string or null. A restore inserts them in this order, so rows keep their relative
        /// rowid order (which reviews page by and search ranks ties by) and a second dump lists them the same way.
        /// </summary>
        public async IAsyncEnumerable<object?[]> RowsAsync(DumpTable table, [EnumeratorCancellation] CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT {string.Join(", ", table.Columns)} FROM {table.Name} ORDER BY {table.OrderColumn ?? sql.InsertOrder(table.Name)}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var values = new object?[table.Columns.Count];
                for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                yield return values;
            }
        }

        internal async Task<long> ScalarAsync(string sql, CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        }

        // Nothing was written: ending the transaction only lets go of the snapshot.
        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }

    /// <summary>One prepared INSERT per table, reused for every row, inside the session's write transaction.</summary>
    public async Task<Inserter> PrepareInsertAsync(DumpTable table, CancellationToken ct)
    {
        var command = (await db.ConnectionAsync(ct)).CreateCommand();
        command.Transaction = db.Transaction ?? throw new InvalidOperationException("A restore inserts inside a write (DbSession.BeginWriteAsync).");
        command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@v{i}"))})";
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"v{i}";
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return new Inserter(command);
    }

    /// <summary>
    /// After a restore into PostgreSQL, moves each identity column's sequence past the highest value the dump gave,
    /// so the next revision or reversal does not collide with a restored one. SQLite's rowids need nothing.
    /// </summary>
    public async Task ResumeIdentitiesAsync(CancellationToken ct)
    {
        if (db.Engine != DatabaseEngine.Postgres) return;
        foreach (var (table, column) in new[] { ("revisions", "seq"), ("reversals", "id") })
        {
            await db.ExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)",
                null, ct);
        }
    }

    public sealed class Inserter(DbCommand command) : IAsyncDisposable
    {
        public async Task InsertAsync(IReadOnlyList<object?> values, CancellationToken ct)
        {
            for (var i = 0; i < values.Count; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>Sets a row's <see cref="DumpTable.SelfReference"/> once the row it names is in: the table's first column is its id.</summary>
    public async Task SetSelfReferenceAsync(DumpTable table, object id, object value, CancellationToken ct)
    {
        var column = table.SelfReference ?? throw new ArgumentException($"{table.Name} names no row of its own.", nameof(table));
        await db.ExecuteAsync($"UPDATE {table.Name} SET {column} = @value WHERE {table.Columns[0]} = @id", new { id, value }, ct);
    }
}
