using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Data;
using StatementTracker.Api.Dump;

namespace StatementTracker.Api.Tests.Dump;

/// <summary>Taking a dump over HTTP and restoring one in-process, as the restore command does.</summary>
public static class DumpTestData
{
    /// <summary>GET /v1/export with the admin key; the dump's text.</summary>
    public static async Task<string> ExportAsync(this StatementTrackerApplication app)
    {
        using var response = await app.CreateClient().GetAsync("/v1/export");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Restores <paramref name="dump"/> through <see cref="DumpRestorer"/>, from a stream as the command reads a file.</summary>
    public static async Task<RestoreOutcome> RestoreAsync(this StatementTrackerApplication app, string dump)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(dump));
        return await scope.ServiceProvider.GetRequiredService<DumpRestorer>().RestoreAsync(stream, CancellationToken.None);
    }

    /// <summary>The dump's lines, without the line feed that ends each.</summary>
    public static List<string> Lines(string dump)
    {
        Assert.EndsWith("\n", dump);
        return dump[..^1].Split('\n').ToList();
    }

    public static JsonObject Header(string dump) => JsonNode.Parse(Lines(dump)[0])!.AsObject();

    public static JsonObject Counts(string dump) => JsonNode.Parse(Lines(dump)[^1])!["counts"]!.AsObject();

    /// <summary>Rows of every dumped table, counted in the database itself.</summary>
    public static Dictionary<string, long> CountRows(StatementTrackerApplication app)
    {
        using var connection = app.OpenDatabase();
        return CountRows(connection);
    }

    /// <summary>Rows of every dumped table, counted on <paramref name="connection"/> (a database no application of the run's engine opens).</summary>
    public static Dictionary<string, long> CountRows(System.Data.Common.DbConnection connection)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in DumpStore.Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table.Name}";
            counts[table.Name] = (long)command.ExecuteScalar()!;
        }
        return counts;
    }

    /// <summary>
    /// Each statement's id, flags and parts document (migrations 0016 and 0017), in id order: the two columns a dump
    /// leaves out, since the restore's own writes make them again.
    /// </summary>
    public static List<string> StatementCopies(StatementTrackerApplication app)
    {
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, flags, parts FROM statements ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add($"{reader.GetString(0)} {Convert.ToInt64(reader.GetValue(1))} {(reader.IsDBNull(2) ? "null" : reader.GetString(2))}");
        return rows;
    }

    /// <summary>The number of migrations this version applies: the schema version a dump of it carries.</summary>
    public static int SchemaVersion => Migrator.Embedded().Count;
}
