using System.Data.Common;
using System.Net;

namespace StatementTracker.Api.Tests.Data;

/// <summary>
/// The copies each statement row keeps (statements.flags, statements.parts) stay right when another transaction writes
/// the tables they are copied from at the same time. SQLite has one writer at a time; PostgreSQL has many, so the
/// triggers and the service lock the statement's row before they work a copy out.
/// </summary>
public class ConcurrentCopiesTests
{
    /// <summary>
    /// One transaction adds a link from a statement while another deletes the statement's only other link: the
    /// deletion works the statement's flags out again, and must see the new link once it is committed.
    /// </summary>
    [PostgresFact]
    public async Task ALinkDeletedWhileAnotherIsAddedLeavesTheStatementFlaggedAsLinked()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump", "donald-j-trump");
        var (a, b, c) = (await StatementAsync(client, "2017-07-12"), await StatementAsync(client, "2017-07-10"), await StatementAsync(client, "2017-07-11"));
        var first = (await client.LinkAsync(a, b, "responds_to")).Id();
        await using var adding = app.OpenDatabase();
        await using var deleting = app.OpenDatabase();

        Execute(adding, "BEGIN");
        Execute(adding, $"INSERT INTO links (id, statement_id, target_id, relation, created_at) VALUES ('ln_added', '{a}', '{c}', 'responds_to', '2026-01-01T00:00:00.000Z')");
        Execute(deleting, "BEGIN");
        // Waits for the adding transaction's lock on a's row.
        var delete = Task.Run(() => Execute(deleting, $"DELETE FROM links WHERE id = '{first}'"));
        await Task.Delay(300);
        Execute(adding, "COMMIT");
        await delete.WaitAsync(TimeSpan.FromSeconds(30));
        Execute(deleting, "COMMIT; UPDATE data_version SET version = version + 1");

        Assert.Equal(2L, Convert.ToInt64(Scalar(adding, $"SELECT flags FROM statements WHERE id = '{a}'")) & 2);
        var link = Assert.Single((await client.GetJsonAsync($"/v1/statements/{a}"))["links"]!.AsArray());
        Assert.Equal("ln_added", link.Str("id"));
    }

    /// <summary>
    /// A source added at the table while the service corrects the statement. The correction waits for it and then
    /// writes the sources it read before (a correction replaces them); whatever the tables hold after, the statement's
    /// document must say the same, or be missing.
    /// </summary>
    [PostgresFact]
    public async Task ASourceAddedAtTheTableDuringACorrectionLeavesTheDocumentEqualToTheTables()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump", "donald-j-trump");
        var id = await StatementAsync(client, "2017-07-09");
        await using var writer = app.OpenDatabase();
        // A first write behind the service's back leaves the document missing, so the second one's trigger has none to clear.
        Execute(writer, $"INSERT INTO sources (statement_id, position, url) VALUES ('{id}', 1, 'https://example.org/earlier'); UPDATE data_version SET version = version + 1");

        Execute(writer, "BEGIN");
        Execute(writer, $"INSERT INTO sources (statement_id, position, url) VALUES ('{id}', 5, 'https://example.org/concurrent')");
        var correction = client.PatchJsonAsync($"/v1/statements/{id}", """{"venue": "Bedminster"}""");
        await Task.Delay(300);
        Execute(writer, "COMMIT; UPDATE data_version SET version = version + 1");
        Assert.Equal(HttpStatusCode.OK, (await correction.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);

        var inTables = new List<string>();
        using (var command = writer.CreateCommand())
        {
            command.CommandText = $"SELECT url FROM sources WHERE statement_id = '{id}' ORDER BY position";
            using var reader = command.ExecuteReader();
            while (reader.Read()) inTables.Add(reader.GetString(0));
        }
        var document = Scalar(writer, $"SELECT parts FROM statements WHERE id = '{id}'") as string;
        if (document is not null)
            Assert.Equal(inTables, StatementTracker.Api.Statements.StatementParts.Parse(document).Sources.Select(s => s.Url));
        Assert.Equal(inTables, (await client.GetJsonAsync($"/v1/statements/{id}"))["sources"]!.AsArray().Select(s => s.Str("url")));
    }

    private static async Task<string> StatementAsync(HttpClient client, string saidAt) => (await client.PostJsonAsync("/v1/statements", new
    {
        person = "donald-j-trump", quote = $"Said on {saidAt}.", saidAt, medium = "tweet",
        sources = new[] { new { url = "https://example.org/source" } },
    })).Id();

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
