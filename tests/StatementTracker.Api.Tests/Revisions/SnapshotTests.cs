using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Tests.Imports;
using StatementTracker.Api.Tests.Positions;

namespace StatementTracker.Api.Tests.Revisions;

/// <summary>
/// A statement's revision keeps its state as the statement reads back: the commands may build the snapshot from what
/// they wrote instead of reading it again, but it must come out the same, byte for byte, after every kind of write.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public async Task EveryRevisionHoldsTheStatementExactlyAsItReadsBackAfterEachKindOfWrite()
    {
        await using var app = new StatementTrackerApplication();
        var client = app.CreateClient();
        await client.CreatePersonAsync("Donald J. Trump");
        await client.CreatePersonAsync("Marco Rubio");
        foreach (var topic in new[] { "trade", "nato", "cyber", "taxes", "russia" }) await client.TopicAsync(topic);

        var id = (await client.PostJsonAsync("/v1/statements", new
        {
            person = "donald-j-trump",
            quote = "Putin & I discussed forming an impenetrable “Cyber Security unit”\nso that election hacking… will be guarded.",
            summary = "On a joint cyber unit with Russia.",
            saidAt = "2017-07-09T06:50:24-05:00",
            medium = "tweet",
            venue = "Twitter (@realDonaldTrump)",
            language = "en-US",
            externalId = "twitter:884016887692234753",
            sources = new object[]
            {
                new { url = "https://twitter.com/realDonaldTrump/status/884016887692234753", title = "The tweet", publisher = "Twitter", publishedAt = "2017-07-09T06:50:24-05:00", archiveUrl = "https://web.archive.org/web/2017/https://twitter.com/" },
                new { url = "https://example.org/report" },
            },
            positions = new[] { new { topic = "russia", stance = "supports" }, new { topic = "cyber", stance = "leans_support" } },
            topics = new[] { "trade", "nato" },
        })).Id();
        await AssertSnapshotIsTheStatementAsync(app, id);

        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{id}", """
            {"person":"marco-rubio","wording":"paraphrase","summary":null,"saidAt":"2017-07","sources":[{"url":"https://example.org/other","publishedAt":"2017-07-10"}],
             "positions":[{"topic":"trade","stance":"opposes"},{"topic":"cyber","stance":"undecided"},{"topic":"nato","stance":"supports"}],"topics":["taxes","russia"]}
            """)).StatusCode);
        await AssertSnapshotIsTheStatementAsync(app, id);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/v1/statements/{id}", """{"positions":[],"topics":[],"venue":null,"wording":"exact"}""")).StatusCode);
        await AssertSnapshotIsTheStatementAsync(app, id);
        Assert.Equal(HttpStatusCode.OK, (await client.RetractAsync($"/v1/statements/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/statements/{id}/restore", null)).StatusCode);
        await AssertSnapshotIsTheStatementAsync(app, id);

        const string line = """{"person":"Donald J. Trump","quote":"Imported.","saidAt":"2016-08-31","medium":"speech","externalId":"example:1","sources":[{"url":"https://example.org/1"}],"positions":[{"topic":"trade","stance":"opposes"},{"topic":"nato","stance":"supports"}],"topics":["taxes","cyber"]}""";
        var imported = await client.ImportAsync(line + "\n");
        var importedId = (await client.GetJsonAsync("/v1/statements?person=donald-j-trump&limit=200"))["items"]!.AsArray()
            .Single(s => s!["externalId"]?.GetValue<string>() == "example:1")!.AsObject().Id();
        Assert.Equal(1, imported.Count("statement", "created"));
        await AssertSnapshotIsTheStatementAsync(app, importedId);
        var corrected = await client.ImportAsync(line.Replace("\"Imported.\"", "\"Imported, then corrected.\"").Replace("\"topics\":[\"taxes\",\"cyber\"]", "\"topics\":[\"russia\"]") + "\n");
        Assert.Equal(1, corrected.Count("statement", "updated"));
        await AssertSnapshotIsTheStatementAsync(app, importedId);
    }

    /// <summary>The newest revision's snapshot, as stored, against the snapshot of the statement read back whole.</summary>
    private static async Task AssertSnapshotIsTheStatementAsync(StatementTrackerApplication app, string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var statement = await scope.ServiceProvider.GetRequiredService<StatementStore>().GetAsync(id, CancellationToken.None);
        using var connection = app.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM revisions WHERE entity_type = 'statement' AND entity_id = @id ORDER BY revision DESC LIMIT 1";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("id", id);
        command.Parameters.Add(parameter);
        var stored = (string)command.ExecuteScalar()!;
        Assert.Equal(JsonSerializer.Serialize(StatementSnapshot.Of(statement!, null), RevisionStore.Json), stored);
    }
}
