using Microsoft.Data.Sqlite;

namespace StatementTracker.Api.Tests.Search;

/// <summary>
/// An in-memory SQLite FTS5 table with the tokenizer statements will be indexed with: the judge of whether a rendered
/// expression is valid FTS5, what it matches, and how the index splits text into words.
/// </summary>
public sealed class Fts5Table : IDisposable
{
    private const string Tokenizer = "tokenize = 'unicode61 remove_diacritics 2'";
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public Fts5Table(params string[] rows)
    {
        _connection.Open();
        Execute($"CREATE VIRTUAL TABLE t USING fts5(body, {Tokenizer})");
        Execute($"CREATE VIRTUAL TABLE scratch USING fts5(body, {Tokenizer})");
        Execute("CREATE VIRTUAL TABLE scratch_terms USING fts5vocab(scratch, 'instance')");
        foreach (var row in rows) Execute("INSERT INTO t (body) VALUES ($text)", row);
    }

    /// <summary>The rows (as inserted, in order) that <paramref name="expression"/> matches; an SqliteException when it is not valid FTS5.</summary>
    public IReadOnlyList<string> Match(string expression)
    {
        using var command = Command("SELECT body FROM t WHERE t MATCH $text ORDER BY rowid", expression);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>
    /// FTS5's snippet of the first row <paramref name="expression"/> matches, as the service asks for it on SQLite
    /// (Search/SearchSql.cs): marks as control characters, "…" where the text goes on, at most 32 words.
    /// </summary>
    public string? Snippet(string expression)
    {
        using var command = Command("SELECT snippet(t, 0, char(1), char(2), '…', 32) FROM t WHERE t MATCH $text ORDER BY rowid LIMIT 1", expression);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The words FTS5 indexes <paramref name="text"/> as, in order.</summary>
    public IReadOnlyList<string> Tokens(string text)
    {
        Execute("DELETE FROM scratch");
        Execute("INSERT INTO scratch (body) VALUES ($text)", text);
        using var command = Command("SELECT term FROM scratch_terms ORDER BY offset");
        using var reader = command.ExecuteReader();
        var terms = new List<string>();
        while (reader.Read()) terms.Add(reader.GetString(0));
        return terms;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql, string? text = null)
    {
        using var command = Command(sql, text);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, string? text = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (text is not null) command.Parameters.AddWithValue("$text", text);
        return command;
    }
}
